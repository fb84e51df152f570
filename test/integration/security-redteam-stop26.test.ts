// Attacks tried in stop 26 (docs/security-log.md "Attacks tried in stop 26"): SPEC §6 rules 15 and 16 under
// races. Eve has the password and writes to support; the holder answers through "This wasn't me" or
// signed mail at the very moment an agent approves, or writes while Eve's forgeries are processed
// beside their request by concurrent jobs. Each test repeats the race and states what must hold
// whichever side wins. Real pipeline (PostgreSQL, Redis, BullMQ workers, an SMTP sink), mail
// genuinely DKIM-signed against the offline zone.
import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { accounts, inboundMessages, ticketEvents as events, tickets } from '../../src/adapters/db/schema/index.ts';
import { approveTicket } from '../../src/steps/approve-ticket.ts';
import { evidenceHash } from '../../src/steps/evidence.ts';
import { disputeByToken } from '../../src/steps/holder-dispute.ts';
import { listHeld } from '../../src/steps/held-mail.ts';
import { seedAgent, type TestEnv } from '../support/app.ts';
import { codeAt } from '../e2e/console-support.ts';
import { deliver, deliverOne, rawMessage, request, settleOutbox, useRedTeam } from '../support/security.ts';
import type { SmtpSink } from '../support/smtp-sink.ts';

// No cancel window: the approval is the reset, the sharpest race with the holder's voice.
const team = useRedTeam('stop26-', { RECOVERY_CANCEL_WINDOW: '0', RECOVERY_CHALLENGE: 'off' });
const { running, victim, signed, ticketRow } = team;
let sink: SmtpSink;
let env: TestEnv;
let agents = 0;
beforeAll(() => {
  ({ sink, env } = running());
});

const agent = () => seedAgent(env, `stop26-agent-${(agents += 1)}@bpart.test`);
const mailTo = (email: string) => sink.messages.filter((m) => m.envelope.to.includes(email));
const totpOf = async (email: string) => (await env.app.deps.db.select({ totp: accounts.totpSecret }).from(accounts).where(eq(accounts.email, email)))[0]!.totp;
const eventsOf = async (ticketId: number) =>
  env.app.deps.db.select({ id: events.id, type: events.type }).from(events).where(eq(events.ticketId, ticketId)).orderBy(events.id);

/** The holder's signed, complete request: its ticket (ready) and the "This wasn't me" token of its acknowledgement. */
async function holderRequest() {
  const v = await victim();
  const row = await deliverOne(
    env,
    await signed(rawMessage({ from: `Alice Martin <${v.email}>`, body: request('Alice Martin', 'Good Example SRL') }), v.domain),
  );
  const ticket = await ticketRow(row.ticketId!);
  expect(ticket.status).toBe('ready');
  const ack = mailTo(v.email).at(-1)!;
  const token = /\/r\/not-me\/([A-Za-z0-9_-]+)/.exec(ack.parsed.text ?? '')?.[1];
  expect(token).toBeDefined();
  return { v, ticket, token: token! };
}

describe('rule 15: the holder’s voice against an approval that resets at once', () => {
  test('“This wasn’t me” at the moment an agent approves, five times: the reset ran first (done, flagged, locked) or the dispute did (cancelled, 2FA kept), never a cancelled ticket with 2FA gone', async () => {
    for (let round = 0; round < 5; round += 1) {
      const { v, ticket, token } = await holderRequest();
      const a = await agent();
      const [approval, dispute] = await Promise.allSettled([
        approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: a.email, totpCode: await codeAt(a.totpSecret), evidenceHash: evidenceHash(ticket) }),
        disputeByToken(env.app.deps, token),
      ]);
      const after = await ticketRow(ticket.id);
      const [account] = await env.app.deps.db.select().from(accounts).where(eq(accounts.email, v.email));
      expect(after.signals.flags).toContain('holder_disputed');
      expect(account!.recoveryLockedUntil!.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
      if (approval.status === 'fulfilled') {
        expect(approval.value).toEqual({ status: 'done', ref: ticket.ref });
        expect(dispute).toEqual({ status: 'fulfilled', value: { result: 'flagged', ref: ticket.ref } });
        expect(after.status).toBe('done');
        expect(account!.totpSecret).toBeNull();
      } else {
        expect(dispute).toEqual({ status: 'fulfilled', value: { result: 'cancelled', ref: ticket.ref } });
        expect(after.status).toBe('cancelled');
        expect(account!.totpSecret).not.toBeNull();
      }
    }
  });

  test('the holder’s signed “I did not ask for this” in the thread at the moment an agent approves, five times: never a reset after the objection was recorded', async () => {
    for (let round = 0; round < 5; round += 1) {
      const { v, ticket } = await holderRequest();
      const a = await agent();
      const objection = await signed(
        rawMessage({
          from: `Alice Martin <${v.email}>`,
          subject: `Re: [${ticket.ref}] Your request`,
          body: 'I did not ask for any of this. Do not touch my account.\n\nAlice Martin',
        }),
        v.domain,
      );
      const [approval] = await Promise.allSettled([
        approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: a.email, totpCode: await codeAt(a.totpSecret), evidenceHash: evidenceHash(ticket) }),
        deliver(env, [objection]),
      ]);
      const after = await ticketRow(ticket.id);
      const types = (await eventsOf(ticket.id)).map((e) => e.type);
      expect(types).toContain('holder_wrote_again');
      if (approval.status === 'fulfilled') {
        // The approval committed first: the objection arrived on a done ticket and is flagged there.
        expect(types.indexOf('reset_done')).toBeLessThan(types.indexOf('holder_wrote_again'));
        expect(after.status).toBe('done');
      } else {
        expect(String(approval.reason)).toMatch(/changed since|evidence/i);
        expect(types).not.toContain('reset_done');
        expect(after.status).toBe('ready');
        expect(await totpOf(v.email)).not.toBeNull();
      }
    }
  });
});

