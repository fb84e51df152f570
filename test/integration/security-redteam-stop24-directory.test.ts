// Attacks tried in stop 24 (docs/security-log.md "Attacks tried in stop 24"), the account directory's part: an
// external reset (SPEC §9) is not in recovery-desk's transaction, so the holder's "This wasn't me"
// (or their signed "I did not ask for this") can land between a call that reached the directory
// and the job's next look at the ticket. Eve holds the password: a reset the product reports as
// stopped is an account she can sign in to while the holder believes it is safe. Real pipeline
// (PostgreSQL, Redis, BullMQ workers, an SMTP sink), the reference receiver as its own program,
// mail genuinely DKIM-signed against the offline zone. Each attack has a control.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { directoryOperations, tickets } from '../../src/adapters/db/schema/index.ts';
import { eventsOfTicket } from '../../src/adapters/db/events.repository.ts';
import { totpCode } from '../../src/adapters/totp/totp.ts';
import { notificationForEvent } from '../../src/core/notify.ts';
import { approveTicket } from '../../src/steps/approve-ticket.ts';
import { disputeByToken } from '../../src/steps/holder-dispute.ts';
import { consoleQueue } from '../../src/steps/console-view.ts';
import { ticketDetail } from '../../src/steps/ticket-view.ts';
import { seedAgent, type TestEnv } from '../support/app.ts';
import { startReceiver, type Receiver } from '../support/directory-receiver.ts';
import { deliverOne, rawMessage, request, settleOutbox, sign, signingZone, useFreshEnvsWithSink } from '../support/security.ts';
import type { SinkMessage } from '../support/smtp-sink.ts';
import { waitFor } from '../support/wait.ts';

const { zone, key } = signingZone();
const pipeline = useFreshEnvsWithSink(zone);
const SECRET = 'stop24-directory-secret-0123456789abcdef';
const HOLDER = { id: 'u-24', email: 'victor@genuine.example', fullName: 'Victor Holder', organisations: ['Genuine BV'], totpEnabled: true };

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver(SECRET, '/directory');
});
afterAll(async () => {
  await receiver?.stop();
});
beforeEach(async () => {
  await receiver.fail(null);
  await receiver.seed([HOLDER]);
});

async function httpEnv(): Promise<TestEnv> {
  const e = await pipeline.freshEnv({
    ACCOUNT_DIRECTORY: 'http',
    DIRECTORY_HTTP_URL: receiver.url,
    DIRECTORY_HTTP_SECRET: SECRET,
    DIRECTORY_HTTP_TIMEOUT: '1s',
    PUBLIC_URL: 'https://desk.bpart.test',
  });
  e.startWorker();
  return e;
}

const holderMail = (body: string, headers: string[] = [], subject = 'Lost my phone') =>
  sign(rawMessage({ from: `Victor Holder <${HOLDER.email}>`, subject, body, headers }), { domain: 'genuine.example', key });

function notMeToken(mail: SinkMessage | undefined): string {
  const match = /https:\/\/desk\.bpart\.test\/r\/not-me\/([A-Za-z0-9_-]+)/.exec(mail?.parsed.text ?? '');
  if (!match) throw new Error('no "This wasn\'t me" link in the mail');
  return match[1]!;
}

/** The holder's signed request, acknowledged (with its "This wasn't me" link), approved by one agent: the external reset recorded. */
async function approvedWhileDirectory(e: TestEnv, mode: 'apply-then-hang' | '500') {
  const row = await deliverOne(e, await holderMail(request('Victor Holder', 'Genuine BV')));
  const [ticket] = await e.app.deps.db.select().from(tickets).where(eq(tickets.id, row.ticketId!));
  expect(ticket?.status).toBe('ready');
  await settleOutbox(e);
  const ack = pipeline.sink().messages.find((m) => m.envelope.to.includes(HOLDER.email));
  await receiver.fail(mode);
  const agent = await seedAgent(e, `stop24-agent-${Math.random().toString(36).slice(2, 8)}@bpart.test`);
  expect(await approveTicket(e.app.deps, { ref: ticket!.ref, agentEmail: agent.email, totpCode: await totpCode(agent.totpSecret) })).toMatchObject({
    status: 'resetting',
  });
  // The first call failed (a time-out after the directory applied it, or a 500 before): a retry is scheduled.
  await waitFor(async () => ((await operationOf(e, ticket!.id))?.failures ?? 0) >= 1, { timeoutMs: 20_000, what: 'a failed first call' });
  return { ticket: ticket!, ack };
}

