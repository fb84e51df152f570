// Attacks tried in stop 25 (docs/security-log.md "Attacks tried in stop 25"): Eve has the password, sends mail from
// anywhere, signs mail of her own domains and sometimes gets a copy of the holder's mail (a colleague's
// address in Cc she took over, a reply-all). This pass aims at what stop 24 left of "what was signed is
// what is read": headers no signature covers that do not change what a message is, but whether it is
// answered. Real pipeline (PostgreSQL, Redis, BullMQ workers, an SMTP sink), mail genuinely
// DKIM-signed against the offline zone. Each attack has a control that differs only in the attacked
// detail.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { tickets } from '../../src/adapters/db/schema/index.ts';
import { approveTicket } from '../../src/steps/approve-ticket.ts';
import { confirmByToken } from '../../src/steps/confirm-ticket.ts';
import { runDueReset } from '../../src/steps/reset-2fa.ts';
import type { TestEnv } from '../support/app.ts';
import { deliverOne, expectTwoFactorUntouched, rawMessage, request, settleOutbox, useRedTeam, useRedTeamConsole } from '../support/security.ts';
import type { SmtpSink, SinkMessage } from '../support/smtp-sink.ts';
import { codeAt } from '../e2e/console-support.ts';

const team = useRedTeam('stop25-', { RECOVERY_CANCEL_WINDOW: '24h', RECOVERY_CHALLENGE: 'link' });
const { running, victim, signed, ticketRow } = team;
const web = useRedTeamConsole('stop25-', running);
let sink: SmtpSink;
let env: TestEnv;
beforeAll(() => {
  ({ sink, env } = running());
});

const mailsTo = (email: string): SinkMessage[] => sink.messages.filter((m) => m.envelope.to.includes(email));

/** The token of the confirmation link in a mail, or null. */
function confirmToken(mail: SinkMessage | undefined): string | null {
  return /\/r\/confirm\/([A-Za-z0-9_-]{16,64})/.exec(mail?.parsed.text ?? '')?.[1] ?? null;
}

// Headers that withhold an automatic answer (SPEC §6 rule 3) but leave the message what it is (a
// recovery request, authenticated): a mark a forwarding rule writes, a list archive header, and a
// null envelope sender (Eve sends her copy with MAIL FROM:<>, our MX writes `Return-Path: <>`). Stop
// 24 tried the marks that make a message an auto-reply, list or bounce mail: those copies are not
// requests, never authenticated, and cannot make the holder's copy a duplicate.
const MARKS: Record<string, string[]> = {
  'Auto-Submitted: auto-forwarded': ['Auto-Submitted: auto-forwarded'],
  'a null Return-Path': ['Return-Path: <>'],
  'List-Archive': ['List-Archive: <https://lists.evil.example/staff/>'],
};
// The control: Eve's copy with a header that withholds nothing (a relay's trace line).
const TRACE = () => [`Received: from mx.evil.example by mx.bpart.test; ${new Date().toUTCString()}`];

