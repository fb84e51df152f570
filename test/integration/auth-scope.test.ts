// Issue 15: only what needs a verdict is authenticated. A bounce, an auto-reply and other mail
// outside any thread are recorded as "not checked", neither a pass nor a fail, and ask no DNS; a
// request and any mail that claims a thread (In-Reply-To or References, forged or not) are
// authenticated as before. A follow-up in a ticket's thread keeps its verdict and still merges.
// Real pipeline, offline zone.
import { beforeAll, describe, expect, test } from 'vitest';
import { NOT_CHECKED } from '../../src/adapters/mail/inspect.ts';
import { seedAccount, type TestEnv } from '../support/app.ts';
import { deliverOne, detailOf, guardRealDns, offlineZone, rawMessage, recipients, request, rsaKey, sign, usePipelineWithSink } from '../support/security.ts';
import { type SmtpSink } from '../support/smtp-sink.ts';

const zone = offlineZone();
guardRealDns(zone);
const key = rsaKey();
const D = 'scope.example';
zone.txt(`sel._domainkey.${D}`, key.record);
zone.txt(`_dmarc.${D}`, 'v=DMARC1; p=reject');

const running = usePipelineWithSink(zone);
let sink: SmtpSink;
let env: TestEnv;
beforeAll(() => {
  ({ sink, env } = running());
});

const signed = async (spec: Parameters<typeof rawMessage>[0]) => sign(rawMessage(spec), { domain: D, key });
const auth = (row: { auth: unknown }) => row.auth as { authenticated: boolean; reason: string; evidence: unknown };

const BOUNCE = {
  from: `Mail Delivery System <mailer-daemon@${D}>`,
  subject: 'Undelivered Mail Returned to Sender',
  top: ['Return-Path: <>'],
  headers: ['Auto-Submitted: auto-replied'],
  contentType: 'multipart/report; report-type=delivery-status; boundary="b1"',
  body: [
    '--b1',
    'Content-Type: text/plain',
    '',
    'This is the mail system. Your message could not be delivered.',
    '--b1',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.scope.example',
    '',
    'Final-Recipient: rfc822; bob@elsewhere.example',
    'Action: failed',
    'Status: 5.1.1',
    '--b1--',
  ].join('\r\n'),
};

describe('a bounce', () => {
  test('a signed bounce asks no DNS and is recorded as not checked (neither a pass nor a fail)', async () => {
    const asked = zone.queries.length;
    const row = await deliverOne(env, await signed(BOUNCE));
    expect(row).toMatchObject({ outcome: 'ignored', kind: 'bounce', authenticated: false });
    expect(auth(row)).toMatchObject({ authenticated: false, reason: `${NOT_CHECKED}: a bounce`, evidence: { notChecked: 'bounce' } });
    expect(zone.queries.slice(asked)).toEqual([]);
    expect(recipients(sink)).toEqual([]);
  });

  test('an auto-reply and a newsletter outside any thread ask no DNS either: not checked, and ignored', async () => {
    for (const [spec, why] of [
      [
        { from: `Alice <alice@${D}>`, subject: 'Out of office', body: 'I am away until Monday.', headers: ['Auto-Submitted: auto-replied'] },
        'an auto-reply outside our threads',
      ],
      [
        {
          from: `Scope News <news@${D}>`,
          subject: 'Our March newsletter',
          body: 'Here is what happened this month.',
          headers: [`List-Id: News <news.${D}>`, `List-Unsubscribe: <mailto:unsubscribe@${D}>`, 'Precedence: bulk'],
        },
        'other mail outside our threads',
      ],
    ] as [Parameters<typeof rawMessage>[0], string][]) {
      const asked = zone.queries.length;
      const row = await deliverOne(env, await signed(spec));
      expect(row.outcome).toBe('ignored');
      expect(auth(row)).toMatchObject({ authenticated: false, reason: `${NOT_CHECKED}: ${why}` });
      expect(zone.queries.slice(asked)).toEqual([]);
    }
    expect(recipients(sink)).toEqual([]);
  });

  test('an auto-reply that answers a thread is authenticated (control: the same auto-reply outside any thread is not)', async () => {
    const asked = zone.queries.length;
    const row = await deliverOne(
      env,
      await signed({
        from: `Erin <erin@${D}>`,
        subject: 'Automatic reply: Re: your request',
        headers: ['Auto-Submitted: auto-replied', 'In-Reply-To: <somewhere-1@elsewhere.example>'],
        body: 'I am away until Monday.',
      }),
    );
    expect(row.outcome).toBe('ignored');
    expect(auth(row)).toMatchObject({ authenticated: true, reason: 'dkim_aligned_pass' });
    expect(zone.queries.slice(asked)).toContain(`TXT sel._domainkey.${D}`);
  });
});

