// Stop 27, second pass: the http directory's v1 signature (SPEC §9) covers "<timestamp>.<body>" only,
// and a reset's body is always {}: the headers of ONE signed reset, as a proxy or a log sees them,
// reset ANY account within the receiver's window. recovery-desk now also sends v2
// (X-Recovery-Desk-Signature-V2), binding the method, path, Idempotency-Key, If-Match and body; the
// reference receiver (examples/directory-receiver/server.mjs) verifies it and, by default, requires it.
// Real HTTP on loopback: our client → a recording proxy (what a proxy, an APM or a log keeps) → the
// reference receiver as its own process.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { checkDirectory } from '../../src/adapters/directory/health.ts';
import { createHttpDirectory } from '../../src/adapters/directory/http.ts';
import { signedHeaders } from '../../src/adapters/directory/http-signature.ts';
import { readBack } from '../../src/adapters/directory/read-back.ts';
import type { AccountDirectory, DirectoryAccount } from '../../src/core/directory.ts';
import { startReceiver, type Receiver } from '../support/directory-receiver.ts';

const SECRET = 'stop27-v2-shared-secret-0123456789abcdef';
const BASE_PATH = '/company/recovery-desk';
const EVE = { id: 'eve-7', email: 'eve@example.com', fullName: 'Eve', organisations: ['Northwind'], totpEnabled: true, version: '3' };
const BOB = { id: 'org/42 bob', email: 'bob@example.com', fullName: 'Bob Builder', organisations: ['Northwind'], totpEnabled: true, version: '11' };
const resetPath = (id: string) => `/accounts/${encodeURIComponent(id)}/reset-2fa`;