const operationOf = async (e: TestEnv, id: number) => (await e.app.deps.db.select().from(directoryOperations).where(eq(directoryOperations.ticketId, id)))[0];

async function finished(e: TestEnv, id: number) {
  await receiver.fail(null);
  return waitFor(async () => ((await operationOf(e, id))?.status !== 'pending' ? operationOf(e, id) : null), {
    timeoutMs: 30_000,
    what: 'the operation finished',
  });
}

describe('the holder stops the recovery while an external reset that reached the directory is being retried', () => {
  test('"This wasn\'t me" after a call the directory applied but never answered: agents are told 2FA is gone, not that the reset was abandoned', async () => {
    const e = await httpEnv();
    const { ticket, ack } = await approvedWhileDirectory(e, 'apply-then-hang');
    expect((await receiver.state()).accounts[0]).toMatchObject({ totpEnabled: false }); // the call landed
    expect(await disputeByToken(e.app.deps, notMeToken(ack))).toEqual({ result: 'cancelled', ref: ticket.ref });
    const operation = await finished(e, ticket.id);
    // Before: the retry saw the ticket cancelled and abandoned the operation without looking: the
    // ticket read "cancelled", the holder was shown "The recovery is stopped", and nothing said the
    // second factor was already gone (Eve, with the password, signs in and enrols her own).
    const detail = await ticketDetail(e.app.deps, ticket.ref);
    expect(detail!.status).toBe('cancelled');
    expect(detail!.signals.flags).toEqual(expect.arrayContaining(['holder_disputed', 'reset_after_close']));
    const types = (await eventsOfTicket(e.app.deps.db, ticket.id)).map((event) => event.type);
    expect(types).toContain('directory_reset_after_close');
    expect(types).not.toContain('directory_reset_abandoned');
    expect(operation).toMatchObject({ status: 'done' });
    expect(notificationForEvent('directory_reset_after_close')).toBe('needs_attention');
    const row = (await consoleQueue(e.app.deps, 'open')).find((r) => r.ref === ticket.ref);
    expect(row?.flags).toContain('reset_after_close');
  });

  test('control: the directory refused the first call (500, nothing applied): the retry abandons it, 2FA stays, no such flag', async () => {
    const e = await httpEnv();
    const { ticket, ack } = await approvedWhileDirectory(e, '500');
    expect(await disputeByToken(e.app.deps, notMeToken(ack))).toEqual({ result: 'cancelled', ref: ticket.ref });
    const operation = await finished(e, ticket.id);
    expect(operation).toMatchObject({ status: 'cancelled' });
    expect((await receiver.state()).accounts[0]).toMatchObject({ totpEnabled: true });
    const detail = await ticketDetail(e.app.deps, ticket.ref);
    expect(detail!.signals.flags).toContain('holder_disputed');
    expect(detail!.signals.flags).not.toContain('reset_after_close');
    expect((await eventsOfTicket(e.app.deps.db, ticket.id)).map((event) => event.type)).toContain('directory_reset_abandoned');
  });

  test('the holder\'s signed "I did not ask for this" in the thread sends the ticket back to review: the reset the directory already applied is said, not hidden', async () => {
    const e = await httpEnv();
    const { ticket } = await approvedWhileDirectory(e, 'apply-then-hang');
    const objection = await deliverOne(
      e,
      await holderMail('Hello,\n\nI did not ask for any of this. Please do nothing with my account.\n\nVictor Holder', [], `Re: [${ticket.ref}] Your request`),
    );
    expect(objection.ticketId).toBe(ticket.id);
    await waitFor(async () => (await e.app.deps.db.select().from(tickets).where(eq(tickets.id, ticket.id)))[0]?.status === 'ready', {
      timeoutMs: 10_000,
      what: 'back to review',
    });
    await finished(e, ticket.id);
    const detail = await ticketDetail(e.app.deps, ticket.ref);
    expect(detail!.signals.flags).toEqual(expect.arrayContaining(['holder_wrote_again', 'reset_after_close']));
    expect((await eventsOfTicket(e.app.deps.db, ticket.id)).map((event) => event.type)).toContain('directory_reset_after_close');
  });
});
