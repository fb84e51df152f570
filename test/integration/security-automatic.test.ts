// Issue 3, RFC 3834 on the way in (SPEC §6 rule 3): out-of-office answers, bounces (Postfix,
// Exchange, Gmail), lists, null return paths, robot senders and our own replies coming back
// get no automatic answer; mail marked automatic that a person may have written still reaches
// an agent. Real pipeline; our own reply is taken from the SMTP sink and fed back in.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { tickets } from '../../src/adapters/db/schema/index.ts';
import { seedAccount, type TestEnv } from '../support/app.ts';
import {
  deliverOne,
  detailOf,
  expectTwoFactorUntouched,
  guardRealDns,
  offlineZone,
  rawMessage,
  recipients,
  request,
  rsaKey,
  sign,
  ticketCount,
  type MessageRow,
  usePipelineWithSink,
} from '../support/security.ts';
import { type SinkMessage, type SmtpSink } from '../support/smtp-sink.ts';

const zone = offlineZone();
guardRealDns(zone);
const key = rsaKey();

function domain(name: string): string {
  zone.txt(`sel._domainkey.${name}`, key.record);
  zone.txt(`_dmarc.${name}`, 'v=DMARC1; p=reject');
  return name;
}

const running = usePipelineWithSink(zone);
let sink: SmtpSink;
let env: TestEnv;
beforeAll(() => {
  ({ sink, env } = running());
});

const BODY = request('Alice Martin', 'Good Example SRL');

async function account(email: string) {
  return seedAccount(env, { email, fullName: 'Alice Martin', organisations: ['Good Example SRL'] });
}

/** A genuine request from an account, answered: the ticket and the acknowledgement from the sink. */
async function answeredRequest(d: string): Promise<{ ref: string; ack: SinkMessage }> {
  await account(`alice@${d}`);
  const row = await deliverOne(env, await sign(rawMessage({ from: `Alice Martin <alice@${d}>`, body: BODY }), { domain: d, key }));
  const detail = await detailOf(env, row);
  expect(detail.signals.senderAuthenticated).toBe(true);
  expect(recipients(sink)).toEqual([`alice@${d}`]);
  const ack = sink.messages[0]!;
  sink.clear();
  return { ref: detail.ref, ack };
}

async function eventsOf(ref: string): Promise<string[]> {
  const [ticket] = await env.app.deps.db.select({ id: tickets.id }).from(tickets).where(eq(tickets.ref, ref));
  return (await detailOf(env, { ticketId: ticket!.id })).events.map((e) => e.type);
}

/** No answer, no new ticket, no 2FA change. */
async function expectIgnored(row: MessageRow, kind: string, ticketsBefore: number) {
  expect(row).toMatchObject({ status: 'processed', outcome: 'ignored', kind });
  expect(recipients(sink)).toEqual([]);
  expect(await ticketCount(env)).toBe(ticketsBefore);
  await expectTwoFactorUntouched(env);
}

describe('out-of-office answers', () => {
  const cases = [
    {
      name: 'en, with RFC 3834 headers, answering our acknowledgement',
      language: 'en',
      headers: ['Auto-Submitted: auto-replied', 'X-Autoreply: yes'],
      subject: (s: string) => `Automatic reply: ${s}`,
      body: 'I am out of the office until Monday 30 November with limited access to email.\nFor urgent matters please contact my colleague.',
    },
    {
      name: 'en, without headers',
      language: 'en',
      headers: [],
      subject: (s: string) => `Out of Office: ${s}`,
      body: "I'm currently out of the office and will be back on 1 December.\nThis is an automatic message.",
    },
    {
      name: 'fr, with headers',
      language: 'fr',
      headers: ['Auto-Submitted: auto-replied', 'Precedence: auto_reply'],
      subject: (s: string) => `Réponse automatique : ${s}`,
      body: "Bonjour,\nJe suis absente du bureau jusqu'au 2 décembre inclus.\nCeci est une réponse automatique.",
    },
    {
      name: 'fr, without headers',
      language: 'fr',
      headers: [],
      subject: (s: string) => `Absence du bureau : ${s}`,
      body: 'Bonjour,\nJe suis actuellement en congé et serai de retour le 7 décembre.\nCordialement,\nAlice',
    },
    {
      name: 'nl, with headers',
      language: 'nl',
      headers: ['X-Autorespond: yes', 'X-Auto-Response-Suppress: All'],
      subject: (s: string) => `Automatisch antwoord: ${s}`,
      body: 'Beste,\nIk ben momenteel afwezig tot en met 4 december.\nDit is een automatisch bericht.',
    },
    {
      name: 'nl, without headers',
      language: 'nl',
      headers: [],
      subject: (s: string) => `Afwezig: ${s}`,
      body: 'Hallo,\nIk ben met verlof tot maandag. Uw bericht wordt niet doorgestuurd.\nMet vriendelijke groeten,\nAlice',
    },
  ];
  for (const [i, c] of cases.entries()) {
    test(`${c.name}: no answer, noted on the ticket`, async () => {
      const d = domain(`ooo${i}.example`);
      const { ref, ack } = await answeredRequest(d);
      const before = await ticketCount(env);
      const raw = await sign(
        rawMessage({
          from: `Alice Martin <alice@${d}>`,
          subject: c.subject(ack.subject ?? ''),
          body: c.body,
          headers: [...c.headers, `In-Reply-To: ${ack.messageId}`, `References: ${ack.messageId}`],
        }),
        { domain: d, key },
      );
      const row = await deliverOne(env, raw);
      await expectIgnored(row, 'auto_reply', before);
      expect(await eventsOf(ref)).toContain('auto_reply_received');
    });
  }

  test('an out-of-office that is not about any ticket, unsigned: nothing', async () => {
    const before = await ticketCount(env);
    const row = await deliverOne(
      env,
      rawMessage({
        from: 'bob@nowhere.example',
        subject: 'Out of office',
        body: 'I am out of the office until Monday.',
        headers: ['Auto-Submitted: auto-replied'],
      }),
    );
    await expectIgnored(row, 'auto_reply', before);
  });
});

