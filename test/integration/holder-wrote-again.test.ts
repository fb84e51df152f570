// Issue 10 item 2 / SPEC §6 rule 15, second half, on the real pipeline (PostgreSQL, Redis, the
// BullMQ workers, the SMTP sink), with mail genuinely DKIM-signed against an offline zone:
// the account holder writing again about a complete, approved or recently closed recovery
// flags `holder_wrote_again`, voids the approvals made before, stops the scheduled reset and
// puts the ticket in front of an agent. Each case has a control that differs in one detail.
import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { accounts, approvals, tickets } from '../../src/adapters/db/schema/index.ts';
import { approveTicket } from '../../src/steps/approve-ticket.ts';
import { consoleQueue } from '../../src/steps/console-view.ts';
import { ticketDetail } from '../../src/steps/ticket-view.ts';
import { seedAccount, seedAgent, type TestEnv } from '../support/app.ts';
import { deliverOne, guardRealDns, offlineZone, rawMessage, request, rsaKey, sign, useFreshEnvsWithSink, type MessageRow } from '../support/security.ts';
import type { SinkMessage } from '../support/smtp-sink.ts';
import { waitFor } from '../support/wait.ts';
import { codeAt } from '../e2e/console-support.ts';

const zone = offlineZone();
guardRealDns(zone);
const key = rsaKey();
const { sink, freshEnv } = useFreshEnvsWithSink(zone);

let n = 0;
/** A holder at a domain of its own that signs its mail (DKIM, selector "sel"). */
async function holder(env: TestEnv) {
  n += 1;
  const domain = `holder${n}.example`;
  zone.txt(`sel._domainkey.${domain}`, key.record);
  const email = `sarah@${domain}`;
  const account = await seedAccount(env, { email, fullName: 'Sarah Connor', organisations: ['Northwind Traders'] });
  return { email, domain, account };
}

const OBJECTION = `I did not ask for this! Please do not remove anything from my account.\n\nSarah`;

/** The holder's own signed mail; a reply when `to` (one of our mails) is given. */
async function signedFrom(h: { email: string; domain: string }, body: string, to?: SinkMessage): Promise<string> {
  const headers = to ? [`In-Reply-To: ${to.messageId}`, `References: ${to.messageId}`] : [];
  return sign(rawMessage({ from: `Sarah Connor <${h.email}>`, subject: to ? `Re: ${to.subject}` : 'Lost my 2FA device', body, headers }), {
    domain: h.domain,
    key,
  });
}

async function ticketOf(env: TestEnv, row: Pick<MessageRow, 'ticketId'>) {
  const [t] = await env.app.deps.db.select().from(tickets).where(eq(tickets.id, row.ticketId!));
  return t!;
}

async function totpSecretOf(env: TestEnv, email: string) {
  const [row] = await env.app.deps.db.select({ totpSecret: accounts.totpSecret }).from(accounts).where(eq(accounts.email, email));
  return row!.totpSecret;
}

function mailTo(email: string, subject: RegExp): Promise<SinkMessage> {
  return waitFor(() => sink().messages.find((m) => m.envelope.to.includes(email) && subject.test(m.parsed.text ?? '')), {
    timeoutMs: 20_000,
    what: `a mail to ${email}`,
  });
}

async function queueRefs(env: TestEnv): Promise<string[]> {
  return (await consoleQueue(env.app.deps, 'open')).map((r) => r.ref);
}

const WINDOW_MS = 6_000;

/**
 * The attack of the issue: a forged request (no signature) for the holder's account, approved by
 * two agents with an override; the holder, told at the stored address, replies. Returns the
 * ticket and the delayed reset job's id.
 */
