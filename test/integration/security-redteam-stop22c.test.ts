// Attacks tried in stop 22, third pass (docs/security-log.md "Attacks tried in stop 22, third pass"), on the real
// pipeline with mail genuinely DKIM-signed against the offline zone: the holder's signed mail read at
// the level of bytes and MIME parts. Eve's words travel in a part the holder's client shows as
// someone else's (a delivery report) or behind a line end the holder's client never saw (a bare CR).
// Each attack has a control that differs only in the attacked detail.
import { beforeAll, describe, expect, test } from 'vitest';
import type { TestEnv } from '../support/app.ts';
import { deliverOne, expectTwoFactorUntouched, rawMessage, recipients, request, useRedTeam } from '../support/security.ts';
import type { SmtpSink } from '../support/smtp-sink.ts';

const { running, victim, signed, ticketRow } = useRedTeam('stop22c-');
let sink: SmtpSink;
let env: TestEnv;
beforeAll(() => {
  ({ sink, env } = running());
});

const EVE_TEXT = request('Alice Martin', 'Good Example SRL');
const OBJECTION = 'What is this? I never sent this mail and it never bounced.\n\nAlice';
const REPLY = ['In-Reply-To: <phish-22c@evil-mime.example>', 'References: <phish-22c@evil-mime.example>'];

/** The holder's signed multipart/mixed mail: their own text, then Eve's parts as the client passed them on. */
const holderMixed = (email: string, subject: string, own: string, parts: string[][]) =>
  rawMessage({
    from: `Alice Martin <${email}>`,
    subject,
    headers: REPLY,
    contentType: 'multipart/mixed; boundary="outer"',
    body: ['--outer', 'Content-Type: text/plain; charset=utf-8', '', own, '', ...parts.flatMap((part) => ['--outer', ...part]), '--outer--'].join('\n'),
  });

// Eve's fake bounce ("Undelivered Mail Returned to Sender") whose report carries her request; the
// holder forwards it to support asking what it is. Clients pass a report's parts on as they came.
const DIAGNOSTIC = `Diagnostic-Code: smtp; 550 5.1.1 ${EVE_TEXT.replace(/\n/g, ' ')}`;
/** A delivery-status part's fields (RFC 3464): the reporting MTA, then the failed recipient. */
const DSN_FIELDS = ['Reporting-MTA: dns; mx.evil-mime.example', '', 'Final-Recipient: rfc822; nobody@evil-mime.example', 'Action: failed', 'Status: 5.1.1'];
const REPORT_PARTS: [string, string[][]][] = [
  ['a message/delivery-status part without a disposition', [['Content-Type: message/delivery-status', '', ...DSN_FIELDS, DIAGNOSTIC, '', EVE_TEXT]]],
  [
    'a whole multipart/report (its human-readable text/plain part and its delivery-status)',
    [
      [
        'Content-Type: multipart/report; report-type=delivery-status; boundary="report"',
        '',
        '--report',
        'Content-Type: text/plain; charset=utf-8',
        '',
        EVE_TEXT,
        '--report',
        'Content-Type: message/delivery-status',
        '',
        ...DSN_FIELDS,
        '--report--',
      ],
    ],
  ],
];

