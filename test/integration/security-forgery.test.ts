// Issue 10 items 4, 6 and 7 (SPEC §6 rule 16, §5): forgeries never silence the holder. Forged
// requests are counted apart and never use up the holder's allowance; a forged request that came
// first does not absorb the holder's signed one; a forged Message-ID does not turn the holder's
// request into a "duplicate"; a DKIM signature seen before is a replay. Held mail stays visible.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { tickets } from '../../src/adapters/db/schema/index.ts';
import { consoleTicket } from '../../src/steps/console-view.ts';
import { rejectTicket } from '../../src/steps/reject-ticket.ts';
import { seedAccount, seedAgent, TEST_AUTHSERV, type TestEnv } from '../support/app.ts';
import {
  deliver,
  deliverOne,
  detailOf,
  expectTwoFactorUntouched,
  rawMessage,
  recipients,
  request,
  rsaKey,
  settleOutbox,
  sign,
  ticketCount,
  signingZone,
  useFreshEnvsWithSink,
} from '../support/security.ts';

const { zone, key } = signingZone();
const pipeline = useFreshEnvsWithSink(zone);

const HOLDER = 'victor@genuine.example';
const HOLDER_TEXT = request('Victor Holder', 'Genuine BV');
// What an attacker who knows the password writes: their own name, firm and callback number.
const FORGED_TEXT = `Hello,

I lost my phone and my authenticator app, I cannot log in any more. Please reset my 2FA
quickly and call me back on +32 470 99 99 99.

My name is Mallory Forger and I manage the account of Evil Trading BV.

Best regards,
Mallory Forger
Evil Trading BV`;

/** A message as the holder's client writes it, dated now (signatures are judged fresh). */
function mail(body: string, opts: { messageId?: string; subject?: string; from?: string } = {}): string {
  const raw = rawMessage({
    from: opts.from ?? `Victor Holder <${HOLDER}>`,
    body,
    ...(opts.messageId ? { messageId: opts.messageId } : {}),
    ...(opts.subject ? { subject: opts.subject } : {}),
  });
  return raw.replace(/^Date: .*$/m, `Date: ${new Date().toUTCString()}`);
}
const signed = (raw: string) => sign(raw, { domain: 'genuine.example', key });
/** The same bytes again through another relay: a double delivery, or a replay. */
const relayed = (raw: string) => `Received: from relay9.example by mx.bpart.test; ${new Date().toUTCString()}\r\n${raw}`;

async function holderEnv(): Promise<TestEnv> {
  const e = await pipeline.freshEnv({ RECOVERY_CHALLENGE: 'link' });
  await seedAccount(e, { email: HOLDER, fullName: 'Victor Holder', organisations: ['Genuine BV'] });
  e.startWorker();
  return e;
}

const confirmLinks = () => pipeline.sink().messages.filter((m) => /\/r\/confirm\/[A-Za-z0-9_-]+/.test(m.parsed.text ?? ''));