describe('rule 16: forgeries processed beside the holder’s request by concurrent jobs', () => {
  test('Eve’s forgery and the holder’s signed request stored together (one batch, both orders, three times each): one ticket, authenticated, the holder acknowledged once', async () => {
    for (let round = 0; round < 6; round += 1) {
      const v = await victim();
      const forged = rawMessage({
        from: `Alice Martin <${v.email}>`,
        body: 'I lost my phone, please reset my 2FA and send the new code to this mail.\n\nAlice',
      });
      const genuine = await signed(rawMessage({ from: `Alice Martin <${v.email}>`, body: request('Alice Martin', 'Good Example SRL') }), v.domain);
      await deliver(env, round % 2 === 0 ? [forged, genuine] : [genuine, forged]);
      const rows = await env.app.deps.db.select().from(tickets).where(eq(tickets.senderAddress, v.email));
      expect(rows).toHaveLength(1);
      expect(rows[0]!.signals.senderAuthenticated).toBe(true);
      expect(mailTo(v.email).filter((m) => m.parsed.subject?.includes(rows[0]!.ref))).toHaveLength(1);
    }
  });

  test('Eve’s copy of the holder’s signed request (a Reply-To added above the signature: unauthenticated, same Message-ID) processed beside the holder’s own copy, both orders: the holder’s copy is never held as its duplicate', async () => {
    for (let round = 0; round < 4; round += 1) {
      const v = await victim();
      const genuine = await signed(rawMessage({ from: `Alice Martin <${v.email}>`, body: request('Alice Martin', 'Good Example SRL') }), v.domain);
      const copy = `Reply-To: eve@evil.example\r\n${genuine}`;
      const rows = await deliver(env, round % 2 === 0 ? [copy, genuine] : [genuine, copy]);
      // Exactly one copy is authenticated (the holder's, acted on), whichever was processed first.
      const holders = rows.filter((row) => row.authenticated);
      expect(holders).toHaveLength(1);
      expect(holders[0]!.outcome).not.toBe('ignored');
      const [ticket] = await env.app.deps.db.select().from(tickets).where(eq(tickets.senderAddress, v.email));
      expect(ticket!.signals.senderAuthenticated).toBe(true);
      expect(mailTo(v.email)).toHaveLength(1);
    }
  });

  test('a burst of 70 forgeries (55 for strangers, 15 as the holder) processed with the holder’s signed request: it is authenticated and answered, and every throttled forgery stays visible', async () => {
    const v = await victim();
    const strangers = Array.from({ length: 55 }, (_, i) => rawMessage({ from: `Someone <s${i}-${process.pid}@elsewhere.example>` }));
    const asHolder = Array.from({ length: 15 }, () => rawMessage({ from: `Alice Martin <${v.email}>` }));
    const genuine = await signed(rawMessage({ from: `Alice Martin <${v.email}>`, body: request('Alice Martin', 'Good Example SRL') }), v.domain);
    // The holder's request in the middle of the burst, stored with it: the batch jobs run side by side.
    const burst = [...strangers.slice(0, 30), ...asHolder.slice(0, 8), genuine, ...asHolder.slice(8), ...strangers.slice(30)];
    const rows = await deliver(env, burst, 60_000);
    await settleOutbox(env);
    const holderRow = rows[38]!;
    expect(holderRow).toMatchObject({ authenticated: true, kind: 'recovery_request' });
    expect(holderRow.reason ?? '').not.toMatch(/throttled/);
    const ticket = await ticketRow(holderRow.ticketId!);
    expect(ticket.signals.senderAuthenticated).toBe(true);
    expect(mailTo(v.email)).toHaveLength(1);
    const throttled = rows.filter((row) => row.reason?.startsWith('throttled_'));
    expect(throttled.length).toBeGreaterThan(0);
    const held = new Set((await listHeld(env.app.deps)).map((row) => row.id));
    for (const row of throttled) expect(held).toContain(row.id);
    const [stored] = await env.app.deps.db
      .select({ id: inboundMessages.id })
      .from(inboundMessages)
      .where(and(eq(inboundMessages.id, holderRow.id), inArray(inboundMessages.status, ['processed'])));
    expect(stored).toBeDefined();
  });
});