async function forgedAndApproved(env: TestEnv) {
  const h = await holder(env);
  const forged = await deliverOne(env, rawMessage({ from: `Sarah Connor <${h.email}>`, body: request('Sarah Connor', 'Northwind Traders') }));
  const ticket = await ticketOf(env, forged);
  expect(ticket.status).toBe('ready');
  const [first, second] = [await seedAgent(env, `first${n}@bpart.test`), await seedAgent(env, `second${n}@bpart.test`)];
  await approveTicket(env.app.deps, {
    ref: ticket.ref,
    agentEmail: first.email,
    totpCode: await codeAt(first.totpSecret),
    reason: 'Called the number on file',
  });
  const approved = await approveTicket(env.app.deps, {
    ref: ticket.ref,
    agentEmail: second.email,
    totpCode: await codeAt(second.totpSecret),
    reason: 'Checked the organisation',
  });
  if (approved.status !== 'approved') throw new Error(`expected a cancel window, got ${approved.status}`);
  const notice = await mailTo(h.email, /cancel/i);
  return { h, ticket, notice, jobId: `reset-${ticket.id}-${approved.resetDueAt.getTime()}`, dueAt: approved.resetDueAt };
}

/** Waits until the delayed reset job has run, and returns what it decided. */
async function resetJobResult(env: TestEnv, jobId: string): Promise<{ result: string }> {
  const queue = env.app.queues.byName.get('resets')!;
  return waitFor(
    async () => {
      const job = await queue.getJob(jobId);
      return job && (await job.getState()) === 'completed' ? (job.returnvalue as { result: string }) : undefined;
    },
    { timeoutMs: WINDOW_MS + 20_000, intervalMs: 200, what: `the reset job ${jobId}` },
  );
}

describe('an approved ticket with a cancel window', () => {
  test("the holder replies in the thread: flagged, approval voided, the reset at the window's end clears nothing, back in the queue", async () => {
    const env = await freshEnv({ RECOVERY_CANCEL_WINDOW: `${WINDOW_MS / 1000}s` });
    env.startWorker();
    const { h, ticket, notice, jobId, dueAt } = await forgedAndApproved(env);
    const before = sink().messages.length;

    const reply = await deliverOne(env, await signedFrom(h, OBJECTION, notice));
    expect(Date.now(), 'the reply was processed inside the cancel window').toBeLessThan(dueAt.getTime());
    expect(reply).toMatchObject({ authenticated: true, outcome: 'ticket_updated', ticketId: ticket.id });
    const detail = (await ticketDetail(env.app.deps, ticket.ref))!;
    expect(detail.status).toBe('ready');
    expect(detail.resetDueAt).toBeNull();
    expect(detail.signals.flags).toContain('holder_wrote_again');
    expect(detail.events.find((e) => e.type === 'holder_wrote_again')?.data).toMatchObject({ messageId: reply.id, statusBefore: 'approved', status: 'ready' });
    expect(detail.events.find((e) => e.type === 'approval_voided')?.data).toMatchObject({ reason: 'holder_wrote_again', approvals: 2 });
    expect(await env.app.deps.db.select().from(approvals).where(eq(approvals.ticketId, ticket.id))).toEqual([]);
    expect(await queueRefs(env)).toContain(ticket.ref);

    expect((await resetJobResult(env, jobId)).result).toBe('not_approved');
    expect(await totpSecretOf(env, h.email)).not.toBeNull();
    expect((await ticketDetail(env.app.deps, ticket.ref))!.status).toBe('ready');
    // No "done" mail, and no automatic answer to the reply either.
    expect(sink().messages.length).toBe(before);
  }, 60_000);

  test("control: without the reply, the reset runs at the window's end", async () => {
    const env = await freshEnv({ RECOVERY_CANCEL_WINDOW: `${WINDOW_MS / 1000}s` });
    env.startWorker();
    const { h, ticket, jobId } = await forgedAndApproved(env);
    expect((await resetJobResult(env, jobId)).result).toBe('done');
    expect(await totpSecretOf(env, h.email)).toBeNull();
    expect((await ticketDetail(env.app.deps, ticket.ref))!.status).toBe('done');
    await mailTo(h.email, /two-step|two-factor|2FA/i);
  }, 60_000);
});

