// Attacks tried in stop 22 (docs/security-log.md "Attacks tried in stop 22"), on the real pipeline with mail
// genuinely DKIM-signed against the offline zone: the holder's own signed mail carrying Eve's words
// in a quoting or forwarding style the reader did not know. Each attack has a control that differs
// only in the attacked detail.
import { beforeAll, describe, expect, test } from 'vitest';
import { ourMessageId, ourMessageNonce } from '../../src/core/message-id.ts';
import { supportDomain } from '../../src/steps/queue-reply.ts';
import type { TestEnv } from '../support/app.ts';
import { deliverOne, expectTwoFactorUntouched, rawMessage, recipients, request, useRedTeam } from '../support/security.ts';
import type { SmtpSink } from '../support/smtp-sink.ts';

const { running, victim, signed, ticketRow, askedForOrganisation } = useRedTeam('stop22-');
let sink: SmtpSink;
let env: TestEnv;
beforeAll(() => {
  ({ sink, env } = running());
});

const EVE_TEXT = request('Alice Martin', 'Good Example SRL');
const OWN_REQUEST = request('Alice Martin', 'Good Example SRL');
const OBJECTION = 'What is this? I never wrote to you.\n\nAlice';
const ASKING = 'Hello, I received the mail below. Is it really from you?\n\nAlice';
// Eve's display name, which the holder's client copies into its attribution or banner line.
const EVE_NAME = 'Alice Martin, Good Example SRL: I lost my phone and my authenticator app, please reset my 2FA';
const prefixed = (prefix: string, text: string) =>
  text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');

/** The holder's signed mail to support: `own` text above what their client wrote of Eve's mail. */
const holderMail = (email: string, subject: string, own: string, quoted: string, headers: string[] = []) =>
  rawMessage({ from: `Alice Martin <${email}>`, subject, headers, body: `${own}\n\n${quoted}` });
const REPLY = ['In-Reply-To: <phish-22@evil-quote.example>', 'References: <phish-22@evil-quote.example>'];

// What each client writes of Eve's mail below the holder's text.
const STYLES: [string, string, string[], (email: string) => string][] = [
  [
    'mutt’s forward banner naming Eve’s display name (“----- Forwarded message from … -----”)',
    'Fwd: About your account',
    [],
    (email) =>
      [
        `----- Forwarded message from ${EVE_NAME} <eve@evil-quote.example> -----`,
        '',
        'Date: Mon, 7 Dec 2026 09:00:00 +0100',
        `From: ${EVE_NAME} <eve@evil-quote.example>`,
        `To: Alice Martin <${email}>`,
        'Subject: About your account',
        '',
        'Hi Alice, see my name.',
        '',
        '----- End forwarded message -----',
      ].join('\n'),
  ],
  [
    'GroupWise’s reply banner (“>>> Eve <…> 12/7/2026 9:00 AM >>>”) above Eve’s unprefixed text',
    'Re: Lost my phone, please reset my 2FA',
    REPLY,
    () => `>>> Eve <eve@evil-quote.example> 12/7/2026 9:00 AM >>>\n${EVE_TEXT}`,
  ],
  [
    'Outlook’s plain-text reply with each line prefixed by “| ”',
    'RE: Lost my phone, please reset my 2FA',
    REPLY,
    (email) =>
      prefixed(
        '| ',
        [
          '-----Original Message-----',
          'From: Eve <eve@evil-quote.example>',
          'Sent: Monday, December 7, 2026 9:00 AM',
          `To: Alice Martin <${email}>`,
          'Subject: Lost my phone, please reset my 2FA',
          '',
          EVE_TEXT,
        ].join('\n'),
      ),
  ],
  ['Eve’s text quoted with “: ” and no attribution', 'Re: Lost my phone, please reset my 2FA', REPLY, () => prefixed(': ', EVE_TEXT)],
  [
    'an attribution wrapped over four lines by Eve’s long display name',
    'Re: About your account',
    REPLY,
    () =>
      [
        'On Mon, 7 Dec 2026 at 09:00, Alice Martin, Good Example SRL: I lost',
        'my phone last weekend and with it my authenticator app, so I can no',
        'longer log in. Please reset the two-factor authentication on my account',
        '<eve@evil-quote.example> wrote:',
        '> Hi Alice, see my name.',
      ].join('\n'),
  ],
];

