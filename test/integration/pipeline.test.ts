// The whole pipeline on real services: Dovecot → PostgreSQL/Redis/BullMQ → SMTP sink.
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { accounts, inboundMessages, outbox, tickets } from '../../src/adapters/db/schema/index.ts';
import { totpCode, verifyTotp } from '../../src/adapters/totp/totp.ts';
import { approveTicket } from '../../src/steps/approve-ticket.ts';
import { ticketDetail } from '../../src/steps/ticket-view.ts';
import { createTestEnv, seedAccount, seedAgent, type TestEnv } from '../support/app.ts';
import { startDovecot, DEFAULT_DOVECOT_USER, type Dovecot } from '../support/dovecot.ts';
import { buildMail, COMPLETE_REQUEST_EN } from '../support/mail.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { waitFor } from '../support/wait.ts';

let dovecot: Dovecot;
let sink: SmtpSink;
let env: TestEnv;

beforeAll(async () => {
  [dovecot, sink] = await Promise.all([startDovecot(), startSmtpSink()]);
});
afterAll(async () => {
  await Promise.all([dovecot?.stop(), sink?.close()]);
});
beforeEach(async () => {
  await env?.close();
  sink.clear();
});
afterAll(async () => env?.close());

async function freshEnv(mailbox: string): Promise<TestEnv> {
  const imap = dovecot.client();
  await imap.connect();
  await imap.mailboxCreate(mailbox).catch(() => undefined);
  await imap.logout();
  env = await createTestEnv({ IMAP_URL: dovecot.imapUrl(DEFAULT_DOVECOT_USER, mailbox), SMTP_URL: sink.url });
  return env;
}

async function ticketCount(): Promise<number> {
  const [row] = await env.app.deps.db.select({ n: sql<number>`count(*)::int` }).from(tickets);
  return row?.n ?? 0;
}

async function flagsOf(mailbox: string): Promise<Map<string, Set<string>>> {
  const imap = new ImapFlow({
    host: '127.0.0.1',
    port: dovecot.port,
    secure: false,
    auth: { user: DEFAULT_DOVECOT_USER, pass: dovecot.users[0]!.password },
    logger: false,
  });
  await imap.connect();
  const lock = await imap.getMailboxLock(mailbox);
  const flags = new Map<string, Set<string>>();
  try {
    for await (const message of imap.fetch('1:*', { envelope: true, flags: true })) flags.set(message.envelope?.subject ?? '', message.flags ?? new Set());
  } finally {
    lock.release();
    await imap.logout();
  }
  return flags;
}