describe('a ticket ready for review', () => {
  test("an approval with the evidence shown before the holder's reply is refused after it; the same approval without the reply goes through", async () => {
    const env = await freshEnv({ RECOVERY_CANCEL_WINDOW: '1h' });
    env.startWorker();
    const agent = await seedAgent(env, 'agent@bpart.test');
    const opened = async () => {
      const h = await holder(env);
      const row = await deliverOne(env, await signedFrom(h, request('Sarah Connor', 'Northwind Traders')));
      expect(row.authenticated).toBe(true);
      const shown = (await ticketDetail(env.app.deps, (await ticketOf(env, row)).ref))!;
      expect(shown.status).toBe('ready');
      return { h, shown, ack: await mailTo(h.email, /REC-/) };
    };

    const replied = await opened();
    await deliverOne(env, await signedFrom(replied.h, OBJECTION, replied.ack));
    await expect(
      approveTicket(env.app.deps, {
        ref: replied.shown.ref,
        agentEmail: agent.email,
        totpCode: await codeAt(agent.totpSecret),
        evidenceHash: replied.shown.evidenceHash,
      }),
    ).rejects.toMatchObject({ code: 'ticket.evidence_changed' });
    const after = (await ticketDetail(env.app.deps, replied.shown.ref))!;
    expect(after.signals.flags).toContain('holder_wrote_again');
    expect(after.status).toBe('ready');
    expect(await totpSecretOf(env, replied.h.email)).not.toBeNull();

    const quiet = await opened();
    const ok = await approveTicket(env.app.deps, {
      ref: quiet.shown.ref,
      agentEmail: agent.email,
      totpCode: await codeAt(agent.totpSecret, 1),
      evidenceHash: quiet.shown.evidenceHash,
    });
    expect(ok.status).toBe('approved');
  }, 60_000);
});

describe('a closed ticket', () => {
  async function doneTicket(env: TestEnv) {
    const h = await holder(env);
    const row = await deliverOne(env, await signedFrom(h, request('Sarah Connor', 'Northwind Traders')));
    const ticket = await ticketOf(env, row);
    const agent = await seedAgent(env, `agent${n}@bpart.test`);
    expect((await approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: agent.email, totpCode: await codeAt(agent.totpSecret) })).status).toBe('done');
    const confirmation = await mailTo(h.email, /two-step|two-factor|2FA/i).then(() =>
      waitFor(() =>
        sink()
          .messages.filter((m) => m.envelope.to.includes(h.email))
          .at(-1),
      ),
    );
    return { h, ticket, confirmation };
  }

  test('the holder replies to a ticket done less than 30 days ago: flagged and back in the queue; more than 30 days ago: not', async () => {
    const env = await freshEnv({ RECOVERY_CANCEL_WINDOW: '0' });
    env.startWorker();

    const recent = await doneTicket(env);
    expect(await queueRefs(env)).not.toContain(recent.ticket.ref);
    const reply = await deliverOne(env, await signedFrom(recent.h, OBJECTION, recent.confirmation));
    expect(reply).toMatchObject({ outcome: 'ticket_updated', reason: 'holder_wrote_again', ticketId: recent.ticket.id });
    const flagged = (await ticketDetail(env.app.deps, recent.ticket.ref))!;
    expect(flagged.status).toBe('done');
    expect(flagged.signals.flags).toContain('holder_wrote_again');
    expect(flagged.events.find((e) => e.type === 'holder_wrote_again')?.data).toMatchObject({ messageId: reply.id });
    const row = (await consoleQueue(env.app.deps, 'open')).find((r) => r.ref === recent.ticket.ref);
    expect(row).toMatchObject({ status: 'done', flags: expect.arrayContaining(['holder_wrote_again']) });

    const old = await doneTicket(env);
    await env.app.deps.db
      .update(tickets)
      .set({ closedAt: new Date(Date.now() - 31 * 86_400_000) })
      .where(eq(tickets.id, old.ticket.id));
    const late = await deliverOne(env, await signedFrom(old.h, OBJECTION, old.confirmation));
    expect(late).toMatchObject({ outcome: 'ignored', reason: 'ticket_closed', ticketId: old.ticket.id });
    expect((await ticketDetail(env.app.deps, old.ticket.ref))!.signals.flags).not.toContain('holder_wrote_again');
    expect(await queueRefs(env)).not.toContain(old.ticket.ref);
  }, 60_000);

  test('a new request from the holder meets a ticket done less than 30 days ago: that one is flagged too, and the new one opens', async () => {
    const env = await freshEnv({ RECOVERY_CANCEL_WINDOW: '0' });
    env.startWorker();
    const { h, ticket } = await doneTicket(env);
    const again = await deliverOne(env, await signedFrom(h, request('Sarah Connor', 'Northwind Traders')));
    expect(again.outcome).toBe('ticket_opened');
    expect(again.ticketId).not.toBe(ticket.id);
    const old = (await ticketDetail(env.app.deps, ticket.ref))!;
    expect(old.signals.flags).toContain('holder_wrote_again');
    expect(old.events.find((e) => e.type === 'holder_wrote_again')?.data).toMatchObject({ messageId: again.id, how: 'new_request' });
    expect(await queueRefs(env)).toEqual(expect.arrayContaining([ticket.ref, (await ticketOf(env, again)).ref]));
  }, 60_000);
});