describe('a delivery report inside the holder’s signed forward', () => {
  test.each(REPORT_PARTS)('%s: Eve’s words in it are no request of the holder’s', async (_name, parts) => {
    const v = await victim();
    const row = await deliverOne(env, await signed(holderMixed(v.email, 'Fwd: Undelivered Mail Returned to Sender', OBJECTION, parts), v.domain));
    expect(row.authenticated).toBe(true);
    // Before the fix: { kind: 'recovery_request', outcome: 'ticket_opened' }, nothing missing, the
    // acknowledgement sent to the holder: mailparser reads message/delivery-status as message text.
    expect(row.kind).not.toBe('recovery_request');
    expect(row.outcome).not.toBe('ticket_opened');
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [v.email]);
  });

  test('control: the holder’s own request above a forwarded bounce (its report attached) opens their ticket', async () => {
    const v = await victim();
    const bounce = [
      [
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.old-employer.example',
        '',
        'Final-Recipient: rfc822; it@old-employer.example',
        'Action: failed',
        'Status: 5.1.1',
      ],
    ];
    const row = await deliverOne(env, await signed(holderMixed(v.email, 'Fwd: Undelivered Mail Returned to Sender', EVE_TEXT, bounce), v.domain));
    // Before the fix the report's lines were read below the request; now it is an attachment, and a
    // report behind a person's "Fwd:" does not make the holder's mail a bounce.
    expect(row).toMatchObject({ authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' });
    expect((await ticketRow(row.ticketId!)).missing).toEqual([]);
    expect(recipients(sink)).toContain(v.email);
  });

  test('control: the holder’s denial forwarding Eve’s fake bounce under the forged ticket’s reference reaches that ticket', async () => {
    const v = await victim();
    const forged = await deliverOne(env, rawMessage({ from: `Alice Martin <${v.email}>`, body: EVE_TEXT }));
    const ticket = await ticketRow(forged.ticketId!);
    const parts = [['Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; mx.evil-mime.example', '', 'Action: failed', 'Status: 5.1.1']];
    const row = await deliverOne(
      env,
      await signed(holderMixed(v.email, `Fwd: [${ticket.ref}] Undelivered Mail Returned to Sender`, OBJECTION, parts), v.domain),
    );
    // An attached report behind "Fwd:" is not a bounce: the holder's words reach the forged ticket.
    expect(row.kind).not.toBe('bounce');
    expect(row.ticketId).toBe(ticket.id);
    expect((await ticketRow(ticket.id)).signals.flags).toContain('holder_wrote_again');
  });
});

describe('a bare CR inside a quoted line', () => {
  // The holder's client quotes Eve's mail line by line. A CR inside one of her lines (`&#13;` in the
  // <pre> of her HTML, a raw CR in her text) is no line end to that client: it writes "> " once,
  // and the CR travels on (quoted-printable `=0D`, or raw in HTML). The reader split on it.
  const withCr = (text: string) => text.replace(/\n/g, '\r');

  test('plain text, quoted-printable `=0D`: Eve’s request behind the CR is still quoted', async () => {
    const v = await victim();
    const qp = `> Hi Alice, see below.=0D${EVE_TEXT.replace(/\n/g, '=0D')}`;
    const raw = rawMessage({
      from: `Alice Martin <${v.email}>`,
      subject: 'Re: Lost my phone, please reset my 2FA',
      headers: REPLY,
      contentType: 'multipart/alternative; boundary="alt"',
      body: ['--alt', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable', '', OBJECTION, '', qp, '--alt--'].join('\n'),
    });
    const row = await deliverOne(env, await signed(raw, v.domain));
    expect(row.authenticated).toBe(true);
    // Before the fix: { kind: 'recovery_request', outcome: 'ticket_opened' }, complete.
    expect(row.outcome).not.toBe('ticket_opened');
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [v.email]);
  });

  test('HTML only: a bare <blockquote> whose <pre> holds `&#13;` keeps every piece quoted', async () => {
    const v = await victim();
    const html = `<div>${OBJECTION.replace(/\n/g, '<br>')}</div><blockquote><pre>Hi Alice, see below.&#13;${withCr(EVE_TEXT).replace(/\r/g, '&#13;')}</pre></blockquote>`;
    const raw = rawMessage({
      from: `Alice Martin <${v.email}>`,
      subject: 'Re: Lost my phone, please reset my 2FA',
      headers: REPLY,
      contentType: 'text/html; charset=utf-8',
      body: html,
    });
    const row = await deliverOne(env, await signed(raw, v.domain));
    // Before the fix: { kind: 'recovery_request', outcome: 'ticket_opened' }, complete.
    expect(row.outcome).not.toBe('ticket_opened');
    expect(recipients(sink)).toEqual([]);
  });

  test('control: the holder’s own request written with CR line ends (`=0D`) opens their ticket', async () => {
    const v = await victim();
    const raw = rawMessage({
      from: `Alice Martin <${v.email}>`,
      subject: 'Lost my phone',
      contentType: 'multipart/alternative; boundary="alt"',
      body: [
        '--alt',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        EVE_TEXT.replace(/\n/g, '=0D'),
        '--alt--',
      ].join('\n'),
    });
    const row = await deliverOne(env, await signed(raw, v.domain));
    expect(row).toMatchObject({ authenticated: true, kind: 'recovery_request', outcome: 'ticket_opened' });
    expect((await ticketRow(row.ticketId!)).missing).toEqual([]);
  });
});

describe('held: parts the holder’s client passes on that were never read as text', () => {
  const HELD: [string, string[]][] = [
    [
      'Eve’s meeting request (text/calendar, DESCRIPTION holding her request) in the holder’s “Accepted:” reply',
      [
        'Content-Type: text/calendar; method=REPLY; charset=utf-8',
        '',
        'BEGIN:VCALENDAR',
        'METHOD:REPLY',
        'BEGIN:VEVENT',
        `DESCRIPTION:${EVE_TEXT.replace(/\n/g, '\\n')}`,
        'END:VEVENT',
        'END:VCALENDAR',
      ],
    ],
    [
      'a vCard with an inline disposition',
      ['Content-Type: text/vcard; charset=utf-8', 'Content-Disposition: inline', '', 'BEGIN:VCARD', `NOTE:${EVE_TEXT.replace(/\n/g, '\\n')}`, 'END:VCARD'],
    ],
    ['message/global-delivery-status', ['Content-Type: message/global-delivery-status', '', EVE_TEXT]],
    ['message/feedback-report', ['Content-Type: message/feedback-report', '', EVE_TEXT]],
  ];
  test.each(HELD)('%s', async (_name, part) => {
    const v = await victim();
    const row = await deliverOne(env, await signed(holderMixed(v.email, 'Accepted: Account review', OBJECTION, [part]), v.domain));
    expect(row.outcome).not.toBe('ticket_opened');
    expect(recipients(sink)).toEqual([]);
  });
});
