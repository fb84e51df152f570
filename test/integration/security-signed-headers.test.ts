// Issue 10 items 1, 5 and 7 on the real pipeline (PostgreSQL, Redis, the BullMQ worker, the SMTP
// sink): mail genuinely DKIM-signed against the offline zone, then changed the way an attacker
// who holds one signed message from the victim would change it. Each attack has a control that
// differs only in the attacked detail and passes.
import { beforeAll, describe, expect, test } from 'vitest';
import { seedAccount, type TestEnv } from '../support/app.ts';
import { dkimSigned, type DkimOptions } from '../support/dkim.ts';
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
  usePipelineWithSink,
  type MessageRow,
} from '../support/security.ts';
import type { SmtpSink } from '../support/smtp-sink.ts';
import { readMessage } from '../../src/steps/process-message.ts';

const zone = offlineZone();
guardRealDns(zone);
const key = rsaKey();
const DAY = 86_400_000;

const running = usePipelineWithSink(zone, { SUPPORT_ALIASES: 'help@bpart.test', TRUSTED_RECEIVED_BY: 'mx.bpart.test' });
let sink: SmtpSink;
let env: TestEnv;
beforeAll(() => {
  ({ sink, env } = running());
});

let counter = 0;
/**
 * A domain of its own (key "sel", DMARC as given) and its account. Attack and control each get
 * one, so that neither meets the other's ticket, Message-ID or flood counter.
 */
async function victim(dmarc = 'v=DMARC1; p=reject', sub?: string): Promise<{ email: string; domain: string; signer: string }> {
  counter += 1;
  const domain = `v${counter}-${process.pid}.example`;
  const signer = sub ? `${sub}.${domain}` : domain;
  zone.txt(`sel._domainkey.${signer}`, key.record);
  if (dmarc) zone.txt(`_dmarc.${domain}`, dmarc);
  const email = `alice@${domain}`;
  await seedAccount(env, { email, fullName: 'Alice Martin', organisations: ['Good Example SRL'] });
  return { email, domain, signer };
}

const BODY = request('Alice Martin', 'Good Example SRL');
const signed = (raw: string, domain: string, extra: Partial<DkimOptions> = {}) => dkimSigned(raw, { domain, privateKey: key.privateKey, ...extra });
/** Lines put above the signed headers, right under the signature. */
const prepend = (raw: string, lines: string[]) => raw.replace(/\r\nFrom: /, `\r\n${lines.join('\r\n')}\r\nFrom: `);
const withDate = (raw: string, date: Date) => raw.replace(/^Date: .*$/m, `Date: ${date.toUTCString()}`);

async function expectAuthenticated(raw: string, email: string): Promise<MessageRow> {
  const row = await deliverOne(env, raw);
  expect(row, JSON.stringify({ reason: row.reason, outcome: row.outcome, auth: row.auth })).toMatchObject({ status: 'processed', authenticated: true });
  if (row.kind === 'recovery_request') {
    const detail = await detailOf(env, row);
    expect(detail.signals.senderAuthenticated).toBe(true);
    expect(recipients(sink)).toEqual([email]); // the acknowledgement, to the stored address
  }
  return row;
}

/** Not authenticated with this reason, shown to agents; no automatic mail; 2FA untouched. */
async function expectRefused(raw: string, email: string, reason: string): Promise<MessageRow> {
  const row = await deliverOne(env, raw);
  expect(row.status).toBe('processed');
  expect(row.authenticated).toBe(false);
  expect((row.auth as { reason: string }).reason).toBe(reason);
  if (row.ticketId !== null) {
    const detail = await detailOf(env, row);
    expect(detail.signals.senderAuthenticated).toBe(false);
    expect(detail.signals.authReason).toBe(reason);
    expect(detail.replies).toEqual([]);
  }
  expect(recipients(sink)).toEqual([]);
  await expectTwoFactorUntouched(env, [email]);
  return row;
}