describe('headers no signature covered that withhold the answer: Eve’s marked copy of the holder’s request goes first', () => {
  async function holderRequest(email: string, domain: string): Promise<string> {
    return signed(
      rawMessage({ from: `Alice Martin <${email}>`, headers: ['Cc: eve@evil.example'], body: request('Alice Martin', 'Good Example SRL') }),
      domain,
    );
  }

  for (const [name, added] of Object.entries(MARKS)) {
    test(`${name}: the holder is still sent the acknowledgement with the confirmation link, once, and can confirm`, async () => {
      const v = await victim();
      const holder = await holderRequest(v.email, v.domain);
      const eves = await deliverOne(env, `${added.join('\r\n')}\r\n${holder}`);
      // Her copy is the holder's signed request: it opens the authenticated ticket, unanswered.
      expect(eves).toMatchObject({ kind: 'recovery_request', authenticated: true, outcome: 'ticket_opened' });
      expect((await ticketRow(eves.ticketId!)).status).toBe('waiting_confirmation');
      const theirs = await deliverOne(env, holder);
      expect(theirs).toMatchObject({ outcome: 'ignored', reason: 'duplicate_message_id', ticketId: eves.ticketId });
      await settleOutbox(env);
      // Before: no mail at all (the first copy withheld the answer, the holder's own was only its
      // duplicate): no acknowledgement, no confirmation link, the ticket waiting for a confirmation
      // that could never come.
      const mails = mailsTo(v.email);
      expect(mails).toHaveLength(1);
      const token = confirmToken(mails[0]);
      expect(token).not.toBeNull();
      expect(await confirmByToken(env.app.deps, token!)).toBe('confirmed');
      const ticket = await ticketRow(eves.ticketId!);
      expect(ticket.status).toBe('ready');
      expect(ticket.signals.noAutoAnswer ?? null).toBeNull();
      // Another copy changes nothing more: the answer goes once.
      await deliverOne(env, holder.replace('\r\n\r\n', '\r\nX-Relay: again\r\n\r\n'));
      await settleOutbox(env);
      expect(mailsTo(v.email)).toHaveLength(1);
      expect(mailsTo('eve@evil.example')).toEqual([]);
      await expectTwoFactorUntouched(env, [v.email]);
    });
  }

  test('control: her copy with a trace line only is the holder’s request itself (answered once, the holder’s copy the duplicate)', async () => {
    const v = await victim();
    const holder = await holderRequest(v.email, v.domain);
    const eves = await deliverOne(env, `${TRACE().join('\r\n')}\r\n${holder}`);
    expect(eves).toMatchObject({ outcome: 'ticket_opened', authenticated: true });
    const theirs = await deliverOne(env, holder);
    expect(theirs).toMatchObject({ outcome: 'ignored', reason: 'duplicate_message_id', ticketId: eves.ticketId });
    await settleOutbox(env);
    expect(mailsTo(v.email)).toHaveLength(1);
    expect(confirmToken(mailsTo(v.email)[0])).not.toBeNull();
  });

  test('control: the marked copy alone (no unmarked copy ever comes) is not answered (SPEC §6 rule 3), and the agent is told why', async () => {
    const v = await victim();
    const holder = await holderRequest(v.email, v.domain);
    const eves = await deliverOne(env, `Auto-Submitted: auto-forwarded\r\n${holder}`);
    expect(eves).toMatchObject({ outcome: 'ticket_opened', authenticated: true });
    await settleOutbox(env);
    expect(mailsTo(v.email)).toEqual([]);
    expect((await ticketRow(eves.ticketId!)).signals.noAutoAnswer).toBe('auto_submitted');
  });
});