describe('mail that needs a verdict', () => {
  test('a request is authenticated, and the holder’s answer in its thread keeps its verdict and merges', async () => {
    await seedAccount(env, { email: `carol@${D}`, fullName: 'Carol Peeters', organisations: ['Scope Rowing Club'] });
    // A request without an organisation: we ask for it, the answer comes in our thread.
    const asked = zone.queries.length;
    const first = await deliverOne(
      env,
      await signed({
        from: `Carol Peeters <carol@${D}>`,
        body: 'Hello,\n\nI lost my phone and my authenticator app with it. Could you please reset my two-factor authentication?\n\nCarol Peeters',
      }),
    );
    expect(zone.queries.slice(asked)).toContain(`TXT sel._domainkey.${D}`);
    expect(auth(first)).toMatchObject({ authenticated: true, reason: 'dkim_aligned_pass' });
    const detail = await detailOf(env, first);
    expect(detail.signals.senderAuthenticated).toBe(true);
    const ours = sink.messages.at(-1)!;
    expect(ours.envelope.to).toEqual([`carol@${D}`]);

    // "Thanks": no recovery wording, only the organisation, as a reply to our mail.
    const answer = await deliverOne(
      env,
      await signed({
        from: `Carol Peeters <carol@${D}>`,
        subject: 'Re: my organisation',
        headers: [`In-Reply-To: ${ours.messageId}`, `References: ${ours.messageId}`],
        body: 'Thanks! The organisation is Scope Rowing Club.\n\nCarol',
      }),
    );
    expect(answer.kind).toBe('other'); // not a request by itself: only the thread makes it one
    expect(auth(answer)).toMatchObject({ authenticated: true, reason: 'dkim_aligned_pass' });
    expect(answer.ticketId).toBe(first.ticketId);
    expect(answer.outcome).toBe('ticket_updated');
  });

  test('a reply that claims a ticket only by the reference in its subject is authenticated too (control: the same mail without it is not)', async () => {
    const claim = async (subject: string) =>
      deliverOne(env, await signed({ from: `Frank <frank@${D}>`, subject, body: 'Thanks, here is what you asked for: Scope Sailing Club.' }));
    const asked = zone.queries.length;
    const claimed = await claim('Re: [REC-2026-000123] your request');
    expect(auth(claimed)).toMatchObject({ authenticated: true, reason: 'dkim_aligned_pass' });
    expect(zone.queries.slice(asked)).toContain(`TXT sel._domainkey.${D}`);
    const plain = await claim('Re: your request');
    expect(auth(plain).reason).toBe(`${NOT_CHECKED}: other mail outside our threads`);
  });

  test('a reply that only claims our thread (forged In-Reply-To) is still authenticated before it is read', async () => {
    const asked = zone.queries.length;
    const row = await deliverOne(
      env,
      await signed({
        from: `Dave <dave@${D}>`,
        subject: 'Re: your mail',
        headers: ['In-Reply-To: <rd.REC-2026-000001.abc.0123456789abcdef0123456789abcdef@bpart.test>'],
        body: 'Thanks, noted.',
      }),
    );
    expect(row.outcome).toBe('ignored');
    expect(auth(row).reason).not.toBe(NOT_CHECKED);
    expect(zone.queries.slice(asked)).toContain(`TXT sel._domainkey.${D}`);
  });
});