describe('forged requests do not use up the holder’s allowance', () => {
  test('five forged requests as the holder, then the genuine one: authenticated, acknowledged, link sent; the same text forged is still throttled', async () => {
    const e = await holderEnv();
    const forged = await deliver(
      e,
      Array.from({ length: 6 }, (_, i) => mail(FORGED_TEXT, { subject: `2FA reset ${i}` })),
    );
    expect(forged.filter((r) => r.reason === 'throttled_unauthenticated_sender')).toHaveLength(1);
    expect(recipients(pipeline.sink())).toEqual([]);

    const genuine = await deliverOne(e, await signed(mail(HOLDER_TEXT)));
    expect(genuine).toMatchObject({ outcome: 'ticket_updated', authenticated: true });
    const detail = await detailOf(e, genuine);
    expect(detail.signals).toMatchObject({ senderAuthenticated: true, authReason: 'dkim_aligned_pass' });
    expect(detail.status).toBe('waiting_confirmation');
    expect(detail.replies.map((r) => [r.kind, r.to])).toEqual([['acknowledgement', HOLDER]]);
    expect(recipients(pipeline.sink())).toEqual([HOLDER]);
    expect(confirmLinks()).toHaveLength(1);

    // Control: the very same request, unsigned, is one more forgery and stays throttled.
    const control = await deliverOne(e, mail(HOLDER_TEXT));
    expect(control).toMatchObject({ outcome: 'ignored', reason: 'throttled_unauthenticated_sender', authenticated: false });
    expect(recipients(pipeline.sink())).toEqual([HOLDER]);
    await expectTwoFactorUntouched(e);
  });

  test('a forged flood from another sender is still throttled, and so is a genuine flood', async () => {
    const e = await holderEnv();
    await seedAccount(e, { email: 'olga@other.example', fullName: 'Olga Other', organisations: ['Other NV'] });
    const forged = await deliver(
      e,
      Array.from({ length: 6 }, (_, i) => mail(request('Olga Other', 'Other NV'), { from: 'olga@other.example', subject: `help ${i}` })),
    );
    expect(forged.filter((r) => r.reason === 'throttled_unauthenticated_sender')).toHaveLength(1);
    const genuine = await deliver(e, await Promise.all(Array.from({ length: 6 }, (_, i) => signed(mail(HOLDER_TEXT, { subject: `Lost my 2FA (${i})` })))));
    expect(genuine.filter((r) => r.reason === 'throttled_sender')).toHaveLength(1);
    expect(recipients(pipeline.sink())).toEqual([HOLDER]);
  });

  test('strangers signing at the holder’s provider use up the domain allowance, not the holder’s', async () => {
    const e = await holderEnv();
    const strangers = await deliver(
      e,
      await Promise.all(
        Array.from({ length: 31 }, (_, i) => signed(mail(request(`Stranger Number${i}`, 'Nowhere BV'), { from: `stranger${i}@genuine.example` }))),
      ),
      40_000,
    );
    expect(strangers.filter((r) => r.reason === 'throttled_domain')).toHaveLength(1);
    pipeline.sink().clear();
    const genuine = await deliverOne(e, await signed(mail(HOLDER_TEXT)));
    expect(genuine).toMatchObject({ outcome: 'ticket_opened', authenticated: true });
    expect(recipients(pipeline.sink())).toEqual([HOLDER]);
    // Control: one more stranger at that domain is still throttled.
    const control = await deliverOne(e, await signed(mail(request('Stranger Late', 'Nowhere BV'), { from: 'stranger-late@genuine.example' })));
    expect(control).toMatchObject({ outcome: 'ignored', reason: 'throttled_domain' });
  });

  test('throttled and duplicate messages are listed with their reason by `quarantine list --held --json`', async () => {
    const e = await holderEnv();
    await deliver(
      e,
      Array.from({ length: 6 }, (_, i) => mail(FORGED_TEXT, { subject: `2FA reset ${i}` })),
    );
    const original = await signed(mail(HOLDER_TEXT));
    const first = await deliverOne(e, original);
    const again = await deliverOne(e, relayed(original));
    expect(again).toMatchObject({ outcome: 'ignored', reason: 'duplicate_message_id', ticketId: first.ticketId });

    const { stdout } = await promisify(execFile)(process.execPath, [path.resolve('src/cli.ts'), 'quarantine', 'list', '--held', '--json'], { env: cliEnv(e) });
    const held = JSON.parse(stdout) as { id: number; reason: string; why: string; fromAddress: string; authenticated: boolean; ticketRef: string | null }[];
    const [ticket] = await e.app.deps.db.select({ ref: tickets.ref }).from(tickets);
    expect(held.map((h) => [h.reason, h.fromAddress, h.authenticated, h.ticketRef])).toEqual([
      ['duplicate_message_id', HOLDER, true, ticket!.ref],
      ['throttled_unauthenticated_sender', HOLDER, false, null],
    ]);
    expect(held.every((h) => h.why.length > 10)).toBe(true);
  });
});

