// Attacks tried in stop 22, fourth pass (docs/security-log.md "Attacks tried in stop 22, fourth pass"), on the
// real pipeline with mail genuinely DKIM-signed against the offline zone: the first start on a
// mailbox with history (SPEC §3), the account directory's state between the reading and the reset
// (§9), and the approval. Each attack has a control that differs only in the attacked detail.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { accounts, inboundMessages, outbox, tickets } from '../../src/adapters/db/schema/index.ts';
import { totpCode } from '../../src/adapters/totp/totp.ts';
import { approveTicket } from '../../src/steps/approve-ticket.ts';
import { storeMessages } from '../../src/steps/store-message.ts';
import { seedAccount, seedAgent, type TestEnv } from '../support/app.ts';
import { deliverOne, rawMessage, recipients, request, settleOutbox, useRedTeam, type MessageRow } from '../support/security.ts';
import type { SmtpSink } from '../support/smtp-sink.ts';
import { waitFor } from '../support/wait.ts';

const { running, victim, signed, ticketRow } = useRedTeam('stop22d-');
let sink: SmtpSink;
let env: TestEnv;
beforeAll(() => {
  ({ sink, env } = running());
});

const DAY = 86_400_000;
let uid = 0;

/**
 * The holder's genuine request as it sits in the mailbox since `daysAgo`: signed then, dated then,
 * and stored by the mailbox reader with the IMAP internal date of that day (the first start's
 * `IMAP_START` reaching back, a message moved in from an archive folder).
 */
async function oldRequestInMailbox(v: { email: string; domain: string }, daysAgo: number): Promise<MessageRow> {
  const when = new Date(Date.now() - daysAgo * DAY);
  const raw = rawMessage({ from: `Alice Martin <${v.email}>`, subject: 'Lost my phone', body: request('Alice Martin', 'Good Example SRL') }).replace(
    /^Date: .*$/m,
    `Date: ${when.toUTCString()}`,
  );
  const [stored] = await storeMessages(env.app.deps, [
    {
      raw: Buffer.from(await signed(raw, v.domain, { signTime: when }), 'utf8'),
      source: 'imap',
      mailbox: 'support@imap.test:143/INBOX',
      uidValidity: 1,
      uid: (uid += 1),
      arrivedAt: when,
    },
  ]);
  const [row] = await waitFor(
    async () => {
      const found = await env.app.deps.db.select().from(inboundMessages).where(eq(inboundMessages.id, stored!.id));
      return found[0]?.status !== 'stored' && found;
    },
    { timeoutMs: 20_000, intervalMs: 25, what: 'the old message processed' },
  );
  await settleOutbox(env);
  return row!;
}

const freshRequest = (email: string) =>
  rawMessage({ from: `Alice Martin <${email}>`, subject: 'Lost my phone', body: request('Alice Martin', 'Good Example SRL') });