describe('a ticket waiting for details', () => {
  test('a reply that only fills in the missing name is merged without a flag; one that fills in nothing is flagged', async () => {
    const env = await freshEnv();
    env.startWorker();
    const h = await holder(env);
    const noName = `Hello,\n\nI lost my phone and my authenticator app with it. Please reset the 2FA of my account.\nI manage the account of Northwind Traders.\n\nThanks`;
    const first = await deliverOne(env, await signedFrom(h, noName));
    const ticket = await ticketOf(env, first);
    expect(ticket.status).toBe('waiting_details');
    expect(ticket.missing).toEqual(['fullName']);
    const ask = await mailTo(h.email, /REC-/);

    const name = await deliverOne(env, await signedFrom(h, 'Sorry, my name is Sarah Connor.\n\nSarah Connor', ask));
    expect(name).toMatchObject({ authenticated: true, outcome: 'ticket_updated', ticketId: ticket.id });
    const filled = (await ticketDetail(env.app.deps, ticket.ref))!;
    expect(filled.missing).toEqual([]);
    expect(filled.status).toBe('ready');
    expect(filled.signals.flags).not.toContain('holder_wrote_again');
    expect((filled.signals as Record<string, unknown>).mergedMessageIds).toEqual([first.id, name.id]);

    // Control: the same thread on another holder's ticket, a reply that fills in nothing.
    const other = await holder(env);
    const otherFirst = await deliverOne(env, await signedFrom(other, noName));
    const otherAsk = await mailTo(other.email, /REC-/);
    await deliverOne(env, await signedFrom(other, OBJECTION, otherAsk));
    const objected = (await ticketDetail(env.app.deps, (await ticketOf(env, otherFirst)).ref))!;
    expect(objected.status).toBe('waiting_details');
    expect(objected.signals.flags).toContain('holder_wrote_again');
  }, 60_000);
});

describe('a forged message on such a ticket', () => {
  test('an unsigned reply on an authenticated ready ticket stays kept apart and flags nothing of the holder (control: signed, it does)', async () => {
    const env = await freshEnv();
    env.startWorker();
    const h = await holder(env);
    const row = await deliverOne(env, await signedFrom(h, request('Sarah Connor', 'Northwind Traders')));
    const ticket = await ticketOf(env, row);
    const ack = await mailTo(h.email, /REC-/);
    const unsigned = rawMessage({
      from: `Sarah Connor <${h.email}>`,
      subject: `Re: ${ack.subject}`,
      body: OBJECTION,
      headers: [`In-Reply-To: ${ack.messageId}`],
    });
    const forged = await deliverOne(env, unsigned);
    expect(forged).toMatchObject({ authenticated: false, reason: 'unverified_not_merged' });
    let detail = (await ticketDetail(env.app.deps, ticket.ref))!;
    expect(detail.signals.flags).toEqual(['unverified_message_received']);
    expect((detail.signals as Record<string, unknown>).mergedMessageIds).toEqual([row.id]);

    await deliverOne(env, await signedFrom(h, OBJECTION, ack));
    detail = (await ticketDetail(env.app.deps, ticket.ref))!;
    expect(detail.signals.flags).toContain('holder_wrote_again');
  }, 60_000);
});