describe('a forged request that came first does not absorb the holder’s', () => {
  test('forged first, then genuine: competing_requests, acknowledgement and link to the stored address, the genuine fields', async () => {
    const e = await holderEnv();
    const forged = await deliverOne(e, mail(FORGED_TEXT));
    expect(forged.outcome).toBe('ticket_opened');
    const genuine = await deliverOne(e, await signed(mail(HOLDER_TEXT)));
    expect(genuine).toMatchObject({ outcome: 'ticket_updated', reason: 'competing_requests', ticketId: forged.ticketId });

    const detail = await detailOf(e, genuine);
    expect(detail.signals).toMatchObject({ senderAuthenticated: true, authReason: 'dkim_aligned_pass', nameMatch: 'match', organisationMatch: 'match' });
    expect(detail.signals.flags).toContain('competing_requests');
    expect(detail.fields).toMatchObject({ fullName: 'Victor Holder', organisation: 'Genuine BV' });
    expect(JSON.stringify(detail.fields)).not.toContain('99 99 99');
    expect(detail.status).toBe('waiting_confirmation');
    expect(detail.replies.map((r) => [r.kind, r.to])).toEqual([['acknowledgement', HOLDER]]);
    expect(recipients(pipeline.sink())).toEqual([HOLDER]);
    expect(confirmLinks()).toHaveLength(1);
    // The forgery stays on the ticket for agents, with what it claimed.
    const shown = await consoleTicket(e.app.deps, detail.ref);
    expect(shown!.messages.map((m) => m.id)).toEqual([forged.id, genuine.id]);
    expect(shown!.messages[0]!.own).toContain('Mallory Forger');
    expect(detail.events.find((ev) => ev.type === 'competing_request')?.data).toMatchObject({ unauthenticatedFields: { fullName: 'Mallory Forger' } });
  });

  test('control: forged first, then the same request unsigned: nothing is sent, the ticket stays unauthenticated', async () => {
    const e = await holderEnv();
    const forged = await deliverOne(e, mail(FORGED_TEXT));
    const second = await deliverOne(e, mail(HOLDER_TEXT));
    expect(second).toMatchObject({ outcome: 'ticket_updated', reason: 'repeat_request', ticketId: forged.ticketId });
    const detail = await detailOf(e, second);
    expect(detail.signals.senderAuthenticated).toBe(false);
    expect(detail.signals.flags).not.toContain('competing_requests');
    expect(detail.replies).toEqual([]);
    expect(recipients(pipeline.sink())).toEqual([]);
  });
});

describe('Message-ID pre-emption', () => {
  test('a forgery carrying the Message-ID the holder will use does not make the holder’s request a duplicate', async () => {
    const e = await holderEnv();
    const messageId = '<CAHolder-next-0001@mail.genuine.example>';
    const forged = await deliverOne(e, mail(FORGED_TEXT, { messageId }));
    expect(forged.outcome).toBe('ticket_opened');
    const genuine = await deliverOne(e, await signed(mail(HOLDER_TEXT, { messageId })));
    expect(genuine).toMatchObject({ outcome: 'ticket_updated', authenticated: true, ticketId: forged.ticketId });
    const detail = await detailOf(e, genuine);
    expect(detail.signals.senderAuthenticated).toBe(true);
    expect(detail.signals.flags).toEqual(expect.arrayContaining(['message_id_preempted', 'competing_requests']));
    expect(detail.events.find((ev) => ev.type === 'message_id_preempted')?.data).toMatchObject({ messageId: genuine.id, earlierMessageIds: [forged.id] });
    expect(recipients(pipeline.sink())).toEqual([HOLDER]);

    // A forgery after the genuine one, with its Message-ID, is the duplicate.
    const late = await deliverOne(e, mail(FORGED_TEXT, { messageId, subject: 'URGENT 2FA' }));
    expect(late).toMatchObject({ outcome: 'ignored', reason: 'duplicate_message_id' });
  });

  test('control: the genuine request delivered twice is a duplicate, answered once', async () => {
    const e = await holderEnv();
    const original = await signed(mail(HOLDER_TEXT, { messageId: '<CAHolder-twice@mail.genuine.example>' }));
    const first = await deliverOne(e, original);
    const again = await deliverOne(e, relayed(original));
    expect(first.outcome).toBe('ticket_opened');
    expect(again).toMatchObject({ outcome: 'ignored', reason: 'duplicate_message_id', ticketId: first.ticketId, authenticated: true });
    expect(await ticketCount(e)).toBe(1);
    expect(recipients(pipeline.sink())).toEqual([HOLDER]);
  });
});