describe('marked automatic but plausibly human: reaches an agent, gets no answer', () => {
  test('a request forwarded by a rule (Auto-Submitted: auto-generated)', async () => {
    const d = domain('rule.example');
    await account(`alice@${d}`);
    const raw = await sign(rawMessage({ from: `alice@${d}`, body: BODY, headers: ['Auto-Submitted: auto-generated'] }), { domain: d, key });
    const row = await deliverOne(env, raw);
    expect(row).toMatchObject({ outcome: 'ticket_opened', kind: 'recovery_request', authenticated: true });
    const detail = await detailOf(env, row);
    expect(detail).toMatchObject({ status: 'ready', account: { email: `alice@${d}` } });
    expect(detail.signals).toMatchObject({ senderAuthenticated: true, authReason: 'dkim_aligned_pass', noAutoAnswer: 'auto_submitted' });
    expect(detail.replies).toEqual([]);
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [`alice@${d}`]);
  });

  test('a request with a null return path, one through a list, one from a noreply address', async () => {
    const d = domain('robots.example');
    await account(`alice@${d}`);
    await account(`noreply@${d}`);
    const nullPath = await deliverOne(env, await sign(rawMessage({ from: `alice@${d}`, body: BODY, top: ['Return-Path: <>'] }), { domain: d, key }));
    expect((await detailOf(env, nullPath)).signals).toMatchObject({ senderAuthenticated: true, noAutoAnswer: 'null_return_path' });
    const robot = await deliverOne(env, await sign(rawMessage({ from: `noreply@${d}`, body: BODY }), { domain: d, key }));
    expect((await detailOf(env, robot)).signals).toMatchObject({ senderAuthenticated: true, noAutoAnswer: 'robot_sender' });
    await account(`bob@${d}`);
    const list = await deliverOne(
      env,
      await sign(
        rawMessage({
          from: `bob@${d}`,
          body: BODY,
          headers: ['List-Id: <security.lists.robots.example>', 'List-Unsubscribe: <mailto:leave@robots.example>', 'Precedence: list'],
        }),
        { domain: d, key },
      ),
    );
    expect(list).toMatchObject({ kind: 'other', outcome: 'ignored' });
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [`alice@${d}`, `noreply@${d}`, `bob@${d}`]);
  });
});

// ---------------------------------------------------------------------------------------
// Bounces, shaped as the three most common MTAs write them, each returning our acknowledgement.

