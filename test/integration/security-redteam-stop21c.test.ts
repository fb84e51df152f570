// Attacks tried in the stop-21 red team, third pass (docs/security-log.md "Attacks tried in stop 21, third
// pass"), on the real pipeline with mail genuinely DKIM-signed against the offline zone. The
// attacker holds the victim's password, not their mailbox nor their key; each attack has a control
// that differs only in the attacked detail.
import { beforeAll, describe, expect, test } from 'vitest';
import { ourMessageId, ourMessageNonce } from '../../src/core/message-id.ts';
import { supportDomain } from '../../src/steps/queue-reply.ts';
import type { TestEnv } from '../support/app.ts';
import { deliverOne, expectTwoFactorUntouched, mixed, rawMessage, recipients, request, useRedTeam } from '../support/security.ts';
import type { SmtpSink } from '../support/smtp-sink.ts';

const { running, victim, signed, ticketRow, askedForOrganisation } = useRedTeam('stop21c-');
let sink: SmtpSink;
let env: TestEnv;
beforeAll(() => {
  ({ sink, env } = running());
});

const SIGNED_OBJECTION = 'What is this? I never wrote to you.\n\nAlice Martin\nGood Example SRL';
const REF = 'REC-2026-000123';

describe('a ticket reference Eve writes into her own phishing mail', () => {
  // Eve writes to the holder under "Lost my phone, please reset my 2FA" with Reply-To: support@, and
  // writes one of our ticket references where the holder's client copies it into the reply: her
  // display name, her address, her subject, the subject line of a quoted header block. Our own mail
  // was known by a ticket reference anywhere in the quoted attribution or the subject, so the
  // holder's signed "What is this?" read the subject as its request and the signature as its details.
  function objection(email: string, subject: string, attribution: string[], phishId = '<phish-1@evil-ref.example>'): string {
    return rawMessage({
      from: `Alice Martin <${email}>`,
      subject,
      headers: [`In-Reply-To: ${phishId}`, `References: ${phishId}`],
      body: [SIGNED_OBJECTION, '', ...attribution, '> Hi Alice, see the subject.', '>', '> Eve'].join('\n'),
    });
  }
  const SUBJECT = 'Re: Lost my phone, please reset my 2FA';
  const ON = (who: string) => [`On Mon, 7 Dec 2026 at 09:00, ${who} wrote:`];

  test.each([
    ['in her display name', SUBJECT, ON(`${REF} Support <eve@evil-ref.example>`), undefined],
    ['in her address', SUBJECT, ON(`Support <${REF}@evil-ref.example>`), undefined],
    ['in her subject', `Re: [${REF}] Lost my phone, please reset my 2FA`, ON('Eve <eve@evil-ref.example>'), undefined],
    [
      'in the subject line of the quoted Outlook header',
      'RE: Lost my phone, please reset my 2FA',
      [
        '________________________________',
        'From: Eve <eve@evil-ref.example>',
        'Sent: Monday, December 7, 2026 9:00 AM',
        'To: Alice Martin',
        `Subject: Lost my phone, please reset my 2FA [${REF}]`,
        '',
      ],
      undefined,
    ],
    [
      'in her Message-ID, shaped like ours but not signed with our key',
      SUBJECT,
      ON(`${REF} <eve@evil-ref.example>`),
      `<rd.${REF}.abc.0123456789abcdef0123456789abcdef@bpart.test>`,
    ],
  ])('%s: the holder’s signed objection opens no ticket, sends no mail', async (_name, subject, attribution, phishId) => {
    const v = await victim();
    const row = await deliverOne(env, await signed(objection(v.email, subject, attribution, phishId), v.domain));
    // Before the fix: { authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' }, the explanation asked of the holder.
    expect(row.kind).toBe('other');
    expect(row.outcome).not.toBe('ticket_opened');
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [v.email]);
  });

  /** The holder's signed answer to our request for details, naming the organisation under our quote. */
  const detailsReply = (email: string, ref: string, headers: string[]) =>
    rawMessage({
      from: `Alice Martin <${email}>`,
      subject: `Re: [${ref}] More details needed`,
      headers,
      body: [
        'Here you are.',
        '',
        'Alice Martin',
        'Good Example SRL',
        '',
        'On Mon, 7 Dec 2026 at 10:00, Recovery Desk <support@bpart.test> wrote:',
        '> Which organisation?',
      ].join('\n'),
    });

  test('control: the holder answering our own mail (its signed Message-ID) brings the details their signature names', async () => {
    const v = await victim();
    const ticket = await askedForOrganisation(v);
    const ours = ourMessageId(ticket.ref, ourMessageNonce(v.email, 'n1', env.app.deps.sign), supportDomain(env.app.deps), env.app.deps.sign);
    const row = await deliverOne(env, await signed(detailsReply(v.email, ticket.ref, [`In-Reply-To: ${ours}`, `References: ${ours}`]), v.domain));
    expect(row.ticketId).toBe(ticket.id);
    expect((await ticketRow(ticket.id)).missing).not.toContain('organisation');
  });

  test('control: the same reply from a client that dropped In-Reply-To still brings its details to the holder’s own ticket (by its ref)', async () => {
    const v = await victim();
    const ticket = await askedForOrganisation(v);
    const row = await deliverOne(env, await signed(detailsReply(v.email, ticket.ref, []), v.domain));
    expect(row.ticketId).toBe(ticket.id);
    expect((await ticketRow(ticket.id)).missing).not.toContain('organisation');
  });
});

