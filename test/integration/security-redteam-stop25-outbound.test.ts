// Attacks tried in stop 25, third pass (docs/security-log.md "Attacks tried in stop 25, third pass"): what we send
// and when. Eve has the password, writes to support from anywhere, signs mail of her own domains and
// mails the holder herself. Real pipeline (PostgreSQL, Redis, BullMQ workers, an SMTP sink), mail
// genuinely DKIM-signed against the offline zone. Each attack has a control that differs only in the
// attacked detail.
import { beforeAll, describe, expect, test } from 'vitest';
import { approveTicket } from '../../src/steps/approve-ticket.ts';
import { rejectTicket } from '../../src/steps/reject-ticket.ts';
import { requestDetails } from '../../src/steps/request-details.ts';
import { seedAgent, type TestEnv } from '../support/app.ts';
import { deliverOne, expectTwoFactorUntouched, rawMessage, request, settleOutbox, useRedTeam, OVERRIDE_REASON } from '../support/security.ts';
import type { SinkMessage, SmtpSink } from '../support/smtp-sink.ts';
import { codeAt } from '../e2e/console-support.ts';

const team = useRedTeam('stop25o-', { RECOVERY_CANCEL_WINDOW: '24h', RECOVERY_CHALLENGE: 'off' });
const { running, victim, signed, ticketRow } = team;
let sink: SmtpSink;
let env: TestEnv;
beforeAll(() => {
  ({ sink, env } = running());
});

let agents = 0;
const agent = () => seedAgent(env, `stop25o-agent-${++agents}@bpart.test`);

/** What the sink received for this address since `from` (an index into sink.messages). */
const mailTo = (address: string, from = 0): SinkMessage[] => sink.messages.slice(from).filter((m) => m.envelope.to.includes(address));

/** Every Message-ID our mail's In-Reply-To and References name. */
const threadIds = (m: SinkMessage): string[] => [...(m.inReplyTo ? [m.inReplyTo] : []), ...m.references];

