// Follow-ups end to end on Dovecot, PostgreSQL/Redis/BullMQ and the SMTP sink:
// a request missing a detail → our request for details → the user's answer,
// threaded under it → the ticket is complete. Only the very sender merges.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { inboundMessages, tickets } from '../../src/adapters/db/schema/index.ts';
import { rejectTicket } from '../../src/steps/reject-ticket.ts';
import { createTestEnv, seedAccount, seedAgent, type TestEnv } from '../support/app.ts';
import { DEFAULT_DOVECOT_USER, startDovecot, type Dovecot } from '../support/dovecot.ts';
import { buildMail } from '../support/mail.ts';
import { startSmtpSink, type SinkMessage, type SmtpSink } from '../support/smtp-sink.ts';
import { waitFor } from '../support/wait.ts';

const MAILBOX = 'Followups';
const SARAH = 'sarah.connor@northwind.example';

let dovecot: Dovecot;
let sink: SmtpSink;
let env: TestEnv;

beforeAll(async () => {
  [dovecot, sink] = await Promise.all([startDovecot(), startSmtpSink()]);
  const imap = dovecot.client();
  await imap.connect();
  await imap.mailboxCreate(MAILBOX).catch(() => undefined);
  await imap.logout();
  env = await createTestEnv({ IMAP_URL: dovecot.imapUrl(DEFAULT_DOVECOT_USER, MAILBOX), SMTP_URL: sink.url });
  await seedAccount(env, { email: SARAH, fullName: 'Sarah Connor', organisations: ['Northwind Traders Ltd'] });
  env.startWorker();
  await env.worker!.reader!.ready;
});
afterAll(async () => {
  await env?.close();
  await Promise.all([dovecot?.stop(), sink?.close()]);
});

async function deliver(raw: Buffer): Promise<void> {
  await dovecot.append(DEFAULT_DOVECOT_USER, raw, [], MAILBOX);
}

async function outcomeOf(messageId: string) {
  return waitFor(
    async () => {
      const [row] = await env.app.deps.db.select().from(inboundMessages).where(eq(inboundMessages.messageIdHeader, messageId));
      return row && row.status !== 'stored' ? row : undefined;
    },
    { timeoutMs: 15_000, what: `the outcome of ${messageId}` },
  );
}

async function ticket() {
  const [row] = await env.app.deps.db.select().from(tickets).where(eq(tickets.senderAddress, SARAH));
  return row!;
}

/** The user's answer the way a mail client writes it: their text, then our message quoted. */
function quoted(ours: SinkMessage): string {
  const lines = (ours.parsed.text ?? '')
    .trimEnd()
    .split('\n')
    .map((l) => (l ? `> ${l}` : '>'));
  return `On Tue, 24 Nov 2026 at 10:05, Support Bpart <support@bpart.test> wrote:\n${lines.join('\n')}`;
}

let details: SinkMessage;

test('a request missing the organisation gets a threaded request for details', async () => {
  await deliver(
    buildMail({
      from: SARAH,
      fromName: 'Sarah Connor',
      subject: 'Locked out of my account',
      messageId: '<first@northwind.example>',
      body: `Hello,\n\nI lost my phone with my authenticator app on it and can't log in any more. Please reset my 2FA.\n\nRegards,\nSarah Connor`,
    }),
  );
  await outcomeOf('<first@northwind.example>');
  const t = await ticket();
  expect(t.status).toBe('waiting_details');
  expect(t.missing).toEqual(['organisation']);
  details = (await sink.waitForMessages(1, 15_000))[0]!;
  expect(details!.envelope.to).toEqual([SARAH]);
  expect(details!.inReplyTo).toBe('<first@northwind.example>');
  expect(details!.subject).toContain(t.ref);
  expect(details!.messageId).toBeTruthy();
});

test('an answer from another address in the same thread does not merge', async () => {
  const before = await ticket();
  await deliver(
    buildMail({
      from: 'attacker@evil.example',
      fromName: 'Sarah Connor',
      subject: `Re: ${details.subject}`,
      messageId: '<evil@evil.example>',
      inReplyTo: details.messageId!,
      references: ['<first@northwind.example>', details.messageId!],
      body: `Hi,\n\nOrganisation: Evil Corp Ltd\n\nSarah\n\n${quoted(details)}`,
    }),
  );
  const row = await outcomeOf('<evil@evil.example>');
  expect(row.ticketId).not.toBe(before.id);
  const after = await ticket();
  expect(after.status).toBe('waiting_details');
  expect(after.fields).toEqual(before.fields);
  // The only mail the other address may get is the fixed "write from the
  // address linked to your account" notice: nothing about Sarah's ticket.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  for (const m of sink.messages.filter((m) => m.envelope.to.includes('attacker@evil.example'))) {
    expect(m.subject).not.toContain(before.ref);
    expect(m.inReplyTo).not.toBe(details.messageId);
  }
});

