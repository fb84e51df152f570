// Attacks tried in stop 22, second pass (README "Attacks tried in stop 22, second pass"), on the
// real pipeline with mail genuinely DKIM-signed against the offline zone: can Eve's forged mail
// silence the holder (SPEC §6 rule 16), keep the holder's voice from reaching an agent (rule 15),
// change what an agent approved without changing its evidence (rule 6), or slip past §5? Each
// attack has a control that differs only in the attacked detail.
import { beforeAll, describe, expect, test } from 'vitest';
import type { TestEnv } from '../support/app.ts';
import { deliverOne, expectTwoFactorUntouched, rawMessage, recipients, request, useRedTeam } from '../support/security.ts';
import type { SmtpSink } from '../support/smtp-sink.ts';

const { running, victim, signed, ticketRow } = useRedTeam('stop22b-');
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