describe('the same in our thread: the holder’s answer to our request for details, Eve’s marked copy first', () => {
  async function answerTo(v: { email: string; domain: string }, body: string) {
    const ticket = await team.askedForOrganisation(v);
    const ours = mailsTo(v.email).at(-1)?.messageId;
    const answer = await signed(
      rawMessage({
        from: `Alice Martin <${v.email}>`,
        subject: `Re: [${ticket.ref}] More details needed`,
        headers: [`In-Reply-To: ${ours}`, `References: ${ours}`, 'Cc: eve@evil.example'],
        body,
      }),
      v.domain,
    );
    return { ticket, answer };
  }

  for (const [name, added] of Object.entries(MARKS)) {
    test(`${name}: the organisation is filled in and the holder gets the confirmation link`, async () => {
      const v = await victim();
      const { ticket, answer } = await answerTo(v, request('Alice Martin', 'Good Example SRL'));
      const asked = mailsTo(v.email).length;
      const eves = await deliverOne(env, `${added.join('\r\n')}\r\n${answer}`);
      expect(eves).toMatchObject({ authenticated: true, outcome: 'ticket_updated', ticketId: ticket.id });
      expect((await ticketRow(ticket.id)).status).toBe('waiting_confirmation');
      await deliverOne(env, answer);
      await settleOutbox(env);
      // Before: the status moved on with her copy, no mail was sent, and the holder's own copy
      // (a duplicate) brought nothing: the confirmation link never went out.
      const after = mailsTo(v.email).slice(asked);
      expect(after).toHaveLength(1);
      expect(await confirmByToken(env.app.deps, confirmToken(after[0])!)).toBe('confirmed');
      expect((await ticketRow(ticket.id)).status).toBe('ready');
    });
  }

  test('held already: an answer that is no request by itself (“My organisation is …”): her marked copy reads as an automatic reply, the holder’s copy brings the link', async () => {
    const v = await victim();
    const { ticket, answer } = await answerTo(v, 'Hello,\n\nOf course: my organisation is Good Example SRL.\n\nAlice Martin\nGood Example SRL');
    const asked = mailsTo(v.email).length;
    const eves = await deliverOne(env, `Auto-Submitted: auto-forwarded\r\n${answer}`);
    // Marked automatic and saying nothing of a recovery: an automatic answer in our thread, a timeline note.
    expect(eves).toMatchObject({ kind: 'auto_reply', outcome: 'ignored', authenticated: true });
    expect((await ticketRow(ticket.id)).missing).toEqual(['organisation']);
    await deliverOne(env, answer);
    await settleOutbox(env);
    const after = mailsTo(v.email).slice(asked);
    expect(after).toHaveLength(1);
    expect(confirmToken(after[0])).not.toBeNull();
    expect((await ticketRow(ticket.id)).missing).toEqual([]);
  });

  test('control: the holder’s answer alone is answered once with the confirmation link', async () => {
    const v = await victim();
    const { ticket, answer } = await answerTo(v, request('Alice Martin', 'Good Example SRL'));
    const asked = mailsTo(v.email).length;
    await deliverOne(env, answer);
    await deliverOne(env, `${TRACE().join('\r\n')}\r\n${answer}`);
    await settleOutbox(env);
    const after = mailsTo(v.email).slice(asked);
    expect(after).toHaveLength(1);
    expect(confirmToken(after[0])).not.toBeNull();
    expect((await ticketRow(ticket.id)).status).toBe('waiting_confirmation');
  });
});

describe('a Content-Disposition no signature covered: Eve’s copy of the holder’s request made an attachment', () => {
  // Added above the holder's signature, `attachment` (or an inline disposition with a file name)
  // makes the whole body an attached file: nothing of it is the writer's text. The subject still
  // asks for the reset, so her copy was an authenticated request with every detail missing,
  // delivered first; the holder's own copy was its duplicate.
  const DISPOSITIONS = [
    'Content-Disposition: attachment; filename="request.txt"',
    'Content-Disposition: inline; filename="request.txt"',
    'Content-Disposition: attachment',
  ];
  for (const added of DISPOSITIONS) {
    test(`${added}: her copy is not authenticated, and the holder's own copy is read whole and answered`, async () => {
      const v = await victim();
      const holder = await signed(
        rawMessage({ from: `Alice Martin <${v.email}>`, headers: ['Cc: eve@evil.example'], body: request('Alice Martin', 'Good Example SRL') }),
        v.domain,
      );
      const eves = await deliverOne(env, `${added}\r\n${holder}`);
      // Before: authenticated, a ticket waiting for all three details the holder had written, a
      // request for them sent; the holder's copy then a held duplicate.
      expect(eves.authenticated).toBe(false);
      expect((eves.auth as { reason: string }).reason).toBe('dkim_header_not_signed');
      const theirs = await deliverOne(env, holder);
      expect(theirs).toMatchObject({ authenticated: true, kind: 'recovery_request' });
      expect(theirs.reason).not.toBe('duplicate_message_id');
      const ticket = await ticketRow(theirs.ticketId!);
      expect(ticket.fields).toMatchObject({ fullName: 'Alice Martin', organisation: 'Good Example SRL' });
      expect(ticket.missing).toEqual([]);
      expect(ticket.status).toBe('waiting_confirmation');
      await settleOutbox(env);
      const mails = mailsTo(v.email);
      expect(mails).toHaveLength(1);
      expect(confirmToken(mails[0])).not.toBeNull();
    });
  }

  test('control: a bare `inline` at the top (as mutt writes it) changes no reading: authenticated, read whole, the holder’s copy its duplicate', async () => {
    const v = await victim();
    const holder = await signed(
      rawMessage({ from: `Alice Martin <${v.email}>`, headers: ['Cc: eve@evil.example'], body: request('Alice Martin', 'Good Example SRL') }),
      v.domain,
    );
    const eves = await deliverOne(env, `Content-Disposition: inline\r\n${holder}`);
    expect(eves).toMatchObject({ authenticated: true, outcome: 'ticket_opened' });
    const ticket = await ticketRow(eves.ticketId!);
    expect(ticket.missing).toEqual([]);
    const theirs = await deliverOne(env, holder);
    expect(theirs).toMatchObject({ outcome: 'ignored', reason: 'duplicate_message_id', ticketId: eves.ticketId });
    await settleOutbox(env);
    expect(mailsTo(v.email)).toHaveLength(1);
  });
});