function postfixBounce(to: string, returned: string): string {
  return [
    'Return-Path: <>',
    'From: MAILER-DAEMON@mail.postfix.example (Mail Delivery System)',
    'To: support@bpart.test',
    'Subject: Undelivered Mail Returned to Sender',
    'Date: Tue, 24 Nov 2026 10:05:00 +0000',
    'Message-ID: <20261124100500.1A2B3C@mail.postfix.example>',
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="1A2B3C.1764000300/mail.postfix.example"',
    '',
    'This is a MIME-encapsulated message.',
    '',
    '--1A2B3C.1764000300/mail.postfix.example',
    'Content-Description: Notification',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is the mail system at host mail.postfix.example.',
    '',
    "I'm sorry to have to inform you that your message could not",
    "be delivered to one or more recipients. It's attached below.",
    '',
    `<${to}>: host mx.postfix.example[192.0.2.25] said: 550 5.1.1 <${to}>: Recipient address rejected: User unknown in virtual mailbox table`,
    '',
    '--1A2B3C.1764000300/mail.postfix.example',
    'Content-Description: Delivery report',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mail.postfix.example',
    'X-Postfix-Queue-ID: 1A2B3C',
    'Arrival-Date: Tue, 24 Nov 2026 10:04:59 +0000 (UTC)',
    '',
    `Final-Recipient: rfc822; ${to}`,
    `Original-Recipient: rfc822;${to}`,
    'Action: failed',
    'Status: 5.1.1',
    'Remote-MTA: dns; mx.postfix.example',
    'Diagnostic-Code: smtp; 550 5.1.1 User unknown',
    '',
    '--1A2B3C.1764000300/mail.postfix.example',
    'Content-Description: Undelivered Message',
    'Content-Type: message/rfc822',
    '',
    returned.trimEnd(),
    '',
    '--1A2B3C.1764000300/mail.postfix.example--',
    '',
  ].join('\r\n');
}

function exchangeBounce(to: string, returned: string, subject: string): string {
  const headersOnly = returned.slice(0, returned.search(/\r?\n\r?\n/));
  return [
    'From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@exchange.example>',
    'To: <support@bpart.test>',
    `Subject: Undeliverable: ${subject}`,
    'Date: Tue, 24 Nov 2026 10:05:00 +0000',
    'Message-ID: <b1f2c3d4-5e6f-4a1b-9c8d-0e1f2a3b4c5d@exchange.example>',
    'Content-Language: en-US',
    'X-MS-Exchange-Message-Is-Ndr:',
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="_000_ndr_"',
    '',
    '--_000_ndr_',
    'Content-Type: multipart/alternative; boundary="_001_ndr_"',
    '',
    '--_001_ndr_',
    'Content-Type: text/plain; charset="us-ascii"',
    '',
    `Your message to ${to} couldn't be delivered.`,
    `${to.split('@')[0]} wasn't found at ${to.split('@')[1]}.`,
    "Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'",
    '',
    '--_001_ndr_',
    'Content-Type: text/html; charset="us-ascii"',
    '',
    `<html><body><p>Your message to <b>${to}</b> couldn't be delivered.</p></body></html>`,
    '--_001_ndr_--',
    '',
    '--_000_ndr_',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns;exchange.example',
    '',
    `Final-recipient: RFC822; ${to}`,
    'Action: failed',
    'Status: 5.1.10',
    'Diagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound',
    '',
    '--_000_ndr_',
    'Content-Type: text/rfc822-headers',
    '',
    headersOnly,
    '',
    '--_000_ndr_--',
    '',
  ].join('\r\n');
}

function gmailBounce(to: string, returned: string): string {
  return [
    'Return-Path: <>',
    'From: Mail Delivery Subsystem <mailer-daemon@googlemail.example>',
    'To: support@bpart.test',
    'Subject: Delivery Status Notification (Failure)',
    'Date: Tue, 24 Nov 2026 10:05:00 +0000',
    'Message-ID: <5f8c2a1b.1c69.gmail.bounce@mx.googlemail.example>',
    `X-Failed-Recipients: ${to}`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; boundary="00000000000012345abc"; report-type=delivery-status',
    '',
    '--00000000000012345abc',
    'Content-Type: multipart/related; boundary="00000000000012345abd"',
    '',
    '--00000000000012345abd',
    'Content-Type: text/plain; charset="UTF-8"',
    '',
    '** Address not found **',
    '',
    `Your message wasn't delivered to ${to} because the address couldn't be found, or is unable to receive mail.`,
    '',
    'The response from the remote server was:',
    `550 5.1.1 The email account that you tried to reach does not exist.`,
    '',
    '--00000000000012345abd--',
    '',
    '--00000000000012345abc',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; googlemail.example',
    '',
    `Final-Recipient: rfc822; ${to}`,
    'Action: failed',
    'Status: 5.1.1',
    'Diagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach does not exist.',
    '',
    '--00000000000012345abc',
    'Content-Type: message/rfc822',
    '',
    returned.trimEnd(),
    '',
    '--00000000000012345abc--',
    '',
  ].join('\r\n');
}