describe('a recovery request through the mailbox', () => {
  test('an appended request opens a ticket through IDLE and the stored address gets a threaded acknowledgement', async () => {
    await freshEnv('Idle');
    await seedAccount(env, { email: 'sarah.connor@northwind.example', fullName: 'Sarah Connor', organisations: ['Northwind Traders'] });
    const worker = env.startWorker();
    await worker.reader!.ready;
    const raw = buildMail({ from: 'Sarah.Connor@Northwind.example', fromName: 'Sarah', body: COMPLETE_REQUEST_EN, messageId: '<req-1@northwind.example>' });
    await dovecot.append(DEFAULT_DOVECOT_USER, raw, [], 'Idle');
    const ticket = await waitFor(async () => (await env.app.deps.db.select().from(tickets))[0], { timeoutMs: 15_000, what: 'a ticket' });
    expect(ticket.status).toBe('ready');
    expect(ticket.fields).toMatchObject({ fullName: 'Sarah Connor', organisation: expect.stringContaining('Northwind') });
    const [ack] = await sink.waitForMessages(1, 15_000);
    expect(ack!.envelope.to).toEqual(['sarah.connor@northwind.example']);
    expect(ack!.inReplyTo).toBe('<req-1@northwind.example>');
    expect(ack!.references).toContain('<req-1@northwind.example>');
    expect(ack!.subject).toContain(ticket.ref);
    expect(String(ack!.headers.get('auto-submitted'))).toBe('auto-replied');
    expect(ack!.parsed.text).not.toContain('lost my phone'); // fixed template, never quoting the request
    // The processed message is flagged on the server; nothing else is touched.
    await waitFor(async () => (await flagsOf('Idle')).get('Lost my 2FA device')?.has('\\Seen'), { timeoutMs: 15_000, what: 'the processed flag' });
  });

  test('mail that is not a recovery request is left unread where it was, with no answer', async () => {
    await freshEnv('Other');
    env.startWorker();
    await env.worker!.reader!.ready;
    await dovecot.append(
      DEFAULT_DOVECOT_USER,
      buildMail({
        from: 'billing@customer.example',
        subject: 'Invoice 2026-113',
        body: 'Hello, could you send me a copy of invoice 2026-113? Thanks, Jo Smith',
      }),
      [],
      'Other',
    );
    await waitFor(async () => (await env.app.deps.db.select().from(inboundMessages)).find((m) => m.status === 'processed'), {
      timeoutMs: 15_000,
      what: 'processing',
    });
    const [message] = await env.app.deps.db.select().from(inboundMessages);
    expect(message).toMatchObject({ outcome: 'ignored', kind: 'other' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await flagsOf('Other')).get('Invoice 2026-113')?.has('\\Seen')).toBe(false);
    expect(sink.messages).toHaveLength(0);
    expect(await ticketCount()).toBe(0);
  });

  test('the same message fetched twice, even after the cursor is lost, gives one ticket and one acknowledgement', async () => {
    await freshEnv('Twice');
    await seedAccount(env, { email: 'sarah.connor@northwind.example', fullName: 'Sarah Connor', organisations: ['Northwind Traders'] });
    const raw = buildMail({ from: 'sarah.connor@northwind.example', body: COMPLETE_REQUEST_EN, messageId: '<twice@northwind.example>' });
    await dovecot.append(DEFAULT_DOVECOT_USER, raw, [], 'Twice');
    await dovecot.append(DEFAULT_DOVECOT_USER, raw, [], 'Twice'); // delivered twice: two UIDs, same bytes
    env.startWorker();
    await waitFor(async () => ((await ticketCount()) === 1 && (await env.app.deps.db.select().from(outbox)).every((o) => o.status === 'sent')) || undefined, {
      timeoutMs: 15_000,
      what: 'ticket and reply',
    });
    await env.stopWorker();
    await env.app.deps.db.execute(sql`delete from mailbox_cursors`); // the reader starts over from UID 1
    env.startWorker();
    await env.worker!.reader!.ready;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await ticketCount()).toBe(1);
    expect(await env.app.deps.db.select().from(inboundMessages)).toHaveLength(1);
    expect(sink.messages).toHaveLength(1);
  });

  test('a worker restarted mid-burst loses nothing and doubles nothing', async () => {
    await freshEnv('Restart');
    const people = Array.from({ length: 12 }, (_, i) => ({ email: `user${i}@org${i}.example`, fullName: `Person Number${i}`, organisations: [`Org ${i}`] }));
    for (const person of people) await seedAccount(env, person);
    for (const [i, person] of people.entries()) {
      const body = `Hello, I lost my phone with my authenticator app. Please reset my 2FA.\n\nMy name is Person Number${i} and I manage Org ${i}.\n\nRegards,\nPerson Number${i}`;
      await dovecot.append(DEFAULT_DOVECOT_USER, buildMail({ from: person.email, body }), [], 'Restart');
    }
    env.startWorker();
    await waitFor(async () => ((await ticketCount()) >= 3 ? true : undefined), { timeoutMs: 20_000, what: 'some tickets' });
    await env.stopWorker(); // mid-way: some messages stored, some processed, some replies queued
    env.startWorker();
    await waitFor(
      async () => {
        const messages = await env.app.deps.db.select().from(inboundMessages);
        const replies = await env.app.deps.db.select().from(outbox);
        return messages.length === 12 && messages.every((m) => m.status === 'processed') && replies.length === 12 && replies.every((r) => r.status === 'sent')
          ? true
          : undefined;
      },
      { timeoutMs: 30_000, what: 'every message processed and answered' },
    );
    expect(await ticketCount()).toBe(12);
    await sink.waitForMessages(12, 10_000);
    const recipients = sink.messages.flatMap((m) => m.envelope.to).sort();
    expect(recipients).toEqual(people.map((p) => p.email).sort()); // each exactly once
  });
});