describe('what was signed is what is read', () => {
  test('Content-Type: multipart put above a signed reply makes the quoted attacker text the request: refused', async () => {
    // The victim's genuine, signed reply quotes the attacker's first mail without "> " (as
    // Outlook does); read as text/plain it is Alice's short answer.
    const reply = `No idea what this is about, sorry.\nAlice\n\n-----Original Message-----\n--zz\nContent-Type: text/plain; charset=utf-8\n\n${BODY}\n--zz--\n`;
    const message = async (v: { email: string; domain: string }) =>
      // A real reply names the mail it answers; that thread claim is what gets it authenticated.
      signed(
        rawMessage({ from: `Alice Martin <${v.email}>`, subject: 'Re: hello', headers: ['In-Reply-To: <hello-1@attacker.example>'], body: reply }),
        v.domain,
      );
    const control = await victim();
    const unmodified = await expectAuthenticated(await message(control), control.email);
    expect(unmodified.kind).not.toBe('recovery_request');
    const target = await victim();
    const attacked = await expectRefused(prepend(await message(target), ['Content-Type: multipart/mixed; boundary="zz"']), target.email, 'duplicate_header');
    expect(attacked.kind).toBe('recovery_request'); // the attack is real: the product read the attacker's part
    expect((attacked.auth as { evidence: { headers: { duplicate: string[] } } }).evidence.headers.duplicate).toEqual(['content-type']);
  });

  test.each([
    ['Content-Transfer-Encoding', ['Content-Transfer-Encoding: quoted-printable'], 'duplicate_header'],
    ['Subject', ['Subject: Please reset my 2FA'], 'duplicate_header'],
    ['From', ['From: Alice Martin <alice@{domain}>'], 'multiple_from_headers'],
    ['To', ['To: support@bpart.test'], 'duplicate_header'],
    ['Date', ['Date: {now}'], 'duplicate_header'],
    ['Message-ID', ['Message-ID: <{domain}-other@example.test>'], 'duplicate_header'],
    ['Reply-To', ['Reply-To: mallory@attacker.example'], 'dkim_header_not_signed'],
    ['In-Reply-To and References', ['In-Reply-To: <x1@attacker.example>', 'References: <x1@attacker.example>'], 'dkim_header_not_signed'],
  ])('%s put above the signed headers: refused; the unmodified message passes', async (_what, lines, reason) => {
    const message = async (v: { email: string; domain: string }) => signed(rawMessage({ from: `Alice Martin <${v.email}>`, body: BODY }), v.domain);
    const target = await victim();
    const attack = prepend(
      await message(target),
      lines.map((line) => line.replace('{domain}', target.domain).replace('{now}', new Date().toUTCString())),
    );
    await expectRefused(attack, target.email, reason);
    const control = await victim();
    await expectAuthenticated(await message(control), control.email);
  });

  test('over-signed headers: the unmodified message passes, an added Reply-To breaks the signature', async () => {
    const message = async (v: { email: string; domain: string }) =>
      signed(rawMessage({ from: `Alice Martin <${v.email}>`, body: BODY }), v.domain, { oversign: ['from', 'subject', 'reply-to', 'content-type'] });
    const target = await victim();
    await expectRefused(prepend(await message(target), ['Reply-To: mallory@attacker.example']), target.email, 'dkim_signature_invalid');
    const control = await victim();
    await expectAuthenticated(await message(control), control.email);
  });

  test('the evidence stored for agents names the header that was not signed', async () => {
    const { email, domain } = await victim();
    const raw = await signed(rawMessage({ from: `Alice Martin <${email}>`, body: BODY }), domain);
    const row = await expectRefused(prepend(raw, ['Reply-To: mallory@attacker.example']), email, 'dkim_header_not_signed');
    expect((row.auth as { evidence: { headers: { notSigned: string[] } } }).evidence.headers.notSigned).toEqual(['reply-to']);
  });
});