describe('a DKIM signature seen before is a replay', () => {
  test('the holder’s old signed request replayed under a new Message-ID after its ticket was rejected: held as dkim_replay, no ticket, no mail', async () => {
    const e = await holderEnv();
    const agent = await seedAgent(e, 'agent@bpart.test');
    // The holder's client sent no Message-ID (the relay did not add one): nothing signed names it.
    const original = await signed(mail(HOLDER_TEXT).replace(/^Message-ID: .*\r\n/m, ''));
    const first = await deliverOne(e, original);
    expect(first).toMatchObject({ outcome: 'ticket_opened', authenticated: true });
    await rejectTicket(e.app.deps, { ref: (await detailOf(e, first)).ref, agentEmail: agent.email, reason: 'not needed any more' });
    await settleOutbox(e);
    await pipeline.sink().waitForMessages(2);
    pipeline.sink().clear();

    const replay = await deliverOne(e, relayed(original.replace(/^(Subject: .*\r\n)/m, '$1Message-ID: <fresh-9931@genuine.example>\r\n')));
    expect(replay).toMatchObject({ outcome: 'ignored', reason: 'dkim_replay', authenticated: false, ticketId: first.ticketId });
    expect(await ticketCount(e)).toBe(1);
    expect(recipients(pipeline.sink())).toEqual([]);
    expect((await detailOf(e, first)).events.map((ev) => ev.type)).toContain('signature_replay_held');

    // Control: a new request the holder signs now (a new signature) opens a new ticket.
    const fresh = await deliverOne(e, await signed(mail(HOLDER_TEXT, { subject: 'Still locked out' })));
    expect(fresh).toMatchObject({ outcome: 'ticket_opened', authenticated: true });
    expect(await ticketCount(e)).toBe(2);
    expect(recipients(pipeline.sink())).toEqual([HOLDER]);
  });

  test('behind our MX, where no DNS is asked, the same signature delivered again is still held as dkim_replay', async () => {
    const e = await holderEnv();
    const ours = (raw: string) =>
      `Authentication-Results: ${TEST_AUTHSERV}; dkim=pass header.d=genuine.example; dmarc=pass header.from=genuine.example\r\n${raw}`;
    // Signed without a Message-ID: a second delivery cannot be told from a replay, so it is held.
    const original = await signed(mail(HOLDER_TEXT).replace(/^Message-ID: .*\r\n/m, ''));
    const asked = zone.queries.length;
    const first = await deliverOne(e, ours(original));
    expect(first).toMatchObject({ outcome: 'ticket_opened', authenticated: true, auth: { reason: 'trusted_authserv_dmarc_pass' } });
    await settleOutbox(e);
    pipeline.sink().clear();

    const replay = await deliverOne(e, ours(relayed(original)));
    expect(replay).toMatchObject({ outcome: 'ignored', reason: 'dkim_replay', authenticated: false, ticketId: first.ticketId });
    expect(zone.queries.slice(asked)).toEqual([]); // neither copy was looked up: the MX's pass was relied on
    expect(recipients(pipeline.sink())).toEqual([]);

    // Control: a request the holder signs now (a new signature) is not a replay.
    const fresh = await deliverOne(e, ours(await signed(mail(HOLDER_TEXT, { subject: 'Still locked out' }))));
    expect(fresh).toMatchObject({ authenticated: true, ticketId: first.ticketId });
    expect(fresh.reason).not.toBe('dkim_replay');
    expect(zone.queries.slice(asked)).toEqual([]);
  });
});