describe('first start on a mailbox with history: the holder’s old request and their new one', () => {
  test('the holder’s fresh request, merged into the ticket of their old unanswered one, is answered at the stored address', async () => {
    const v = await victim();
    const old = await oldRequestInMailbox(v, 20);
    // Judged as it arrived (its signature was fresh then): an authenticated ticket, never answered.
    expect(old).toMatchObject({ authenticated: true, outcome: 'ticket_opened' });
    const ticket = await ticketRow(old.ticketId!);
    expect(ticket.signals.noAutoAnswer).toBe('too_old');
    expect(recipients(sink)).toEqual([]);

    const fresh = await deliverOne(env, await signed(freshRequest(v.email), v.domain));
    expect(fresh).toMatchObject({ authenticated: true, ticketId: ticket.id });
    // Before: merged as a repeat request into the old ticket (ready), no answer at all: the holder
    // wrote today and heard nothing, and under RECOVERY_CHALLENGE=link could never confirm.
    const sent = await env.app.deps.db.select({ kind: outbox.kind, to: outbox.toAddress }).from(outbox).where(eq(outbox.ticketId, ticket.id));
    expect(sent).toEqual([{ kind: 'acknowledgement', to: v.email }]);
    expect(recipients(sink)).toEqual([v.email]);
    const after = await ticketRow(ticket.id);
    expect(after.signals.noAutoAnswer ?? null).toBeNull();
  });

  test('control: a fresh request merged into a ticket that was answered gets no second acknowledgement', async () => {
    const v = await victim();
    const first = await deliverOne(env, await signed(freshRequest(v.email), v.domain));
    expect(first).toMatchObject({ authenticated: true, outcome: 'ticket_opened' });
    expect(recipients(sink)).toEqual([v.email]);
    sink.clear();
    const again = await deliverOne(env, await signed(freshRequest(v.email), v.domain));
    expect(again.ticketId).toBe(first.ticketId);
    expect(recipients(sink)).toEqual([]);
  });

  test('control: an unsigned request merged into the old unanswered ticket gets no answer', async () => {
    const v = await victim();
    const old = await oldRequestInMailbox(v, 20);
    const forged = await deliverOne(env, freshRequest(v.email));
    expect(forged).toMatchObject({ authenticated: false, ticketId: old.ticketId });
    expect(recipients(sink)).toEqual([]);
  });
});

describe('the account re-enrolled between the reading and an approval without a cancel window', () => {
  const code = (secret: string) => totpCode(secret, Math.floor(Date.now() / 1000));
  const secretOf = async (email: string) =>
    (await env.app.deps.db.select({ totpSecret: accounts.totpSecret }).from(accounts).where(eq(accounts.email, email)))[0]!.totpSecret;

  test('an approval (RECOVERY_CANCEL_WINDOW=0) never clears a second factor enrolled after the ticket was read', async () => {
    const v = await victim();
    const opened = await deliverOne(env, await signed(freshRequest(v.email), v.domain));
    const ticket = await ticketRow(opened.ticketId!);
    expect(ticket.status).toBe('ready');
    // The holder found their phone and enrolled a new authenticator meanwhile (the directory's version moved).
    await seedAccount(env, { email: v.email, fullName: 'Alice Martin', organisations: ['Good Example SRL'] });
    const enrolled = await secretOf(v.email);
    expect(enrolled).not.toBeNull();
    const agent = await seedAgent(env, `agent-${ticket.id}@bpart.test`);
    // Before: done at once; the freshly enrolled authenticator was cleared (a windowed approval
    // checks the version when the reset is due; this path never did).
    await expect(approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: agent.email, totpCode: await code(agent.totpSecret) })).rejects.toMatchObject({
      code: 'approval.account_changed',
    });
    expect(await secretOf(v.email)).toBe(enrolled);
    const after = await ticketRow(ticket.id);
    expect(after.status).toBe('ready');
    // The directory's current profile is on file: an agent who looks again decides on it.
    const now = await env.app.deps.directory.find(v.email);
    expect(now.kind === 'one' && after.signals.onFile?.version === now.account.version, JSON.stringify(now)).toBe(true);
    const second = await seedAgent(env, `agent2-${ticket.id}@bpart.test`);
    await expect(approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: second.email, totpCode: await code(second.totpSecret) })).resolves.toMatchObject({
      status: 'done',
    });
    expect(await secretOf(v.email)).toBeNull();
  });

  test('control: an approval of an unchanged account resets at once', async () => {
    const v = await victim();
    const opened = await deliverOne(env, await signed(freshRequest(v.email), v.domain));
    const ticket = await ticketRow(opened.ticketId!);
    const agent = await seedAgent(env, `agent-${ticket.id}@bpart.test`);
    await expect(approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: agent.email, totpCode: await code(agent.totpSecret) })).resolves.toMatchObject({
      status: 'done',
    });
    expect(await secretOf(v.email)).toBeNull();
  });
});