describe('bounces', () => {
  test('Postfix, Exchange and Gmail bounces of our acknowledgement: no answer, no ticket, recorded on the ticket when it is named', async () => {
    const d = domain('bounce.example');
    const { ref, ack } = await answeredRequest(d);
    const returned = ack.raw.toString('utf8');
    const to = `alice@${d}`;
    const before = await ticketCount(env);
    for (const bounce of [postfixBounce(to, returned), exchangeBounce(to, returned, ack.subject ?? ''), gmailBounce(to, returned)]) {
      const row = await deliverOne(env, bounce);
      await expectIgnored(row, 'bounce', before);
    }
    // the Exchange one names the ticket in its subject
    expect(await eventsOf(ref)).toContain('reply_bounced');
  });

  test('a signed Gmail-style bounce returning a forged recovery request is a bounce, not a request', async () => {
    const g = domain('googlemail.example');
    await account('carol@victim-bounce.example');
    const forgedRequest = rawMessage({ from: 'carol@victim-bounce.example', body: request('Carol Smith', 'Victim BV') });
    const raw = await sign(gmailBounce('carol@victim-bounce.example', forgedRequest), { domain: g, key });
    const before = await ticketCount(env);
    await expectIgnored(await deliverOne(env, raw), 'bounce', before);
    // and without the Auto-Submitted header or the null return path, as some gateways send them
    const bare = gmailBounce('carol@victim-bounce.example', forgedRequest).replace('Auto-Submitted: auto-replied\r\n', '').replace('Return-Path: <>\r\n', '');
    await expectIgnored(await deliverOne(env, bare), 'bounce', before);
  });
});

describe('our own reply looping back', () => {
  test('the acknowledgement, fed back in as it reached the sink: no answer, no new ticket', async () => {
    const d = domain('loop.example');
    const { ref, ack } = await answeredRequest(d);
    const before = await ticketCount(env);
    const row = await deliverOne(env, ack.raw);
    await expectIgnored(row, 'auto_reply', before);
    expect((row.auth as { reason: string }).reason).toBe('from_our_domain');
    expect(row.authenticated).toBe(false);
    expect(await eventsOf(ref)).toContain('auto_reply_received');
  });

  test('the acknowledgement with its automatic headers stripped by a relay: recognised as ours, no ticket, no answer', async () => {
    const d = domain('loop-stripped.example');
    const { ref, ack } = await answeredRequest(d);
    const stripped = ack.raw
      .toString('utf8')
      .replace(/^Auto-Submitted:.*\r\n/im, '')
      .replace(/^X-Auto-Response-Suppress:.*\r\n/im, '');
    expect(stripped).not.toMatch(/^auto-submitted:/im);
    const before = await ticketCount(env);
    const row = await deliverOne(env, stripped); // the loop marker is left
    await expectIgnored(row, 'auto_reply', before);
    expect(row.authenticated).toBe(false);
    // and with the loop marker gone too, our Message-ID still gives it away
    const bare = stripped.replace(/^X-Recovery-Desk-Loop:.*\r\n/im, '').replace(/^X-Recovery-Desk-Kind:.*\r\n/im, '');
    expect(bare).not.toMatch(/^x-recovery-desk/im);
    const again = await deliverOne(env, bare.replace(/^Subject: /im, 'Subject: Re: '));
    await expectIgnored(again, 'auto_reply', before);
    expect((again.analysis as { reasons: string[] }).reasons).toContain('message-id:ours');
    expect(await eventsOf(ref)).toContain('auto_reply_received');
  });

  test("the user's mailbox forwarding our acknowledgement back (signed by the user's domain): noted on its ticket, not answered", async () => {
    const d = domain('loop-forward.example');
    const { ref, ack } = await answeredRequest(d);
    const before = await ticketCount(env);
    const forward = await sign(
      rawMessage({
        from: `Alice Martin <alice@${d}>`,
        subject: `Fwd: ${ack.subject}`,
        body: `---------- Forwarded message ---------\nFrom: support@bpart.test\nSubject: ${ack.subject}\n\n${ack.parsed.text ?? ''}`,
        headers: ['Auto-Submitted: auto-generated'],
      }),
      { domain: d, key },
    );
    const row = await deliverOne(env, forward);
    // Sent by a program and carrying only our own text: an automatic answer in the ticket's
    // thread (authenticated: the subject claims the thread), noted there and never answered.
    expect(row).toMatchObject({ outcome: 'ignored', kind: 'auto_reply', authenticated: true });
    expect(await eventsOf(ref)).toContain('auto_reply_received');
    expect(recipients(sink)).toEqual([]);
    expect(await ticketCount(env)).toBe(before);
    await expectTwoFactorUntouched(env, [`alice@${d}`]);
  });
});