describe('a message signed twice claims both signatures', () => {
  // The holder's domain signs with two selectors (a key rotation, or the domain and its mail
  // service): each signature alone authenticates the message.
  const second = rsaKey();
  zone.txt('s2._domainkey.genuine.example', second.record);
  const signedTwice = async (raw: string) => sign(await signed(raw), { domain: 'genuine.example', key: second, selector: 's2' });
  // Each DKIM-Signature field with its folded lines, and the message below them.
  const signatures = (raw: string) => raw.match(/^DKIM-Signature:.*(?:\r\n[ \t].*)*/gm) ?? [];
  const rest = (raw: string) => signatures(raw).reduce((left, field) => left.replace(`${field}\r\n`, ''), raw);

  test('replayed with one signature removed, or the two swapped: held as dkim_replay, no ticket, no mail', async () => {
    const e = await holderEnv();
    const agent = await seedAgent(e, 'agent@bpart.test');
    const original = await signedTwice(mail(HOLDER_TEXT).replace(/^Message-ID: .*\r\n/m, ''));
    const [outer, inner] = signatures(original);
    expect(outer && inner).toBeTruthy();
    const first = await deliverOne(e, original);
    expect(first).toMatchObject({ outcome: 'ticket_opened', authenticated: true });
    await rejectTicket(e.app.deps, { ref: (await detailOf(e, first)).ref, agentEmail: agent.email, reason: 'not needed any more' });
    await settleOutbox(e);
    await pipeline.sink().waitForMessages(2);
    pipeline.sink().clear();

    const withMessageId = (raw: string, id: string) => raw.replace(/^(Subject: .*\r\n)/m, `$1Message-ID: <${id}@genuine.example>\r\n`);
    const body = rest(original);
    for (const [label, replayed] of [
      ['the first signature removed', `${inner}\r\n${body}`],
      ['the second signature removed', `${outer}\r\n${body}`],
      ['the two swapped', `${inner}\r\n${outer}\r\n${body}`],
    ] as const) {
      const replay = await deliverOne(e, relayed(withMessageId(replayed, label.replace(/\W+/g, '-'))));
      expect({ label, ...replay }).toMatchObject({ label, outcome: 'ignored', reason: 'dkim_replay', authenticated: false, ticketId: first.ticketId });
    }
    expect(await ticketCount(e)).toBe(1);
    expect(recipients(pipeline.sink())).toEqual([]);

    // Control: each signature alone authenticates (the replays were held for the claim, not for a
    // broken signature), and a request the holder signs twice now is not a replay.
    const fresh = await deliverOne(e, await signedTwice(mail(HOLDER_TEXT, { subject: 'Still locked out' })));
    expect(fresh).toMatchObject({ outcome: 'ticket_opened', authenticated: true });
    const third = await signedTwice(mail(HOLDER_TEXT, { subject: 'Locked out, third try' }));
    const alone = await deliverOne(e, `${signatures(third)[1]}\r\n${rest(third)}`);
    expect(alone.authenticated).toBe(true);
    expect(alone.reason).not.toBe('dkim_replay');
  });
});

function cliEnv(e: TestEnv): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    DATABASE_URL: e.database.url,
    QUEUE_PREFIX: e.prefix,
    SUPPORT_ADDRESS: 'support@bpart.test',
    SECRETS_KEY: '11'.repeat(32),
    MESSAGE_HMAC_KEY: 'test-hmac-key-0123456789',
    SENDER_AUTH_DNS: 'off',
    RECOVERY_DESK_ENV: 'development',
    LOG_LEVEL: 'silent',
  };
}