test("the user's answer under our request completes the ticket, which moves on and is acknowledged", async () => {
  await deliver(
    buildMail({
      from: SARAH,
      fromName: 'Sarah Connor',
      subject: `Re: ${details.subject}`,
      messageId: '<answer@northwind.example>',
      inReplyTo: details.messageId!,
      references: ['<first@northwind.example>', details.messageId!],
      body: `Hi,\n\nSorry, I forgot: I run Northwind Traders Ltd.\n\nSarah\n\n${quoted(details)}`,
    }),
  );
  const row = await outcomeOf('<answer@northwind.example>');
  const t = await ticket();
  expect(row).toMatchObject({ outcome: 'ticket_updated', ticketId: t.id });
  expect(t.status).toBe('ready');
  expect(t.missing).toEqual([]);
  expect(t.fields).toMatchObject({ fullName: 'Sarah Connor', organisation: 'Northwind Traders Ltd' });
  const ack = await waitFor(() => sink.messages.find((m) => m.envelope.to.includes(SARAH) && m !== details), {
    timeoutMs: 15_000,
    what: 'the acknowledgement',
  });
  expect(ack.envelope.to).toEqual([SARAH]);
  expect(ack.subject).toContain(t.ref);
  // Threaded with the conversation the ticket started from.
  expect(ack.references).toContain('<first@northwind.example>');
  expect(ack.parsed.text).not.toContain('Northwind'); // fixed template, never quoting the user
});

test('a reply that only says thanks changes no detail and sends nothing; the agent sees the holder wrote again', async () => {
  const before = await ticket();
  const sent = sink.messages.length;
  await deliver(
    buildMail({
      from: SARAH,
      subject: `Re: ${details.subject}`,
      messageId: '<thanks@northwind.example>',
      inReplyTo: details.messageId!,
      body: `Thanks a lot!\n\nSarah\n\n${quoted(details)}`,
    }),
  );
  const row = await outcomeOf('<thanks@northwind.example>');
  expect(row.kind).toBe('other');
  const after = await ticket();
  expect({ status: after.status, fields: after.fields, missing: after.missing }).toEqual({
    status: before.status,
    fields: before.fields,
    missing: before.missing,
  });
  // The ticket was complete: any message from the holder is for an agent to read (SPEC §6 rule 15).
  expect((after.signals as { flags: string[] }).flags).toContain('holder_wrote_again');
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(sink.messages).toHaveLength(sent);
});

test('a follow-up never re-opens a closed ticket; the holder writing again flags it for an agent, and their new request opens a ticket of its own', async () => {
  const agent = await seedAgent(env, 'agent@bpart.test');
  const t = await ticket();
  await rejectTicket(env.app.deps, { ref: t.ref, agentEmail: agent.email, reason: 'We could not verify the organisation.' });
  await deliver(
    buildMail({
      from: SARAH,
      subject: `Re: ${details.subject}`,
      messageId: '<late@northwind.example>',
      inReplyTo: details.messageId!,
      body: `Hello again, my phone was stolen, please reset my 2FA. I run Northwind Traders Ltd.\n\nSarah Connor\n\n${quoted(details)}`,
    }),
  );
  const row = await outcomeOf('<late@northwind.example>');
  // Closed less than 30 days ago: SPEC §6 rule 15 (holder_wrote_again) on the rejected ticket,
  // which stays rejected. The message is a signed recovery request: it opens a ticket of its own,
  // as it would written as a new mail (stop 22, fourth pass; before: only the flag, the request
  // itself never answered).
  expect(row).toMatchObject({ outcome: 'ticket_opened' });
  expect(row.ticketId).not.toBe(t.id);
  const [rejected] = await env.app.deps.db.select().from(tickets).where(eq(tickets.id, t.id));
  expect(rejected!.status).toBe('rejected');
  expect((rejected!.signals as { flags: string[] }).flags).toContain('holder_wrote_again');
});