interface Captured {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A reverse proxy on loopback that forwards to the receiver and keeps every request it saw. */
async function recordingProxy(target: string): Promise<{ url: string; seen: Captured[]; close: () => Promise<void> }> {
  const seen: Captured[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method!, path: req.url!, headers: { ...req.headers }, body });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string' && name !== 'host' && name !== 'connection') headers[name] = value;
      fetch(`${target}${req.url}`, { method: req.method, headers, body })
        .then(async (answer) => {
          res.writeHead(answer.status, { 'content-type': 'application/json' });
          res.end(await answer.text());
        })
        .catch(() => {
          res.writeHead(502);
          res.end();
        });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** What a receiver that knows only SPEC §9's v1 checks: the timestamp window and HMAC("<timestamp>.<body>"). */
function v1OnlyAccepts(headers: Record<string, string>, body: string): boolean {
  const timestamp = headers['x-recovery-desk-timestamp'] ?? '';
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const expected = Buffer.from(`v1=${createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex')}`);
  const given = Buffer.from(headers['x-recovery-desk-signature'] ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The headers an attacker takes from a captured request (its signature headers and the reset's two). */
function taken(captured: Captured, { dropV2 = false } = {}): Record<string, string> {
  const names = ['x-recovery-desk-timestamp', 'x-recovery-desk-signature', 'idempotency-key', 'if-match', ...(dropV2 ? [] : ['x-recovery-desk-signature-v2'])];
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const name of names) if (typeof captured.headers[name] === 'string') headers[name] = captured.headers[name];
  return headers;
}

let receiver: Receiver;
let v1Receiver: Receiver;
let proxy: Awaited<ReturnType<typeof recordingProxy>>;
let directory: AccountDirectory;

beforeAll(async () => {
  [receiver, v1Receiver] = await Promise.all([startReceiver(SECRET, BASE_PATH), startReceiver(SECRET, BASE_PATH, { REQUIRE_V2: '0' })]);
  proxy = await recordingProxy(receiver.origin);
  directory = createHttpDirectory({ url: `${proxy.url}${BASE_PATH}`, secret: SECRET, timeoutMs: 5_000 });
});
afterAll(async () => {
  await proxy?.close();
  await Promise.all([receiver?.stop(), v1Receiver?.stop()]);
});
beforeEach(async () => {
  proxy.seen.length = 0;
  await Promise.all([receiver.seed([EVE, BOB]), v1Receiver.seed([EVE, BOB])]);
});

async function one(email: string): Promise<DirectoryAccount> {
  const found = await directory.find(email);
  if (found.kind !== 'one') throw new Error(`expected one account, got ${found.kind}`);
  return found.account;
}

/** Eve's own genuine reset, through the proxy: the request whose headers leak. */
async function evesCapturedReset(): Promise<Captured> {
  await directory.resetSecondFactor(await one(EVE.email), 'ticket-RD-eve-reset');
  const captured = proxy.seen.find((request) => request.path.endsWith('/reset-2fa'));
  expect(captured).toBeDefined();
  return captured!;
}

const post = (target: Receiver, path: string, headers: Record<string, string>, body: string) =>
  fetch(`${target.url}${path}`, { method: 'POST', headers, body });

describe('the genuine requests pass', () => {
  test('lookup, reset and read-back through the receiver that requires v2, each request carrying v1 and v2', async () => {
    const bob = await one(BOB.email);
    expect(await directory.resetSecondFactor(bob, 'ticket-RD-bob-reset')).toEqual({ totpEnabled: false, recoveryCodesRemoved: true, sessionsRevoked: true });
    expect(await readBack(directory, bob)).toMatchObject({ kind: 'second_factor_gone' });
    for (const request of proxy.seen) {
      expect(request.headers['x-recovery-desk-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
      expect(request.headers['x-recovery-desk-signature-v2']).toMatch(/^v2=[0-9a-f]{64}$/);
    }
    expect(proxy.seen.map((request) => request.path)).toEqual([`${BASE_PATH}/lookup`, `${BASE_PATH}${resetPath(BOB.id)}`, `${BASE_PATH}/lookup`]);
    expect(await receiver.state()).toMatchObject({ resets: 1, refused: 0 });
  });

  test('the same reset sent again unchanged within the window resets nothing more: its Idempotency-Key answers the stored answer', async () => {
    const captured = await evesCapturedReset();
    const again = await post(receiver, captured.path.slice(BASE_PATH.length), taken(captured), captured.body);
    expect(again.status).toBe(200);
    expect(await receiver.state()).toMatchObject({ resets: 1, refused: 0 });
  });

  test('doctor and `directory check` (a signed /lookup) still pass against the receiver that requires v2', async () => {
    const outcome = await checkDirectory({
      ACCOUNT_DIRECTORY: 'http',
      DIRECTORY_HTTP_URL: receiver.url,
      DIRECTORY_HTTP_SECRET: SECRET,
      DIRECTORY_HTTP_TIMEOUT: 5_000,
    } as Parameters<typeof checkDirectory>[0]);
    expect(outcome).toMatchObject({ status: 'pass' });
    expect((await receiver.state()).refused).toBe(0);
  });
});

describe("one signed reset's headers replayed at another account's path", () => {
  test('a v1-only check accepts them, and a receiver that does not require v2 resets Bob when v2 is dropped', async () => {
    const captured = await evesCapturedReset();
    const replay: Record<string, string> = { ...taken(captured, { dropV2: true }), 'idempotency-key': 'fresh-key-1' };
    delete replay['if-match'];
    // SPEC §9's v1 alone: the timestamp is fresh and HMAC("<timestamp>.{}") is the same for every account.
    expect(v1OnlyAccepts(replay, captured.body)).toBe(true);
    const answer = await post(v1Receiver, resetPath(BOB.id), replay, captured.body);
    expect(answer.status).toBe(200);
    const bob = (await v1Receiver.state()).accounts.find((account) => account.id === BOB.id)!;
    expect(bob.totpEnabled).toBe(false); // the hole, where a receiver keeps accepting v1 alone
  });

  test('the reference receiver refuses them, with v2 or without it, with or without If-Match, and Bob keeps his 2FA', async () => {
    const captured = await evesCapturedReset();
    const attempts: Record<string, string>[] = [
      taken(captured), // everything Eve's reset carried, at Bob's path
      { ...taken(captured), 'idempotency-key': 'fresh-key-2' },
      (({ 'if-match': _, ...rest }) => ({ ...rest, 'idempotency-key': 'fresh-key-3' }))(taken(captured)),
      { ...taken(captured), 'if-match': BOB.version, 'idempotency-key': 'fresh-key-4' },
      taken(captured, { dropV2: true }),
      (({ 'if-match': _, ...rest }) => ({ ...rest, 'idempotency-key': 'fresh-key-5' }))(taken(captured, { dropV2: true })),
    ];
    for (const headers of attempts) {
      expect(v1OnlyAccepts(headers, captured.body)).toBe(true);
      const answer = await post(receiver, resetPath(BOB.id), headers, captured.body);
      expect(answer.status, JSON.stringify(headers)).toBe(401);
      expect((await answer.json()) as { error: string }).toEqual({
        error: headers['x-recovery-desk-signature-v2'] ? 'v2 signature does not match this request' : 'missing v2 signature (X-Recovery-Desk-Signature-V2)',
      });
    }
    const state = await receiver.state();
    expect(state).toMatchObject({ resets: 1, refused: attempts.length });
    expect(state.accounts.find((account) => account.id === BOB.id)).toMatchObject({ totpEnabled: true, version: BOB.version });
  });

  test('a receiver that does not require v2 still refuses them when they carry v2', async () => {
    const captured = await evesCapturedReset();
    const answer = await post(v1Receiver, resetPath(BOB.id), { ...taken(captured), 'idempotency-key': 'fresh-key-6' }, captured.body);
    expect(answer.status).toBe(401);
    expect((await v1Receiver.state()).accounts.find((account) => account.id === BOB.id)).toMatchObject({ totpEnabled: true });
  });
});

describe('a reset changed after signing is refused', () => {
  test('another Idempotency-Key or another If-Match at the same account', async () => {
    // Signed by our own signer, never sent: the reset a leak of its headers would carry.
    const eve = await one(EVE.email);
    const path = resetPath(EVE.id);
    const headers = {
      'content-type': 'application/json',
      'Idempotency-Key': 'ticket-RD-eve-reset',
      'If-Match': eve.version!,
      ...signedHeaders(SECRET, { method: 'POST', path, body: '{}', idempotencyKey: 'ticket-RD-eve-reset', ifMatch: eve.version! }),
    };
    for (const changed of [
      { ...headers, 'Idempotency-Key': 'ticket-RD-other' },
      { ...headers, 'If-Match': '4' },
      (({ 'If-Match': _, ...rest }) => rest)(headers),
    ]) {
      const answer = await post(receiver, path, changed, '{}');
      expect(answer.status, JSON.stringify(changed)).toBe(401);
    }
    expect(await receiver.state()).toMatchObject({ resets: 0, refused: 3 });
    expect((await post(receiver, path, headers, '{}')).status).toBe(200); // the request as signed
    expect((await receiver.state()).resets).toBe(1);
  });
});

describe('a signed lookup replayed', () => {
  test("at a reset's path: a v1-only check accepts it, the reference receiver refuses it", async () => {
    await one(EVE.email);
    const lookup = proxy.seen.find((request) => request.path.endsWith('/lookup'))!;
    const headers = { ...taken(lookup), 'idempotency-key': 'fresh-key-7' };
    expect(v1OnlyAccepts(headers, lookup.body)).toBe(true);
    const answer = await post(receiver, resetPath(BOB.id), headers, lookup.body);
    expect(answer.status).toBe(401);
    expect((await post(v1Receiver, resetPath(BOB.id), taken(lookup, { dropV2: true }), lookup.body)).status).toBe(400); // v1 alone passed; only the missing key stopped it
    expect((await post(v1Receiver, resetPath(BOB.id), { ...taken(lookup, { dropV2: true }), 'idempotency-key': 'k' }, lookup.body)).status).toBe(200);
    expect((await receiver.state()).accounts.find((account) => account.id === BOB.id)).toMatchObject({ totpEnabled: true });
  });
});