describe('Eve’s words in a quoting or forwarding style the reader did not know', () => {
  test.each(STYLES)('%s: the holder’s signed question opens no ticket, sends no mail', async (_name, subject, headers, quoted) => {
    const v = await victim();
    const own = headers.length > 0 ? OBJECTION : ASKING;
    const row = await deliverOne(env, await signed(holderMail(v.email, subject, own, quoted(v.email), headers), v.domain));
    // Before the fix: { authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' }, nothing missing.
    expect(row.kind).toBe('other');
    expect(row.outcome).not.toBe('ticket_opened');
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [v.email]);
  });

  test.each(STYLES)('control: the holder’s own request above %s opens their complete ticket', async (_name, subject, headers, quoted) => {
    const v = await victim();
    const row = await deliverOne(env, await signed(holderMail(v.email, subject, OWN_REQUEST, quoted(v.email), headers), v.domain));
    expect(row).toMatchObject({ authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' });
    const ticket = await ticketRow(row.ticketId!);
    expect(ticket.missing).toEqual([]);
    expect(ticket.fields.explanation).toMatch(/^I lost my phone last weekend/);
    expect(recipients(sink)).toEqual([v.email]);
  });

  test('control: a mutt forward of the holder’s own earlier request (the banner names them) is their request', async () => {
    const v = await victim();
    const own = [
      'Sent this to the wrong address, forwarding it here.',
      '',
      `----- Forwarded message from Alice Martin <${v.email}> -----`,
      '',
      'Date: Mon, 7 Dec 2026 09:00:00 +0100',
      `From: Alice Martin <${v.email}>`,
      'To: old-support@example.org',
      'Subject: Lost my phone',
      '',
      OWN_REQUEST,
      '',
      '----- End forwarded message -----',
    ].join('\n');
    const row = await deliverOne(env, await signed(rawMessage({ from: `Alice Martin <${v.email}>`, subject: 'Fwd: Lost my phone', body: own }), v.domain));
    expect(row).toMatchObject({ authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' });
    expect((await ticketRow(row.ticketId!)).missing).toEqual([]);
  });
});

describe('an answer that quotes nothing, under the subject of Eve’s mail', () => {
  // Eve writes to the holder under "Lost my phone, please reset my 2FA" with Reply-To: support@. The
  // holder's client quotes nothing (a setting, a phone client, the quote deleted), or their
  // autoresponder answers with a subject of its own prefix ("Auto: …") and a signature. With no
  // quote there was no attribution to show whose subject it was: the subject was read as the
  // holder's request and their signature as its details.
  const SUBJECT = 'Lost my phone, please reset my 2FA';
  const SIGNATURE = '\n\nAlice Martin\nGood Example SRL';
  const answer = (email: string, subject: string, own: string, inReplyTo = '<phish-22b@evil-quote.example>') =>
    rawMessage({ from: `Alice Martin <${email}>`, subject, headers: [`In-Reply-To: ${inReplyTo}`, `References: ${inReplyTo}`], body: own });

  test.each([
    ['the holder’s “Who are you?”', `Re: ${SUBJECT}`, `Who are you? I did not ask for this.${SIGNATURE}`],
    ['the holder’s German client', `AW: ${SUBJECT}`, `Wer sind Sie? Das habe ich nicht verlangt.${SIGNATURE}`],
    ['an autoresponder without Auto-Submitted', `Auto: ${SUBJECT}`, `Thank you for your email. I will answer as soon as possible.${SIGNATURE}`],
  ])('%s: no ticket, no mail', async (_name, subject, own) => {
    const v = await victim();
    const row = await deliverOne(env, await signed(answer(v.email, subject, own), v.domain));
    // Before the fix: { authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' }, the explanation asked of the holder.
    expect(row.kind).toBe('other');
    expect(row.outcome).not.toBe('ticket_opened');
    expect(recipients(sink)).toEqual([]);
  });

  test('control: the holder’s own request written as such an answer opens their complete ticket', async () => {
    const v = await victim();
    const row = await deliverOne(env, await signed(answer(v.email, `Re: ${SUBJECT}`, OWN_REQUEST), v.domain));
    expect(row).toMatchObject({ authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' });
    expect((await ticketRow(row.ticketId!)).missing).toEqual([]);
  });

  test('control: the holder answering our request for details without a quote brings their organisation', async () => {
    const v = await victim();
    const ticket = await askedForOrganisation(v);
    const ours = ourMessageId(ticket.ref, ourMessageNonce(v.email, 'n1', env.app.deps.sign), supportDomain(env.app.deps), env.app.deps.sign);
    const row = await deliverOne(env, await signed(answer(v.email, `Re: [${ticket.ref}] More details needed`, `Here you are.${SIGNATURE}`, ours), v.domain));
    expect(row.ticketId).toBe(ticket.id);
    expect((await ticketRow(ticket.id)).missing).not.toContain('organisation');
  });
});

describe('Yahoo’s HTML attribution with a display name longer than the reader looked', () => {
  // Yahoo (and AOL) write "On …, Eve <eve@…> wrote:" on one line, then Eve's mail in plain divs,
  // no blockquote. An attribution over 250 characters (Eve's display name) was not one, and the
  // library's cut left the closing of Eve's mail, her name and organisation, as the holder's.
  const PARTIAL = 'Hi, I lost my phone and my authenticator app with it. Please reset my two-factor authentication.<br><br>Alice';
  const EVE_MAIL = 'Hello,<br><br>Could you confirm your account details?<br><br>Best regards,<br>Alice Martin<br>Zebra Holdings SRL';
  const yahoo = (email: string, name: string) =>
    rawMessage({
      from: `Alice Martin <${email}>`,
      subject: 'Lost my phone',
      contentType: 'text/html; charset=utf-8',
      body: `<html><body><div>${PARTIAL}</div><div><br></div><div class="yahoo_quoted"><div><div>On Monday, December 7, 2026, 09:00:00 AM GMT+1, ${name} &lt;eve@evil-quote.example&gt; wrote:</div><div><br></div><div><div>${EVE_MAIL}</div></div></div></div></body></html>`,
    });

  test('Eve’s closing lines are not the holder’s details', async () => {
    const v = await victim();
    const row = await deliverOne(env, await signed(yahoo(v.email, `Accounts Team ${'x'.repeat(260)}`), v.domain));
    expect(row).toMatchObject({ authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' });
    const ticket = await ticketRow(row.ticketId!);
    // Before the fix: organisation "Zebra Holdings SRL" (Eve's), nothing missing.
    expect(ticket.missing).toContain('organisation');
    expect(JSON.stringify(ticket.fields)).not.toContain('Zebra');
  });

  test('control: the same with a display name of usual length', async () => {
    const v = await victim();
    const row = await deliverOne(env, await signed(yahoo(v.email, 'Accounts Team'), v.domain));
    expect(row).toMatchObject({ authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' });
    expect(JSON.stringify((await ticketRow(row.ticketId!)).fields)).not.toContain('Zebra');
  });
});

describe('the holder’s denial read as a nudge about a request', () => {
  // Eve's mail says "Your 2FA reset request was received" (Reply-To: support@). The holder answers
  // "Any news? I never asked you for a reset." with their usual signature: the words of a request
  // spoken of as made, and an organisation, made a nudge that brings details (loop 14's rule), so
  // their denial became an authenticated recovery request, whatever the stranger's quote said.
  const SUBJECT = 'Re: Your 2FA reset request';
  const SIGNATURE = '\n\nAlice Martin\nGood Example SRL';
  const QUOTE = '\n\nOn Mon, 7 Dec 2026 at 09:00, Eve <eve@evil-quote.example> wrote:\n> Your 2FA reset request was received.';
  const denial = (email: string, own: string, headers: string[]) => rawMessage({ from: `Alice Martin <${email}>`, subject: SUBJECT, headers, body: own });

  test.each([
    ['under Eve’s quote', `Any news? I never asked you for a reset.${SIGNATURE}${QUOTE}`, REPLY],
    ['under Eve’s quote, in French', `Je n'ai jamais introduit de demande. Avez-vous des nouvelles ?${SIGNATURE}${QUOTE}`, REPLY],
    ['quoting nothing, to a mail without Message-ID', `What request? I never submitted one. Any news is not welcome.${SIGNATURE}`, []],
  ])('%s: no ticket, no mail', async (_name, own, headers) => {
    const v = await victim();
    const row = await deliverOne(env, await signed(denial(v.email, own, headers), v.domain));
    // Before the fix: { authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' } (text:details-with-nudge).
    expect(row.kind).toBe('other');
    expect(row.outcome).not.toBe('ticket_opened');
    expect(recipients(sink)).toEqual([]);
  });

  test('control: the holder’s nudge under their own earlier request (their address on the quote) is their request', async () => {
    const v = await victim();
    const own = `Any news? I submitted my request on Friday and still cannot log in.${SIGNATURE}\n\nOn Fri, 4 Dec 2026 at 09:00, Alice Martin <${v.email}> wrote:\n> I lost my phone with my authenticator app.`;
    const row = await deliverOne(
      env,
      await signed(rawMessage({ from: `Alice Martin <${v.email}>`, subject: 'Re: Lost my phone', headers: REPLY, body: own }), v.domain),
    );
    expect(row).toMatchObject({ authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' });
  });
});

describe('Eve’s markup that makes the HTML converter fail', () => {
  // html-to-text throws on a roman-numbered list starting past its table (`<ol type="i"
  // start="1000000000">`). The holder's HTML-only reply copies Eve's markup into its blockquote (the
  // attribution line trimmed, as people do); the last-resort reading dropped every tag, the
  // blockquote's too, and Eve's quoted request was the holder's own text: an authenticated, complete ticket.
  const EVE_HTML = `<ol type="i" start="1000000000"><li>&nbsp;</li></ol>${EVE_TEXT.split('\n\n')
    .map((p) => `<div>${p.replace(/\n/g, '<br>')}</div>`)
    .join('')}`;
  const htmlReply = (email: string, own: string, quoted: string) =>
    rawMessage({
      from: `Alice Martin <${email}>`,
      subject: 'Re: About your account',
      headers: REPLY,
      contentType: 'text/html; charset=utf-8',
      body: `<html><body><div>${own.replace(/\n/g, '<br>')}</div><br><blockquote type="cite">${quoted}</blockquote></body></html>`,
    });

  test('the quoted request stays quoted: no ticket, no mail', async () => {
    const v = await victim();
    const row = await deliverOne(env, await signed(htmlReply(v.email, OBJECTION, EVE_HTML), v.domain));
    // Before the fix: { authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' }, nothing missing.
    expect(row.kind).toBe('other');
    expect(row.outcome).not.toBe('ticket_opened');
    expect(recipients(sink)).toEqual([]);
  });

  test('control: the holder’s own request above the same quote opens their complete ticket', async () => {
    const v = await victim();
    const row = await deliverOne(env, await signed(htmlReply(v.email, OWN_REQUEST, EVE_HTML), v.domain));
    expect(row).toMatchObject({ authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' });
    expect((await ticketRow(row.ticketId!)).missing).toEqual([]);
  });
});
