// Attacks tried in stop 22, second pass (docs/security-log.md "Attacks tried in stop 22, second pass"), on the
// real pipeline with mail genuinely DKIM-signed against the offline zone: can Eve's forged mail
// silence the holder (SPEC §6 rule 16), keep the holder's voice from reaching an agent (rule 15),
// change what an agent approved without changing its evidence (rule 6), or slip past §5? Each
// attack has a control that differs only in the attacked detail.
import { beforeAll, describe, expect, test } from 'vitest';
import type { TestEnv } from '../support/app.ts';
import { deliverOne, expectTwoFactorUntouched, rawMessage, recipients, request, useRedTeam } from '../support/security.ts';
import type { SmtpSink } from '../support/smtp-sink.ts';

const { running, victim, signed, ticketRow, askedForOrganisation } = useRedTeam('stop22b-');
let sink: SmtpSink;
let env: TestEnv;
beforeAll(() => {
  ({ sink, env } = running());
});

const SIGNATURE = '\n\nAlice Martin\nGood Example SRL';
/** Eve's forgery: From the holder, unsigned, saying what happened but not who writes. */
const forgedRequest = (email: string) =>
  rawMessage({
    from: `Alice Martin <${email}>`,
    subject: 'Lost my phone',
    body: 'Hello,\n\nI lost my phone with my authenticator app and cannot log in. Please reset my two-factor authentication.\n\nThanks',
  });

describe('the holder’s signed denial in the thread of Eve’s forged ticket', () => {
  // Eve forges a request as the holder (unsigned: an unauthenticated ticket waiting for the name
  // and organisation), learns its reference (refs are drawn in order), and mails the holder
  // "[REC-…] Your 2FA reset request" with Reply-To: support@. The holder answers "I did not ask
  // for any reset", signed with their name and organisation as always.
  const denial = (email: string, ref: string, own: string) =>
    rawMessage({
      from: `Alice Martin <${email}>`,
      subject: `Re: [${ref}] Your 2FA reset request`,
      headers: ['In-Reply-To: <phish-22b@evil-thread.example>', 'References: <phish-22b@evil-thread.example>'],
      body: own,
    });

  test('flags the ticket for an agent instead of completing Eve’s request with the holder’s signature', async () => {
    const v = await victim();
    const forged = await deliverOne(env, forgedRequest(v.email));
    expect(forged).toMatchObject({ authenticated: false, outcome: 'ticket_opened' });
    const before = await ticketRow(forged.ticketId!);
    expect(before.status).toBe('waiting_details');
    const row = await deliverOne(env, await signed(denial(v.email, before.ref, `I did not ask for any reset. Please do nothing.${SIGNATURE}`), v.domain));
    expect(row.authenticated).toBe(true);
    expect(row.ticketId).toBe(before.id);
    const after = await ticketRow(before.id);
    // Before the fix: fullName and organisation filled in from the holder's signature, status
    // `ready` (complete), no flag: the denial read as the holder answering a request for details.
    expect(after.signals.flags).toContain('holder_wrote_again');
    expect(after.signals.senderAuthenticated).toBe(false);
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [v.email]);
  });

  test('control: the holder’s reply that fills in details on their own authenticated ticket flags nothing', async () => {
    const v = await victim();
    const first = await deliverOne(env, await signed(forgedRequest(v.email), v.domain));
    expect(first).toMatchObject({ authenticated: true, outcome: 'ticket_opened' });
    const ticket = await ticketRow(first.ticketId!);
    expect(ticket.status).toBe('waiting_details');
    const row = await deliverOne(env, await signed(denial(v.email, ticket.ref, `Here you are.${SIGNATURE}`), v.domain));
    expect(row.ticketId).toBe(ticket.id);
    const after = await ticketRow(ticket.id);
    expect(after.missing).toEqual([]);
    expect(after.signals.flags ?? []).not.toContain('holder_wrote_again');
    expect(recipients(sink)).toContain(v.email);
  });
});