describe('approval', () => {
  test('an approval clears the TOTP secret (a code that verified before no longer does) and only the stored address is told', async () => {
    await freshEnv('Approve');
    const { totpSecret } = await seedAccount(env, { email: 'sarah.connor@northwind.example', fullName: 'Sarah Connor', organisations: ['Northwind Traders'] });
    const agent = await seedAgent(env, 'agent@bpart.test');
    env.startWorker();
    await env.worker!.reader!.ready;
    const raw = buildMail({ from: 'sarah.connor@northwind.example', body: COMPLETE_REQUEST_EN, headers: { 'Reply-To': 'attacker@evil.example' } });
    await dovecot.append(DEFAULT_DOVECOT_USER, raw, [], 'Approve');
    const ticket = await waitFor(async () => (await env.app.deps.db.select().from(tickets))[0], { timeoutMs: 15_000, what: 'a ticket' });
    await sink.waitForMessages(1, 15_000);

    const code = await totpCode(totpSecret);
    const [before] = await env.app.deps.db.select().from(accounts);
    expect((await verifyTotp(env.app.deps.secrets.open(before!.totpSecret!, `account:${before!.id}`), code)).valid).toBe(true);

    const result = await approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: agent.email, totpCode: await totpCode(agent.totpSecret) });
    expect(result.status).toBe('done');
    const [after] = await env.app.deps.db.select().from(accounts).where(eq(accounts.id, before!.id));
    expect(after!.totpSecret).toBeNull();
    expect(after!.recoveryCodes).toEqual([]);
    expect(after!.mustEnrolTotp).toBe(true);

    const messages = await sink.waitForMessages(2, 15_000);
    expect(messages.flatMap((m) => m.envelope.to)).toEqual(['sarah.connor@northwind.example', 'sarah.connor@northwind.example']);
    expect(messages[1]!.subject).toContain(ticket.ref);
    expect(String(messages[1]!.headers.get('auto-submitted'))).toBe('auto-generated');
    const detail = await ticketDetail(env.app.deps, ticket.ref);
    expect(detail?.status).toBe('done');
    expect(detail?.signals.flags).toContain('reply_to_differs');
    expect(detail?.events.map((e) => e.type)).toEqual(expect.arrayContaining(['ticket_opened', 'approval', 'reset_done']));
  });

  test('a replayed or wrong agent code is refused and the account keeps its 2FA', async () => {
    await freshEnv('Refuse');
    await seedAccount(env, { email: 'sarah.connor@northwind.example', fullName: 'Sarah Connor', organisations: ['Northwind Traders'] });
    const agent = await seedAgent(env, 'agent@bpart.test');
    const other = await seedAgent(env, 'other@bpart.test');
    env.startWorker();
    await dovecot.append(
      DEFAULT_DOVECOT_USER,
      buildMail({ from: 'sarah.connor@northwind.example', body: COMPLETE_REQUEST_EN, authenticated: false }),
      [],
      'Refuse',
    );
    const ticket = await waitFor(async () => (await env.app.deps.db.select().from(tickets))[0], { timeoutMs: 15_000, what: 'a ticket' });
    await expect(approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: agent.email, totpCode: '000000' })).rejects.toMatchObject({
      code: 'agent.bad_totp',
    });
    // Unauthenticated: needs an override reason and a second, different approver.
    const code = await totpCode(agent.totpSecret);
    await expect(approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: agent.email, totpCode: code })).rejects.toMatchObject({
      code: 'approval.reason_required',
    });
    await expect(approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: agent.email, totpCode: code, reason: 'called the org' })).rejects.toMatchObject({
      code: 'agent.bad_totp',
    }); // replayed code
    const [account] = await env.app.deps.db.select().from(accounts);
    expect(account!.totpSecret).not.toBeNull();
    expect(sink.messages).toHaveLength(0); // unauthenticated sender: no mail at all
    void other;
  });
});