describe('MIME siblings of the digest: what text is read from them', () => {
  const ASKING = 'Hello, I received the mail attached. Is it really from you?\n\nAlice';
  const EVE_MAIL = [
    'From: Eve <eve@evil-mime.example>',
    'Subject: help',
    'Content-Type: text/plain; charset=utf-8',
    '',
    request('Alice Martin', 'Good Example SRL'),
  ].join('\n');

  test.each([
    ['message/rfc822 without a disposition', ['Content-Type: message/rfc822']],
    ['message/global (RFC 6532)', ['Content-Type: message/global']],
    ['message/global, inline', ['Content-Type: message/global', 'Content-Disposition: inline']],
    ['text/enriched', ['Content-Type: text/enriched']],
    ['application/octet-stream named .txt', ['Content-Type: application/octet-stream; name="mail.txt"']],
    ['application/octet-stream named .eml', ['Content-Type: application/octet-stream; name="mail.eml"']],
    ['text/plain named by an RFC 2231 continuation only', ['Content-Type: text/plain', 'Content-Disposition: inline; filename*0="mail."; filename*1="txt"']],
  ])('held: %s carrying Eve’s mail is not read as the holder’s words', async (_name, headers) => {
    const v = await victim();
    const row = await deliverOne(env, await signed(mixed(v.email, ASKING, headers, EVE_MAIL), v.domain));
    expect(row.kind).not.toBe('recovery_request');
    expect(row.outcome).not.toBe('ticket_opened');
  });

  test('control: the holder’s own request above the same message/global opens the ticket', async () => {
    const v = await victim();
    const row = await deliverOne(
      env,
      await signed(mixed(v.email, request('Alice Martin', 'Good Example SRL'), ['Content-Type: message/global'], EVE_MAIL), v.domain),
    );
    expect(row).toMatchObject({ authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' });
  });
});

describe('a bounce’s words in a subject the holder forwards or answers', () => {
  // The holder's request went to an old address and bounced; they forward the bounce to support
  // with their request written above it. The delivery report's subject ("Undeliverable: …") was
  // read as this mail's own, so the holder's signed request was a bounce: no ticket, no answer.
  // Eve can do the same with a phishing mail titled "Undeliverable: …" that sets Reply-To: support@.
  const forwardedBounce = (email: string, subject: string) =>
    rawMessage({
      from: `Alice Martin <${email}>`,
      subject,
      body: [
        request('Alice Martin', 'Good Example SRL'),
        '',
        '---------- Forwarded message ---------',
        'From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
        'Date: Mon, 7 Dec 2026 at 09:00',
        'Subject: Delivery Status Notification (Failure)',
        `To: <${email}>`,
        '',
        'Address not found',
      ].join('\n'),
    });

  test.each([
    'Fwd: Undeliverable: Lost my phone',
    'FW: Mail delivery failed: returning message to sender',
    'Fwd: Delivery Status Notification (Failure)',
    'Re: Undeliverable: Lost my phone',
  ])('“%s” above the holder’s own request: their authenticated request opens the ticket', async (subject) => {
    const v = await victim();
    const row = await deliverOne(env, await signed(forwardedBounce(v.email, subject), v.domain));
    // Before the fix: { kind: 'bounce', outcome: 'ignored' }, nothing sent.
    expect(row).toMatchObject({ authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' });
    expect(recipients(sink)).toEqual([v.email]);
  });

  test('control: a delivery report whose own subject says so is still a bounce', async () => {
    const v = await victim();
    const row = await deliverOne(
      env,
      await signed(
        rawMessage({
          from: `Alice Martin <${v.email}>`,
          subject: 'Undeliverable: Lost my phone',
          body: 'Your message to old-support@example.org could not be delivered.\n\nAddress not found.',
        }),
        v.domain,
      ),
    );
    expect(row.kind).toBe('bounce');
    expect(recipients(sink)).toEqual([]);
  });
});

describe('a forward banner the reader did not know: HCL (Lotus) Notes', () => {
  // Notes forwards under "----- Forwarded by Alice Martin/Org on … -----". Without a header block
  // the reader knew below it, Eve's forwarded text was the holder's: her name and organisation
  // completed the holder's own short request.
  const PARTIAL = 'Hi, I lost my phone and my authenticator app with it. Please reset my two-factor authentication.\n\nAlice';
  const notesForward = (email: string, own: string) =>
    rawMessage({
      from: `Alice Martin <${email}>`,
      subject: 'Lost my phone',
      body: [own, '', '----- Forwarded by Alice Martin/GoodExample on 07/12/2026 09:00 -----', '', request('Alice Martin', 'Zebra Holdings SRL')].join('\n'),
    });

  test('Eve’s forwarded name and organisation are not the holder’s details', async () => {
    const v = await victim();
    const row = await deliverOne(env, await signed(notesForward(v.email, PARTIAL), v.domain));
    expect(row).toMatchObject({ authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' });
    const ticket = await ticketRow(row.ticketId!);
    // Before the fix: nothing missing, organisation "Zebra Holdings SRL" (Eve's).
    expect(ticket.missing).toContain('organisation');
    expect(JSON.stringify(ticket.fields)).not.toContain('Zebra');
  });

  test('control: the holder’s own complete request above the same banner is complete', async () => {
    const v = await victim();
    const row = await deliverOne(env, await signed(notesForward(v.email, request('Alice Martin', 'Good Example SRL')), v.domain));
    expect(row).toMatchObject({ authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' });
    expect((await ticketRow(row.ticketId!)).missing).toEqual([]);
  });
});