describe('our genuine mail in Eve’s conversation: the thread a forged request chose', () => {
  // Eve mails the holder first, as "support", under a Message-ID she picked, and then sends support
  // a forged request as the holder under that Message-ID (References naming another of hers). Our
  // request for details, our rejection and our approval notice (cancel and "This wasn't me" links)
  // then answered her message: the holder's client files them in her conversation, under her
  // "ignore the cancel link, it is a known issue".
  test('the request for details and the rejection of a forged ticket thread on none of her ids', async () => {
    const v = await victim();
    const tag = `${process.pid}-${Date.now()}`;
    const phish = `<phish-${tag}@evil.example>`;
    const earlier = `<earlier-${tag}@evil.example>`;
    const forged = rawMessage({
      from: `Alice Martin <${v.email}>`,
      subject: 'Lost my phone',
      messageId: phish,
      headers: [`In-Reply-To: ${earlier}`, `References: ${earlier}`],
      body: 'Hello,\n\nI lost my phone with my authenticator app and cannot log in. Please reset my two-factor authentication.\n\nAlice Martin',
    });
    const opened = await deliverOne(env, forged);
    const ticket = await ticketRow(opened.ticketId!);
    expect(ticket.signals.senderAuthenticated).toBe(false);
    expect(ticket.missing).toEqual(['organisation']);
    expect(mailTo(v.email)).toHaveLength(0); // nothing answers a forgery (SPEC §6 rule 3)
    const a = await agent();
    const start = sink.messages.length;
    await requestDetails(env.app.deps, { ref: ticket.ref, agentEmail: a.email });
    await rejectTicket(env.app.deps, { ref: ticket.ref, agentEmail: a.email, reason: 'we could not reach you' });
    await settleOutbox(env);
    const sent = await sink.waitForMessages(start + 2);
    const mails = mailTo(v.email, start);
    // Both mails, in whichever order the pooled SMTP connections delivered them (under load the second may land first).
    expect(mails.map((m) => m.headers.get('x-recovery-desk-kind')).sort()).toEqual(['rejection', 'request_details']);
    for (const m of mails) {
      // Before: In-Reply-To <phish-…>, References <earlier-…> <phish-…>.
      expect(threadIds(m), String(m.headers.get('x-recovery-desk-kind'))).toEqual([]);
      expect(m.subject).toContain(`[${ticket.ref}]`);
    }
    expect(sent.length).toBeGreaterThanOrEqual(start + 2);
    await expectTwoFactorUntouched(env, [v.email]);
  });

  test('the approval notice of a forged request (override, two agents) threads on none of her ids', async () => {
    // The notice with the holder's one cancel link, in her conversation.
    const w = await victim();
    const tag2 = `${process.pid}-${Date.now()}-2`;
    const complete = rawMessage({
      from: `Alice Martin <${w.email}>`,
      subject: 'Lost my phone',
      messageId: `<phish-${tag2}@evil.example>`,
      headers: [`References: <earlier-${tag2}@evil.example>`],
      body: request('Alice Martin', 'Good Example SRL'),
    });
    const second = await ticketRow((await deliverOne(env, complete)).ticketId!);
    expect(second.status).toBe('ready');
    const [b, c] = [await agent(), await agent()];
    const before = sink.messages.length;
    await approveTicket(env.app.deps, { ref: second.ref, agentEmail: b.email, totpCode: await codeAt(b.totpSecret), reason: OVERRIDE_REASON });
    expect(
      await approveTicket(env.app.deps, { ref: second.ref, agentEmail: c.email, totpCode: await codeAt(c.totpSecret), reason: OVERRIDE_REASON }),
    ).toMatchObject({ status: 'approved' });
    await settleOutbox(env);
    await sink.waitForMessages(before + 1);
    const [notice] = mailTo(w.email, before);
    expect(notice?.headers.get('x-recovery-desk-kind')).toBe('approved_notice');
    // Before: In-Reply-To <phish-…2>, References <earlier-…2> <phish-…2>.
    expect(threadIds(notice!)).toEqual([]);
    expect(notice!.parsed.text).toContain('/r/cancel/');
    await expectTwoFactorUntouched(env, [w.email]);
  });

  test('control: mail about the holder’s own signed request threads on it, as before', async () => {
    const v = await victim();
    const own = `<own-${process.pid}-${Date.now()}@${v.domain}>`;
    const earlier = `<before-${process.pid}-${Date.now()}@${v.domain}>`;
    const start = sink.messages.length;
    const opened = await deliverOne(
      env,
      await signed(
        rawMessage({
          from: `Alice Martin <${v.email}>`,
          subject: 'Lost my phone',
          messageId: own,
          headers: [`References: ${earlier}`],
          body: request('Alice Martin', 'Good Example SRL'),
        }),
        v.domain,
      ),
    );
    const ticket = await ticketRow(opened.ticketId!);
    expect(ticket.signals.senderAuthenticated).toBe(true);
    await settleOutbox(env);
    await sink.waitForMessages(start + 1);
    const [ack] = mailTo(v.email, start);
    expect(ack?.headers.get('x-recovery-desk-kind')).toBe('acknowledgement');
    expect(ack!.inReplyTo).toBe(own);
    expect(ack!.references).toEqual([earlier, own]);
    const a = await agent();
    const before = sink.messages.length;
    expect(await approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: a.email, totpCode: await codeAt(a.totpSecret) })).toMatchObject({
      status: 'approved',
    });
    await settleOutbox(env);
    await sink.waitForMessages(before + 1);
    const [notice] = mailTo(v.email, before);
    expect(notice?.headers.get('x-recovery-desk-kind')).toBe('approved_notice');
    expect(notice!.inReplyTo).toBe(own);
  });

  test('the holder’s signed request taking over the forged ticket threads on the holder’s message, not on hers', async () => {
    const v = await victim();
    const tag = `${process.pid}-${Date.now()}`;
    const phish = `<phish-${tag}@evil.example>`;
    await deliverOne(
      env,
      rawMessage({ from: `Alice Martin <${v.email}>`, subject: 'Lost my phone', messageId: phish, body: request('Alice Martin', 'Good Example SRL') }),
    );
    const own = `<own-${tag}@${v.domain}>`;
    const start = sink.messages.length;
    const taken = await deliverOne(
      env,
      await signed(
        rawMessage({ from: `Alice Martin <${v.email}>`, subject: 'Lost my phone', messageId: own, body: request('Alice Martin', 'Good Example SRL') }),
        v.domain,
      ),
    );
    expect((await ticketRow(taken.ticketId!)).signals.flags).toContain('competing_requests');
    await settleOutbox(env);
    await sink.waitForMessages(start + 1);
    const [ack] = mailTo(v.email, start);
    expect(ack?.headers.get('x-recovery-desk-kind')).toBe('acknowledgement');
    expect(ack!.inReplyTo).toBe(own);
    expect(threadIds(ack!)).not.toContain(phish);
  });
});