describe('the holder’s reply under a subject of Eve’s that reads as an automatic answer', () => {
  // Eve mails the holder as if from our autoresponder ("Automatic reply: [REC-…] Your two-factor
  // reset request", Reply-To: support@) about her forged ticket. The holder answers "I did not ask
  // for this"; their client writes "Re: Automatic reply: …". The out-of-office words of the quoted
  // subject made the holder's own answer an auto-reply: not merged, no flag, only a timeline note.
  const reply = (email: string, subject: string, own: string) =>
    rawMessage({
      from: `Alice Martin <${email}>`,
      subject,
      headers: ['In-Reply-To: <phish-22b-oof@evil-thread.example>', 'References: <phish-22b-oof@evil-thread.example>'],
      body: own,
    });

  test.each([
    ['“Re: Automatic reply: …”', (ref: string) => `Re: Automatic reply: [${ref}] Your two-factor reset request`],
    ['“AW: Out of Office: …”', (ref: string) => `AW: Out of Office: [${ref}] Your two-factor reset request`],
    ['“RE: Réponse automatique : …”', (ref: string) => `RE: Réponse automatique : [${ref}] Votre demande`],
    ['out-of-office words inside the quoted subject', (ref: string) => `Re: [${ref}] Reset requested during your absence`],
  ])('%s: the holder’s denial flags Eve’s forged ticket', async (_name, subject) => {
    const v = await victim();
    const forged = await deliverOne(env, rawMessage({ from: `Alice Martin <${v.email}>`, body: request('Alice Martin', 'Good Example SRL') }));
    const ticket = await ticketRow(forged.ticketId!);
    expect(ticket.status).toBe('ready');
    const row = await deliverOne(env, await signed(reply(v.email, subject(ticket.ref), 'I did not ask for any reset. Please do nothing.\n\nAlice'), v.domain));
    // Before the fix: kind auto_reply (subject:out-of-office), the ticket untouched.
    expect(row.kind).not.toBe('auto_reply');
    expect(row.ticketId).toBe(ticket.id);
    expect((await ticketRow(ticket.id)).signals.flags).toContain('holder_wrote_again');
    await expectTwoFactorUntouched(env, [v.email]);
  });

  test('control: the holder’s own vacation responder under our reference is an auto-reply and flags nothing', async () => {
    const v = await victim();
    const forged = await deliverOne(env, rawMessage({ from: `Alice Martin <${v.email}>`, body: request('Alice Martin', 'Good Example SRL') }));
    const ticket = await ticketRow(forged.ticketId!);
    const row = await deliverOne(
      env,
      await signed(
        reply(v.email, `Automatic reply: [${ticket.ref}] Your two-factor reset request`, 'Thank you for your message. I will answer when I am back.'),
        v.domain,
      ),
    );
    expect(row.kind).toBe('auto_reply');
    expect((await ticketRow(ticket.id)).signals.flags ?? []).not.toContain('holder_wrote_again');
  });
});