describe('a read header no signature covered, on Eve’s copy of the holder’s request delivered first (SPEC §6 rule 16)', () => {
  // Any header the product reads, added above the holder's signature, makes her copy unauthenticated
  // (`dkim_header_not_signed`, `duplicate_header`), yet the holder's signature on it still verifies.
  // A Message-ID seen before counts as a duplicate only when the earlier copy was at least as well
  // authenticated; the rule also took "carries the very same DKIM signature" as a duplicate, so the
  // holder's own, authenticated copy was held as a duplicate of her unauthenticated one: the ticket
  // stayed unauthenticated (an override and two agents to approve), and the holder got no mail.
  const READ: Record<string, string> = {
    'Reply-To': 'Reply-To: Alice Martin <eve@evil.example>',
    'a second Subject': 'Subject: Lost my 2FA device (urgent)',
    Sender: 'Sender: eve@evil.example',
    // Her copy then carries another Message-ID too: the holder's own copy, with the same signature
    // under its own Message-ID, was taken for a replay of hers (`dkim_replay`: held, unauthenticated).
    'a second Message-ID': 'Message-ID: <stop25-eve@evil.example>',
  };
  for (const [name, added] of Object.entries(READ)) {
    test(`${name}: the holder’s own copy is not her copy’s duplicate: it takes the ticket over and is acknowledged`, async () => {
      const v = await victim();
      const holder = await signed(
        rawMessage({ from: `Alice Martin <${v.email}>`, headers: ['Cc: eve@evil.example'], body: request('Alice Martin', 'Good Example SRL') }),
        v.domain,
      );
      const eves = await deliverOne(env, `${added}\r\n${holder}`);
      expect(eves).toMatchObject({ authenticated: false, kind: 'recovery_request', outcome: 'ticket_opened' });
      const theirs = await deliverOne(env, holder);
      // Before: ignored, `duplicate_message_id`, pointing at her unauthenticated ticket.
      expect(theirs).toMatchObject({ authenticated: true, outcome: 'ticket_updated', reason: 'competing_requests', ticketId: eves.ticketId });
      const ticket = await ticketRow(eves.ticketId!);
      expect(ticket.signals).toMatchObject({ senderAuthenticated: true });
      // Her copy under the holder's Message-ID is named to agents as having used it first.
      const preempted = name === 'a second Message-ID' ? [] : ['message_id_preempted'];
      expect(ticket.signals.flags).toEqual(expect.arrayContaining(['competing_requests', ...preempted]));
      expect(ticket.status).toBe('waiting_confirmation');
      await settleOutbox(env);
      const mails = mailsTo(v.email);
      expect(mails).toHaveLength(1);
      expect(confirmToken(mails[0])).not.toBeNull();
      expect(mailsTo('eve@evil.example')).toEqual([]);
    });
  }

  test('control: an authenticated earlier copy (a trace line added) still makes the holder’s copy its duplicate', async () => {
    const v = await victim();
    const holder = await signed(
      rawMessage({ from: `Alice Martin <${v.email}>`, headers: ['Cc: eve@evil.example'], body: request('Alice Martin', 'Good Example SRL') }),
      v.domain,
    );
    const eves = await deliverOne(env, `${TRACE().join('\r\n')}\r\n${holder}`);
    expect(eves).toMatchObject({ authenticated: true, outcome: 'ticket_opened' });
    expect(await deliverOne(env, holder)).toMatchObject({ outcome: 'ignored', reason: 'duplicate_message_id', ticketId: eves.ticketId });
  });
});

