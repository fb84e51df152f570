// SPEC §9, the http directory: our client against the reference receiver
// (examples/directory-receiver/server.mjs) running for real as its own process.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { DirectoryError, createHttpDirectory } from '../../src/adapters/directory/http.ts';
import { signedHeaders } from '../../src/adapters/directory/http-signature.ts';
import { readBack } from '../../src/adapters/directory/read-back.ts';
import type { AccountDirectory, DirectoryAccount } from '../../src/core/directory.ts';
import { ERRORS } from '../../src/core/errors.ts';
import { startReceiver, type Receiver } from '../support/directory-receiver.ts';

const SECRET = 'receiver-shared-secret-0123456789abcdef';
const WRONG_SECRET = 'not-the-shared-secret-fedcba9876543210';
const BASE_PATH = '/company/recovery-desk';
const ALICE = { id: 'org/42 alice', email: 'alice@example.com', fullName: 'Alice Martin', organisations: ['Northwind'], totpEnabled: true, version: '7' };
const TWINS = [
  { id: 't1', email: 'shared@example.com' },
  { id: 't2', email: 'shared@example.com' },
];

let receiver: Receiver;
let directory: AccountDirectory;

const client = (overrides: { secret?: string; timeoutMs?: number; url?: string } = {}) =>
  createHttpDirectory({ url: overrides.url ?? receiver.url, secret: overrides.secret ?? SECRET, timeoutMs: overrides.timeoutMs ?? 5_000 });

async function failure(promise: Promise<unknown>): Promise<DirectoryError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DirectoryError);
  return error as DirectoryError;
}

async function alice(): Promise<DirectoryAccount> {
  const found = await directory.find(ALICE.email);
  if (found.kind !== 'one') throw new Error(`expected one account, got ${found.kind}`);
  return found.account;
}

beforeAll(async () => {
  receiver = await startReceiver(SECRET, BASE_PATH);
  directory = client();
});
afterAll(async () => {
  await receiver?.stop();
});
beforeEach(async () => {
  await receiver.seed([ALICE, ...TWINS]);
});

describe('find', () => {
  test('an address is none, one, or ambiguous — never the first hit', async () => {
    expect(await directory.find('nobody@example.com')).toEqual({ kind: 'none' });
    expect(await directory.find('alice@example.com')).toEqual({ kind: 'one', account: ALICE });
    expect(await directory.find('shared@example.com')).toEqual({ kind: 'ambiguous', count: 2 });
  });

  test('the paths are appended to the URL’s own path (a trailing slash changes nothing)', async () => {
    expect((await client({ url: `${receiver.url}/` }).find(ALICE.email)).kind).toBe('one');
    const error = await failure(client({ url: receiver.origin }).find(ALICE.email));
    expect(error).toMatchObject({ code: 'directory.refused', status: 404 });
  });

  test('a malformed answer is a clear error, not an account', async () => {
    await receiver.fail('malformed');
    const error = await failure(directory.find(ALICE.email));
    expect(error.code).toBe('directory.bad_answer');
    expect(error.message).toMatch(/accounts\.0\.email/);
  });

  test('check() looks up the reserved address and accepts a well-formed answer', async () => {
    await expect(directory.check()).resolves.toBeUndefined();
    await receiver.fail('malformed');
    const error = await failure(directory.check());
    expect(error.message).toMatch(/^DIRECTORY_HTTP_URL: /);
  });
});