describe('alignment follows the DMARC record of the From domain', () => {
  test('adkim=s: a key on a subdomain does not authenticate the parent domain; adkim=r does', async () => {
    const strict = await victim('v=DMARC1; p=reject; adkim=s', 'news');
    const raw = await signed(rawMessage({ from: `Alice Martin <${strict.email}>`, body: BODY }), strict.signer);
    const row = await expectRefused(raw, strict.email, 'dkim_not_strictly_aligned');
    expect((row.auth as { evidence: { dmarc: { result: string } } }).evidence.dmarc.result).toBe('fail');
    const relaxed = await victim('v=DMARC1; p=reject; adkim=r', 'news');
    await expectAuthenticated(await signed(rawMessage({ from: `Alice Martin <${relaxed.email}>`, body: BODY }), relaxed.signer), relaxed.email);
  });

  test('adkim=s: a key on the exact domain authenticates', async () => {
    const { email, domain } = await victim('v=DMARC1; p=reject; adkim=s');
    await expectAuthenticated(await signed(rawMessage({ from: `Alice Martin <${email}>`, body: BODY }), domain), email);
  });

  test('aspf=s: SPF of a subdomain envelope from our MX does not authenticate; the exact domain does', async () => {
    const hop = (mailFrom: string) => [
      `Return-Path: <${mailFrom}>`,
      'Received: from mail.sender.example (mail.sender.example [192.0.2.10])\r\n\tby mx.bpart.test (Postfix) with ESMTPS id 4X; ' + new Date().toUTCString(),
    ];
    const strict = await victim('v=DMARC1; p=reject; aspf=s');
    zone.txt(`bounce.${strict.domain}`, 'v=spf1 ip4:192.0.2.0/24 -all');
    await expectRefused(
      rawMessage({ from: `Alice Martin <${strict.email}>`, body: BODY, top: hop(`b@bounce.${strict.domain}`) }),
      strict.email,
      'spf_not_strictly_aligned',
    );
    const exact = await victim('v=DMARC1; p=reject; aspf=s');
    zone.txt(exact.domain, 'v=spf1 ip4:192.0.2.0/24 -all');
    await expectAuthenticated(rawMessage({ from: `Alice Martin <${exact.email}>`, body: BODY, top: hop(`b@${exact.domain}`) }), exact.email);
  });
});

describe('replay by age and address', () => {
  test('a 90-day-old genuine signature is refused; one a day old passes', async () => {
    const message = (v: { email: string; domain: string }, at: Date) =>
      signed(withDate(rawMessage({ from: `Alice Martin <${v.email}>`, body: BODY }), at), v.domain, { signTime: at });
    const target = await victim();
    await expectRefused(await message(target, new Date(Date.now() - 90 * DAY)), target.email, 'signature_too_old');
    const control = await victim();
    await expectAuthenticated(await message(control, new Date(Date.now() - DAY)), control.email);
  });

  test('age is judged as the message arrived: read again later, the verdict is the same', async () => {
    const { email, domain } = await victim();
    const signedAt = new Date(Date.now() - 90 * DAY);
    const raw = Buffer.from(await signed(withDate(rawMessage({ from: `Alice Martin <${email}>`, body: BODY }), signedAt), domain, { signTime: signedAt }));
    const onArrival = await readMessage(env.app.deps, raw, new Date(signedAt.getTime() + 60_000));
    expect(onArrival).toMatchObject({ authenticated: true, authReason: 'dkim_aligned_pass' });
    const arrivingNow = await readMessage(env.app.deps, raw, new Date());
    expect(arrivingNow).toMatchObject({ authenticated: false, authReason: 'signature_too_old' });
  });

  test('mail the victim signed to someone else is refused; with a support alias in Cc it passes', async () => {
    const elsewhere = (email: string) =>
      rawMessage({ from: `Alice Martin <${email}>`, body: BODY }).replace('To: support@bpart.test', 'To: Bob <bob@partner.example>');
    const target = await victim();
    const row = await expectRefused(await signed(elsewhere(target.email), target.domain), target.email, 'not_addressed_to_support');
    expect((row.auth as { evidence: { recipients: string[] } }).evidence.recipients).toEqual(['bob@partner.example']);
    const control = await victim();
    const cc = elsewhere(control.email).replace('To: Bob <bob@partner.example>', 'To: Bob <bob@partner.example>\r\nCc: Help desk <help@bpart.test>');
    await expectAuthenticated(await signed(cc, control.domain), control.email);
  });
});