describe('a Message-ID we signed for Eve’s own ticket, worn by her mail to the holder', () => {
  // A reply is "to one of our mails" when In-Reply-To or References carry a Message-ID we signed
  // (stop 21, third pass): then the quoted mail and the subject are ours, and the reader takes the
  // holder's signature as details for our request. Eve gets such a Message-ID for herself: she
  // writes to support from her own signed domain and our "write from your account's address"
  // notice comes back under one. She sends her phishing mail to the holder under that very
  // Message-ID, Reply-To: support@. The holder's "What is this?" quotes her request.
  const SUBJECT = 'Lost my phone, please reset my 2FA';
  const QUOTE = (eve: string) =>
    `On Mon, 7 Dec 2026 at 09:00, Eve <${eve}> wrote:\n${request('Alice Martin', 'Good Example SRL')
      .split('\n')
      .map((line) => `> ${line}`)
      .join('\n')}`;

  async function ourIdForEve(): Promise<{ eve: string; id: string }> {
    const home = await victim();
    const eve = `eve@${home.domain}`;
    const own = await deliverOne(env, await signed(rawMessage({ from: `Eve <${eve}>`, subject: 'Lost my phone' }), home.domain));
    expect(own).toMatchObject({ authenticated: true, reason: 'no_account' });
    const notice = sink.messages.find((m) => m.envelope.to.includes(eve));
    expect(notice?.messageId).toMatch(/^<rd\.REC-/);
    sink.clear();
    return { eve, id: notice!.messageId! };
  }

  test('the holder’s signed objection to Eve’s mail opens no ticket and sends no mail', async () => {
    const { eve, id } = await ourIdForEve();
    const v = await victim();
    const answer = rawMessage({
      from: `Alice Martin <${v.email}>`,
      subject: `Re: ${SUBJECT}`,
      headers: [`In-Reply-To: ${id}`, `References: ${id}`],
      body: `What is this? I never wrote to you.${SIGNATURE}\n\n${QUOTE(eve)}`,
    });
    const row = await deliverOne(env, await signed(answer, v.domain));
    // Before the fix: { authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' }
    // for the holder's account, their signature taken for its details, mail sent to them.
    expect(row.outcome).not.toBe('ticket_opened');
    expect(row.kind).toBe('other');
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [v.email]);
  });

  test('the holder’s denial under the forged ticket’s reference reaches that ticket, not Eve’s own', async () => {
    const { id } = await ourIdForEve();
    const v = await victim();
    const forged = await deliverOne(env, rawMessage({ from: `Alice Martin <${v.email}>`, body: request('Alice Martin', 'Good Example SRL') }));
    const ticket = await ticketRow(forged.ticketId!);
    expect(ticket.status).toBe('ready');
    const answer = rawMessage({
      from: `Alice Martin <${v.email}>`,
      subject: `Re: [${ticket.ref}] Your two-factor reset request`,
      headers: [`In-Reply-To: ${id}`, `References: ${id}`],
      body: 'I did not ask for any reset. Please do nothing.\n\nAlice',
    });
    const row = await deliverOne(env, await signed(answer, v.domain));
    // Before the fix: routed by the Message-ID to Eve's own ticket (another sender), then ignored;
    // the forged ticket never heard the holder.
    expect(row.ticketId).toBe(ticket.id);
    expect((await ticketRow(ticket.id)).signals.flags).toContain('holder_wrote_again');
  });

  test('control: the holder answering the mail we wrote to them (its real Message-ID) brings their organisation', async () => {
    const v = await victim();
    const ticket = await askedForOrganisation(v);
    const ours = sink.messages.filter((m) => m.envelope.to.includes(v.email)).at(-1)?.messageId;
    expect(ours).toMatch(/^<rd\.REC-/);
    const answer = rawMessage({
      from: `Alice Martin <${v.email}>`,
      subject: `Re: [${ticket.ref}] More details needed`,
      headers: [`In-Reply-To: ${ours}`, `References: ${ours}`],
      body: `Here you are.${SIGNATURE}`,
    });
    const row = await deliverOne(env, await signed(answer, v.domain));
    expect(row.ticketId).toBe(ticket.id);
    expect((await ticketRow(ticket.id)).missing).toEqual([]);
  });
});

describe('the holder’s Message-ID used first by Eve, in any spelling', () => {
  // Eve guesses (or sees) the Message-ID the holder's request will carry and sends forgeries under
  // it first: the same, without angle brackets, upper-cased, with spaces. None may make the
  // holder's signed request a duplicate (SPEC §6 rule 16).
  test.each([
    ['the same', (id: string) => `<${id}>`],
    ['without angle brackets', (id: string) => id],
    ['upper-cased', (id: string) => `<${id.toUpperCase()}>`],
    ['padded with spaces', (id: string) => `  < ${id} >  `],
  ])('%s: the holder’s request takes the forged ticket over and is answered', async (_name, spell) => {
    const v = await victim();
    const id = `holder-next-${Date.now()}-${Math.random().toString(36).slice(2)}@${v.domain}`;
    const forged = await deliverOne(
      env,
      rawMessage({ from: `Alice Martin <${v.email}>`, messageId: spell(id), body: request('Alice Martin', 'Good Example SRL') }),
    );
    expect(forged.authenticated).toBe(false);
    const row = await deliverOne(env, await signed(rawMessage({ from: `Alice Martin <${v.email}>`, messageId: `<${id}>` }), v.domain));
    expect(row.outcome).not.toBe('ignored');
    expect(row.ticketId).toBe(forged.ticketId);
    const ticket = await ticketRow(row.ticketId!);
    expect(ticket.signals.senderAuthenticated).toBe(true);
    expect(ticket.signals.flags).toContain('competing_requests');
    expect(recipients(sink)).toEqual([v.email]);
  });
});