describe('the holder’s new request written as a reply to our mail about a closed ticket', () => {
  const code = (secret: string) => totpCode(secret, Math.floor(Date.now() / 1000));
  /** The holder's ticket, approved and done (RECOVERY_CANCEL_WINDOW=0), and the notice we sent them. */
  async function doneTicket() {
    const v = await victim();
    const opened = await deliverOne(env, await signed(freshRequest(v.email), v.domain));
    const ticket = await ticketRow(opened.ticketId!);
    const agent = await seedAgent(env, `agent-${ticket.id}@bpart.test`);
    expect((await approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: agent.email, totpCode: await code(agent.totpSecret) })).status).toBe('done');
    await settleOutbox(env);
    const notice = sink.messages.filter((m) => m.envelope.to.includes(v.email)).at(-1)!;
    expect(notice.subject).toContain(ticket.ref);
    sink.clear();
    return { v, ticket, notice };
  }
  /** The holder's signed mail as a reply to `notice` (a mail client's "Reply", our subject kept). */
  const replyTo = (v: { email: string }, notice: { messageId: string | undefined; subject: string | undefined }, body: string) =>
    rawMessage({
      from: `Alice Martin <${v.email}>`,
      subject: `Re: ${notice.subject}`,
      headers: [`In-Reply-To: ${notice.messageId}`, `References: ${notice.messageId}`],
      body,
    });
  const LOST_AGAIN = request('Alice Martin', 'Good Example SRL').replace('last weekend', 'again yesterday');

  test('closed more than 30 days ago: the request opens a ticket and is answered (before: ignored, seen by no agent)', async () => {
    const { v, ticket, notice } = await doneTicket();
    await env.app.deps.db
      .update(tickets)
      .set({ closedAt: new Date(Date.now() - 40 * DAY) })
      .where(eq(tickets.id, ticket.id));
    const row = await deliverOne(env, await signed(replyTo(v, notice, LOST_AGAIN), v.domain));
    expect(row).toMatchObject({ authenticated: true, kind: 'recovery_request' });
    // Before: { outcome: 'ignored', reason: 'ticket_closed' }: no ticket, no answer, nowhere in the queue.
    expect(row.outcome).toBe('ticket_opened');
    expect(row.ticketId).not.toBe(ticket.id);
    expect((await ticketRow(row.ticketId!)).status).toBe('ready');
    expect(recipients(sink)).toEqual([v.email]);
  });

  test('closed less than 30 days ago: the request opens a ticket of its own and the closed one is flagged (before: only the flag)', async () => {
    const { v, ticket, notice } = await doneTicket();
    const row = await deliverOne(env, await signed(replyTo(v, notice, LOST_AGAIN), v.domain));
    expect(row.outcome).toBe('ticket_opened');
    expect(row.ticketId).not.toBe(ticket.id);
    expect((await ticketRow(ticket.id)).signals.flags).toContain('holder_wrote_again');
    expect(recipients(sink)).toEqual([v.email]);
  });

  test('control: the holder’s objection in that thread opens nothing and is answered by nothing', async () => {
    const { v, ticket, notice } = await doneTicket();
    const row = await deliverOne(env, await signed(replyTo(v, notice, 'I never asked for this! Who did this?\n\nAlice'), v.domain));
    expect(row).toMatchObject({ outcome: 'ticket_updated', reason: 'holder_wrote_again', ticketId: ticket.id });
    expect(await ticketCountOf(v.email)).toBe(1);
    expect(recipients(sink)).toEqual([]);
  });

  test('control: an unsigned request in that thread opens nothing for the account', async () => {
    const { v, ticket, notice } = await doneTicket();
    await env.app.deps.db
      .update(tickets)
      .set({ closedAt: new Date(Date.now() - 40 * DAY) })
      .where(eq(tickets.id, ticket.id));
    const row = await deliverOne(env, replyTo(v, notice, LOST_AGAIN));
    expect(row.authenticated).toBe(false);
    expect(recipients(sink)).toEqual([]);
  });

  async function ticketCountOf(email: string): Promise<number> {
    const [account] = await env.app.deps.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.email, email));
    return (await env.app.deps.db.select({ id: tickets.id }).from(tickets).where(eq(tickets.accountId, account!.id))).length;
  }
});
