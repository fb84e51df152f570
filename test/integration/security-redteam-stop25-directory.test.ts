// Attacks tried in stop 25 (docs/security-log.md "Attacks tried in stop 25"), the account directory's part (SPEC §9):
// two accounts whose addresses a directory's FIND folds together. Eve, who holds the password, also has
// an account of her own in the company's application, registered as the holder's address spelled with
// the Kelvin sign (\u212Aarl@…): PostgreSQL's lower(), JavaScript's toLowerCase() and _ci collations fold
// it into karl@…. The December pass made an account found under another spelling no match; two found at
// once were still "several accounts share this address", so the holder's own signed request matched no
// account (ambiguous_account): no ticket for the account, no mail. Real pipeline (PostgreSQL, Redis,
// BullMQ workers, an SMTP sink) with the http directory, mail genuinely DKIM-signed against the offline
// zone; the reference receiver as its own program. Each attack has a control.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tickets } from '../../src/adapters/db/schema/index.ts';
import { createDirectory } from '../../src/adapters/directory/index.ts';
import { signedHeaders } from '../../src/adapters/directory/http-signature.ts';
import type { TestEnv } from '../support/app.ts';
import { startReceiver, type Receiver } from '../support/directory-receiver.ts';
import { deliverOne, rawMessage, request, settleOutbox, sign, signingZone, useFreshEnvsWithSink } from '../support/security.ts';

const { zone, key } = signingZone();
const pipeline = useFreshEnvsWithSink(zone);
const HOLDER = { id: 'u-karl', email: 'karl@genuine.example', fullName: 'Karl Holder', organisations: ['Genuine BV'], totpEnabled: true, version: '1' };
const EVE = { ...HOLDER, id: 'u-eve', email: '\u212Aarl@genuine.example', fullName: 'Karl Holder', version: '1' };

// A company directory whose lookup compares with toLowerCase() (as `lower(email) = lower($1)` does).
let accounts: (typeof HOLDER)[] = [];
let server: Server;
let url = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const asked = String((JSON.parse(body || '{}') as { email?: string }).email ?? '').toLowerCase();
      const found = req.url?.endsWith('/lookup') ? accounts.filter((a) => a.email.toLowerCase() === asked) : [];
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accounts: found }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/directory`;
});
afterAll(() => server?.close());

async function httpEnv(): Promise<TestEnv> {
  const e = await pipeline.freshEnv({
    ACCOUNT_DIRECTORY: 'http',
    DIRECTORY_HTTP_URL: url,
    DIRECTORY_HTTP_SECRET: 's'.repeat(32),
    DIRECTORY_HTTP_TIMEOUT: '2s',
  });
  e.startWorker();
  return e;
}
const holderRequest = () =>
  sign(rawMessage({ from: `Karl Holder <${HOLDER.email}>`, body: request('Karl Holder', 'Genuine BV') }), { domain: 'genuine.example', key });

describe('Eve’s own account, registered as the holder’s address with a Kelvin sign, beside the holder’s', () => {
  test('the holder’s signed request still matches the holder’s account, and is acknowledged there', async () => {
    accounts = [HOLDER, EVE];
    const e = await httpEnv();
    const row = await deliverOne(e, await holderRequest());
    // Before: `ticket_opened` as unmatched, reason ambiguous_account, for no account, no mail.
    expect(row).toMatchObject({ authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' });
    const [ticket] = await e.app.deps.db.select().from(tickets).where(eq(tickets.id, row.ticketId!));
    expect(ticket?.status).not.toBe('unmatched');
    expect(ticket?.signals.onFile).toMatchObject({ id: HOLDER.id, email: HOLDER.email });
    await settleOutbox(e);
    expect(pipeline.sink().messages.filter((m) => m.envelope.to.includes(HOLDER.email))).toHaveLength(1);
  });

  test('control: two accounts that are one mailbox (ASCII case aside) are still ambiguous: no match, no mail', async () => {
    accounts = [HOLDER, { ...HOLDER, id: 'u-karl-2', email: 'Karl@genuine.example' }];
    const e = await httpEnv();
    const before = pipeline.sink().messages.length;
    const row = await deliverOne(e, await holderRequest());
    const [ticket] = await e.app.deps.db.select().from(tickets).where(eq(tickets.id, row.ticketId!));
    expect(ticket).toMatchObject({ status: 'unmatched', accountId: null });
    expect(ticket?.signals.unmatchedReason).toBe('ambiguous_account');
    await settleOutbox(e);
    expect(pipeline.sink().messages.length).toBe(before);
  });

  test('control: Eve’s account alone is no match for the holder’s address (held since December)', async () => {
    accounts = [EVE];
    const e = await httpEnv();
    const row = await deliverOne(e, await holderRequest());
    const [ticket] = await e.app.deps.db.select().from(tickets).where(eq(tickets.id, row.ticketId!));
    expect(ticket).toMatchObject({ status: 'unmatched', accountId: null });
  });
});

describe('the reference receiver a company copies (examples/directory-receiver)', () => {
  let receiver: Receiver;
  const SECRET = 'stop25-directory-secret-0123456789abcdef';
  beforeAll(async () => {
    receiver = await startReceiver(SECRET, '/directory');
  });
  afterAll(async () => {
    await receiver?.stop();
  });
  const find = (email: string) =>
    createDirectory(
      { ACCOUNT_DIRECTORY: 'http', DIRECTORY_HTTP_URL: receiver.url, DIRECTORY_HTTP_SECRET: SECRET, DIRECTORY_HTTP_TIMEOUT: 2000 } as Parameters<
        typeof createDirectory
      >[0],
      () => {
        throw new Error('no own database here');
      },
    ).find(email);

  test('its lookup lower-cases ASCII letters only: the Kelvin-sign account is not the holder’s', async () => {
    await receiver.seed([HOLDER, EVE]);
    const lookup = async (email: string) => {
      const body = JSON.stringify({ email });
      const response = await fetch(`${receiver.url}/lookup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signedHeaders(SECRET, { method: 'POST', path: '/lookup', body }) },
        body,
      });
      return ((await response.json()) as { accounts: { id: string }[] }).accounts.map((a) => a.id);
    };
    // Before: its toLowerCase() folded \u212A into k and answered both accounts to the holder's lookup.
    expect(await lookup(HOLDER.email)).toEqual([HOLDER.id]);
    expect(await lookup('KARL@genuine.example')).toEqual([HOLDER.id]);
    expect(await lookup(EVE.email)).toEqual([EVE.id]);
    // And recovery-desk, whatever a directory answers, takes only the holder's mailbox.
    expect(await find(HOLDER.email)).toMatchObject({ kind: 'one', account: { id: HOLDER.id } });
  });
});