describe('reset', () => {
  test('a reset removes the second factor, and the read-back shows it gone', async () => {
    const account = await alice();
    expect(await directory.resetSecondFactor(account, 'ticket-RD-1')).toEqual({ totpEnabled: false, recoveryCodesRemoved: true, sessionsRevoked: true });
    const after = await readBack(directory, account);
    expect(after).toMatchObject({ kind: 'second_factor_gone', account: { id: ALICE.id, totpEnabled: false } });
    expect((await receiver.state()).resets).toBe(1);
  });

  test('a replayed idempotency key gets the same answer, and the receiver resets once', async () => {
    const account = await alice();
    const first = await directory.resetSecondFactor(account, 'ticket-RD-2');
    // The retry carries the version the lookup gave, which the first reset moved: still the stored answer.
    const again = await directory.resetSecondFactor(account, 'ticket-RD-2');
    expect(again).toEqual(first);
    expect((await receiver.state()).resets).toBe(1);
  });

  test('the same idempotency key for another account is refused, not retried', async () => {
    const account = await alice();
    await directory.resetSecondFactor(account, 'ticket-RD-3');
    const error = await failure(directory.resetSecondFactor({ ...account, id: 't1', version: '1' }, 'ticket-RD-3'));
    expect(error).toMatchObject({ code: 'directory.refused', status: 422 });
    expect(ERRORS[error.code].retryable).toBe(false);
    expect((await receiver.state()).resets).toBe(1);
  });

  test('a changed version answers 409: its own code, not retryable', async () => {
    const stale = await alice();
    await directory.resetSecondFactor(stale, 'someone-else'); // the account moves on (version 7 → 8)
    const error = await failure(directory.resetSecondFactor(stale, 'ticket-RD-4'));
    expect(error).toMatchObject({ code: 'directory.version_changed', status: 409 });
    expect(ERRORS[error.code].retryable).toBe(false);
    expect((await receiver.state()).resets).toBe(1);
  });

  test('a 200 whose read-back still shows 2FA is reported by the read-back, never as gone', async () => {
    const account = await alice();
    await receiver.fail('lie');
    expect((await directory.resetSecondFactor(account, 'ticket-RD-5')).totpEnabled).toBe(false);
    await receiver.fail(null);
    expect(await readBack(directory, account)).toMatchObject({ kind: 'still_enrolled', account: { totpEnabled: true } });
  });

  test('a read-back finding no account, or another one, says the account changed', async () => {
    const account = await alice();
    await receiver.seed([{ ...ALICE, id: 'someone-new' }]);
    expect(await readBack(directory, account)).toEqual({ kind: 'account_changed', found: 'other_account' });
    await receiver.seed([]);
    expect(await readBack(directory, account)).toEqual({ kind: 'account_changed', found: 'none' });
  });
});

describe('failures the outbox retries', () => {
  test('a 5xx is directory.unavailable, retryable', async () => {
    const account = await alice();
    await receiver.fail('500');
    const error = await failure(directory.resetSecondFactor(account, 'ticket-RD-6'));
    expect(error).toMatchObject({ code: 'directory.unavailable', status: 503 });
    expect(ERRORS[error.code].retryable).toBe(true);
  });

  test('a time-out is directory.unavailable, retryable', async () => {
    const account = await alice();
    await receiver.fail('hang');
    const started = Date.now();
    const error = await failure(client({ timeoutMs: 300 }).resetSecondFactor(account, 'ticket-RD-7'));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.code).toBe('directory.unavailable');
    expect(error.message).toMatch(/no answer within 300 ms/);
  });

  test('a refused connection is directory.unavailable, retryable', async () => {
    const stopped = await startReceiver(SECRET, BASE_PATH);
    await stopped.stop();
    const error = await failure(client({ url: stopped.url }).find(ALICE.email));
    expect(error.code).toBe('directory.unavailable');
    expect(error.message).toMatch(/ECONNREFUSED/);
  });
});