describe('the holder’s signed objection (SPEC §6 rule 15), Eve’s copy with a second Message-ID delivered first', () => {
  // The holder's own recovery, confirmed and approved; an earlier forged follow-up already flagged the
  // ticket (unverified_message_received), so a further unverified message changes no evidence. The holder
  // then writes, signed, in the thread: "Stop, I did not send this". Eve, who gets a copy, adds a
  // Message-ID above the signature and delivers hers first: kept apart, it changes nothing. Before: the
  // holder's own copy was then a "replay" of hers (same signature, another Message-ID): held,
  // unauthenticated, so the holder's voice never reached the ticket and the reset ran when the window ended.
  async function approvedWithForgedFollowUp() {
    const v = await victim();
    const opened = await deliverOne(
      env,
      await signed(rawMessage({ from: `Alice Martin <${v.email}>`, body: request('Alice Martin', 'Good Example SRL') }), v.domain),
    );
    await settleOutbox(env);
    expect(await confirmByToken(env.app.deps, confirmToken(mailsTo(v.email).at(-1))!)).toBe('confirmed');
    const ticket = await ticketRow(opened.ticketId!);
    const forged = rawMessage({
      from: `Alice Martin <${v.email}>`,
      subject: `Re: [${ticket.ref}] Your request`,
      body: 'Call me on +32 470 00 00 00 for the check.',
    });
    expect(await deliverOne(env, forged)).toMatchObject({ authenticated: false, reason: 'unverified_not_merged' });
    const a = await web.agent();
    expect(await approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: a.email, totpCode: await codeAt(a.totpSecret) })).toMatchObject({
      status: 'approved',
    });
    await settleOutbox(env);
    const notice = mailsTo(v.email).at(-1)!;
    const objection = await signed(
      rawMessage({
        from: `Alice Martin <${v.email}>`,
        subject: `Re: [${ticket.ref}] Your 2FA will be reset`,
        headers: [`In-Reply-To: ${notice.messageId}`, `References: ${notice.messageId}`],
        body: 'Stop! I did not send this and I do not want my two-factor authentication removed.\n\nAlice Martin',
      }),
      v.domain,
    );
    return { v, ticket, objection };
  }
  async function windowEnds(ticketId: number) {
    await env.app.deps.db
      .update(tickets)
      .set({ resetDueAt: new Date(Date.now() - 1_000) })
      .where(eq(tickets.id, ticketId));
    return runDueReset(env.app.deps, ticketId);
  }

  test('the holder’s own copy still flags the ticket, voids the approval, and the reset does not run', async () => {
    const { v, ticket, objection } = await approvedWithForgedFollowUp();
    const eves = await deliverOne(env, `Message-ID: <stop25-objection-${Date.now()}@evil.example>\r\n${objection}`);
    expect(eves.authenticated).toBe(false);
    expect((await ticketRow(ticket.id)).status).toBe('approved');
    const theirs = await deliverOne(env, objection);
    // Before: ignored as `dkim_replay`, unauthenticated; the ticket stayed approved.
    expect(theirs).toMatchObject({ authenticated: true, ticketId: ticket.id });
    expect(theirs.reason).not.toBe('dkim_replay');
    const after = await ticketRow(ticket.id);
    expect(after.status).toBe('ready');
    expect(after.signals.flags).toContain('holder_wrote_again');
    expect((await windowEnds(ticket.id)).result).toBe('not_approved');
    await expectTwoFactorUntouched(env, [v.email]);
  });

  test('control: her copy with a trace line only is the holder’s objection itself (it flags the ticket; the holder’s copy changes nothing more)', async () => {
    const { v, ticket, objection } = await approvedWithForgedFollowUp();
    const eves = await deliverOne(env, `${TRACE().join('\r\n')}\r\n${objection}`);
    expect(eves).toMatchObject({ authenticated: true, ticketId: ticket.id });
    expect((await ticketRow(ticket.id)).signals.flags).toContain('holder_wrote_again');
    await deliverOne(env, objection);
    expect((await ticketRow(ticket.id)).status).toBe('ready');
    expect((await windowEnds(ticket.id)).result).toBe('not_approved');
    await expectTwoFactorUntouched(env, [v.email]);
  });
});