describe('the signature', () => {
  test('a client with the wrong secret gets 401 and an error naming neither secret', async () => {
    const error = await failure(client({ secret: WRONG_SECRET }).find(ALICE.email));
    expect(error).toMatchObject({ code: 'directory.refused', status: 401 });
    expect(error.message).toMatch(/signature was refused/);
    const everything = `${error.message} ${error.stack ?? ''} ${JSON.stringify(error)} ${String(error)}`;
    for (const secret of [SECRET, WRONG_SECRET]) expect(everything).not.toContain(secret);
    expect((await receiver.state()).refused).toBe(1);
  });

  test('a reset re-sent ten minutes later (or dated ten minutes ahead) is refused, though its signature is right', async () => {
    const account = await alice();
    const body = '{}';
    const path = `/accounts/${encodeURIComponent(account.id)}/reset-2fa`;
    const send = (at: Date) =>
      fetch(`${receiver.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'Idempotency-Key': 'captured',
          'If-Match': account.version!,
          ...signedHeaders(SECRET, { method: 'POST', path, body, idempotencyKey: 'captured', ifMatch: account.version! }, at),
        },
        body,
      });
    for (const at of [new Date(Date.now() - 10 * 60_000), new Date(Date.now() + 10 * 60_000)]) {
      const replayed = await send(at);
      expect(replayed.status).toBe(401);
      expect(await replayed.json()).toEqual({ error: 'timestamp outside the allowed window' });
    }
    expect(await receiver.state()).toMatchObject({ resets: 0, refused: 2 });
    expect((await send(new Date())).status).toBe(200); // the same request, sent now
    expect((await receiver.state()).resets).toBe(1);
  });

  test('a body changed after signing is refused', async () => {
    const headers = signedHeaders(SECRET, { method: 'POST', path: '/lookup', body: JSON.stringify({ email: ALICE.email }) });
    const response = await fetch(`${receiver.url}/lookup`, { method: 'POST', headers, body: JSON.stringify({ email: 'shared@example.com' }) });
    expect(response.status).toBe(401);
  });

  test('the receiver never printed a secret', () => {
    expect(receiver.output()).not.toContain(SECRET);
  });
});

// docs/directory-api.yaml read as YAML by python3's yaml when the machine has it (no YAML parser among our dependencies).
const yaml = readFileSync(new URL('../../docs/directory-api.yaml', import.meta.url), 'utf8');
const parsed = spawnSync('python3', ['-c', 'import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'], { input: yaml, encoding: 'utf8' });
const contract = parsed.status === 0 ? (JSON.parse(parsed.stdout) as OpenApi) : null;

interface OpenApi {
  openapi: string;
  paths: Record<string, { post: { parameters: ({ name: string } | { $ref: string })[] } }>;
  components: { parameters: Record<string, { name: string; schema: { pattern: string } }>; schemas: Record<string, { required: string[] }> };
}

describe('docs/directory-api.yaml', () => {
  test('names both operations, the signature headers and the schemas', () => {
    expect(yaml).toMatch(/^openapi: 3\.1\.\d+$/m);
    for (const text of [
      '/lookup:',
      '/accounts/{id}/reset-2fa:',
      'X-Recovery-Desk-Timestamp',
      'X-Recovery-Desk-Signature',
      'X-Recovery-Desk-Signature-V2',
      'recovery-desk-v2',
      'Idempotency-Key',
      'If-Match',
      "'409':",
    ]) {
      expect(yaml).toContain(text);
    }
  });

  test.skipIf(contract === null)('parses as YAML and describes what the client sends and reads', async () => {
    const api = contract!;
    expect(api.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(api.paths).sort()).toEqual(['/accounts/{id}/reset-2fa', '/lookup']);
    const headerNames = (path: string) =>
      api.paths[path]!.post.parameters.map((p) => ('$ref' in p ? api.components.parameters[p.$ref.split('/').pop()!]!.name : p.name));
    const signed = signedHeaders(SECRET, { method: 'POST', path: '/lookup', body: '{}' });
    const sent = Object.keys(signed);
    expect(headerNames('/lookup')).toEqual(expect.arrayContaining(sent));
    expect(headerNames('/accounts/{id}/reset-2fa')).toEqual(expect.arrayContaining([...sent, 'Idempotency-Key', 'If-Match', 'id']));
    expect(signed['X-Recovery-Desk-Signature']).toMatch(new RegExp(api.components.parameters.Signature!.schema.pattern));
    expect(signed['X-Recovery-Desk-Signature-V2']).toMatch(new RegExp(api.components.parameters.SignatureV2!.schema.pattern));
    const account = await alice();
    expect([...api.components.schemas.Account!.required].sort()).toEqual(Object.keys(account).sort());
    const report = await directory.resetSecondFactor(account, 'ticket-RD-openapi');
    expect([...api.components.schemas.ResetReport!.required].sort()).toEqual(Object.keys(report).sort());
  });
});
