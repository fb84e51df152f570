// Attacks tried in stop 23 (docs/security-log.md "Attacks tried in stop 23"), on the real pipeline with mail
// genuinely DKIM-signed against the offline zone: Eve has the holder's password, sends mail from
// anywhere, forges headers, registers look-alike domains, and writes mail the holder may answer.
// The sender's identity, what our MX's Authentication-Results says, what a signature covers, and
// what goes out. Each attack has a control that differs only in the attacked detail.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { tickets } from '../../src/adapters/db/schema/index.ts';
import type { TestEnv } from '../support/app.ts';
import { TEST_AUTHSERV } from '../support/app.ts';
import { deliverOne, expectTwoFactorUntouched, rawMessage, recipients, request, useRedTeam } from '../support/security.ts';
import type { SmtpSink } from '../support/smtp-sink.ts';

const { running, victim, signed, ticketRow, zone, key } = useRedTeam('stop23-');
let sink: SmtpSink;
let env: TestEnv;
beforeAll(() => {
  ({ sink, env } = running());
});

const holderRequest = (email: string, extra: Partial<Parameters<typeof rawMessage>[0]> = {}) =>
  rawMessage({ from: `Alice Martin <${email}>`, subject: 'Lost my phone', body: request('Alice Martin', 'Good Example SRL'), ...extra });

describe('our MX’s Authentication-Results, with the envelope sender Eve chose written into its comment', () => {
  // An MX that writes SPF's explanation as a comment ("domain of <MAIL FROM> designates <ip> as
  // permitted sender", as Gmail, rspamd and mailauth word it) and does not escape the address:
  // Eve's MAIL FROM is a quoted local part of her own SPF-passing domain that closes the comment,
  // writes a dmarc=pass for the holder's domain, and opens a comment that swallows the MX's own
  // dmarc=fail (or, with DMARC in a header of its own, balances the MX's closing parenthesis).
  const arWith = (mailFrom: string, dmarc: string | null) =>
    `Authentication-Results: ${TEST_AUTHSERV}; dkim=none; spf=pass (${TEST_AUTHSERV}: domain of ${mailFrom} designates 192.0.2.7 as permitted sender) smtp.mailfrom=evil-mx23.example${dmarc ? `; ${dmarc}` : ''}`;

  test.each([
    [
      'an unclosed comment swallows the MX’s dmarc=fail',
      (d: string) => arWith(`"x) ; dmarc=pass header.from=${d} ; x=y ((("@evil-mx23.example`, `dmarc=fail (p=reject) header.from=${d}`),
    ],
    ['a balanced injection where the MX writes DMARC elsewhere', (d: string) => arWith(`"x) ; dmarc=pass header.from=${d} (y"@evil-mx23.example`, null)],
    [
      'a domain literal as the envelope domain',
      (d: string) => arWith(`eve@[) ; dmarc=pass header.from=${d} ; x=y (((]`, `dmarc=fail (p=reject) header.from=${d}`),
    ],
  ])('%s: never an authenticated request of the holder', async (_name, header) => {
    const v = await victim();
    const row = await deliverOne(env, holderRequest(v.email, { top: [header(v.domain)] }));
    // Before: trusted_authserv_dmarc_pass, an authenticated complete ticket, the acknowledgement sent.
    expect(row.authenticated).toBe(false);
    expect((row.auth as { reason: string }).reason).toBe('trusted_authserv_ambiguous');
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [v.email]);
  });

  test('control: the MX’s plain dmarc=pass for the holder’s domain authenticates their request', async () => {
    const v = await victim();
    const row = await deliverOne(env, holderRequest(v.email, { top: [arWith(v.email, `dmarc=pass (p=reject) header.from=${v.domain}`)] }));
    expect(row).toMatchObject({ authenticated: true, outcome: 'ticket_opened' });
    expect(recipients(sink)).toEqual([v.email]);
  });

  test('control: an MX that escapes the parentheses (mailauth) is read as written, dmarc=fail', async () => {
    const v = await victim();
    const header = arWith(`"x\\) ; dmarc=pass header.from=${v.domain} ; x=y \\(\\(\\("@evil-mx23.example`, `dmarc=fail (p=reject) header.from=${v.domain}`);
    const row = await deliverOne(env, holderRequest(v.email, { top: [header] }));
    expect(row.authenticated).toBe(false);
    expect(recipients(sink)).toEqual([]);
  });

  test('control: the holder’s own signature still authenticates them under such a header (our DKIM check, not the MX’s word)', async () => {
    const v = await victim();
    const header = arWith(`"x) ; dmarc=pass header.from=${v.domain} ; x=y ((("@evil-mx23.example`, `dmarc=pass header.from=${v.domain}`);
    const row = await deliverOne(env, await signed(holderRequest(v.email), v.domain).then((raw) => `${header}\r\n${raw}`));
    expect(row).toMatchObject({ authenticated: true, outcome: 'ticket_opened' });
  });
});

/** The victim's account has no ticket at all (nothing opened or merged for it). */
async function noTicketFor(accountId: number): Promise<void> {
  expect(await env.app.deps.db.select({ id: tickets.id }).from(tickets).where(eq(tickets.accountId, accountId))).toEqual([]);
}

describe('sender identity: look-alike and sub-addresses signed by a provider Eve also has a mailbox at', () => {
  // The holder's domain is a mail provider that signs every user's mail (d= the provider); Eve has
  // her own mailbox there, so every From she can own is genuinely signed and aligned.
  test.each([
    ['plus-addressing', (d: string) => `Alice Martin <alice+2fa@${d}>`],
    ['a dot in the local part (Gmail ignores dots)', (d: string) => `Alice Martin <a.lice@${d}>`],
    ['a Cyrillic а in the local part', (d: string) => `Alice Martin <\u0430lice@${d}>`],
    ['a fullwidth ａ in the local part', (d: string) => `Alice Martin <\uff41lice@${d}>`],
    ['a quoted local part', (d: string) => `Alice Martin <"alice"@${d}>`],
    ['a quoted local part holding the whole address', (d: string) => `"alice@${d}"@${d}`],
    ['the holder’s address as display name', (d: string) => `"alice@${d}" <eve@${d}>`],
    ['two mailboxes, Eve’s first', (d: string) => `eve@${d}, alice@${d}`],
    ['two mailboxes, the holder’s first', (d: string) => `alice@${d}, eve@${d}`],
    ['a group holding the holder', (d: string) => `Support: alice@${d};, eve@${d}`],
  ])('%s: no ticket for the holder’s account, no mail to the holder', async (_name, from) => {
    const v = await victim();
    const raw = rawMessage({
      from: from(v.domain).replace(/\\u([0-9a-f]{4})/g, (_m, h: string) => String.fromCodePoint(parseInt(h, 16))),
      subject: 'Lost my phone',
    });
    await deliverOne(env, await signed(raw, v.domain));
    await noTicketFor(v.id);
    expect(recipients(sink)).not.toContain(v.email);
    await expectTwoFactorUntouched(env, [v.email]);
  });

  test('Sender: the holder, From: Eve (both at the provider): Eve’s identity, no ticket for the holder', async () => {
    const v = await victim();
    const raw = rawMessage({ from: `Alice Martin <eve@${v.domain}>`, headers: [`Sender: alice@${v.domain}`] });
    const row = await deliverOne(env, await signed(raw, v.domain));
    expect(row.authenticated).toBe(true);
    await noTicketFor(v.id);
    expect(recipients(sink)).not.toContain(v.email);
  });

  test('Reply-To: Eve on a forged From: the holder: unauthenticated, nothing sent to either', async () => {
    const v = await victim();
    const row = await deliverOne(env, holderRequest(v.email, { headers: ['Reply-To: Alice Martin <eve@evil-stop23.example>'] }));
    expect(row.authenticated).toBe(false);
    expect((await ticketRow(row.ticketId!)).signals.flags).toContain('reply_to_differs');
    expect(recipients(sink)).toEqual([]);
  });

  test.each([
    ['a raw Cyrillic о in the domain', (d: string) => d.replace('stop23', 'st\u043ep23')],
    ['the punycode of that look-alike', (d: string) => `xn--${d}`],
    ['a trailing dot', (d: string) => `${d}.`],
  ])('look-alike domain signed by Eve (%s): no ticket for the holder', async (_name, lookAlike) => {
    const v = await victim();
    const domain = lookAlike(v.domain).replace(/\\u([0-9a-f]{4})/g, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)));
    // Eve registers the look-alike and publishes her own key there (its ASCII form, as DNS asks).
    const ascii = new URL(`http://${domain.replace(/\.$/, '')}`).hostname;
    zone.txt(`sel._domainkey.${ascii}`, key.record);
    zone.txt(`_dmarc.${ascii}`, 'v=DMARC1; p=none');
    const raw = rawMessage({ from: `Alice Martin <alice@${domain}>`, subject: 'Lost my phone' });
    await deliverOne(env, await signed(raw, ascii).catch(() => signed(raw, domain)));
    await noTicketFor(v.id);
    expect(recipients(sink)).not.toContain(v.email);
  });

  test('control: the holder writing their address in capitals (ALICE@) is the holder', async () => {
    const v = await victim();
    const row = await deliverOne(env, await signed(holderRequest(v.email.toUpperCase()), v.domain));
    expect(row).toMatchObject({ authenticated: true, outcome: 'ticket_opened' });
    expect((await ticketRow(row.ticketId!)).accountId).toBe(v.id);
    expect(recipients(sink)).toEqual([v.email]);
  });
});

describe('what was signed is what is read (§5)', () => {
  const reasonOf = (row: { auth: unknown }) => (row.auth as { reason: string }).reason;
  const short = (email: string) =>
    rawMessage({ from: `Alice Martin <${email}>`, subject: 'Question', body: 'Hello,\n\nA question about my account.\n\nAlice' });

  test('an l= signature with Eve’s request appended below what was signed: dkim_partial_body', async () => {
    const v = await victim();
    const raw = short(v.email);
    const bodyLength = raw.length - raw.indexOf('\r\n\r\n') - 4;
    const holderSigned = await signed(raw, v.domain, { maxBodyLength: bodyLength });
    const row = await deliverOne(env, `${holderSigned}\r\n${request('Alice Martin', 'Good Example SRL').replace(/\n/g, '\r\n')}\r\n`);
    expect(row.authenticated).toBe(false);
    expect(reasonOf(row)).toBe('dkim_partial_body');
    expect(recipients(sink)).toEqual([]);
  });

  test.each([
    ['above the signed one', (raw: string) => `Subject: Lost my phone, please reset my 2FA\r\n${raw}`],
    ['below the signed one', (raw: string) => raw.replace(/^(Subject: .*\r\n)/m, '$1Subject: Lost my phone, please reset my 2FA\r\n')],
    ['From above the signed one', (raw: string) => raw.replace(/^(DKIM-Signature:)/, `From: Alice Martin <alice@evil-stop23.example>\r\n$1`)],
  ])('an unsigned duplicate header %s: not authenticated', async (_name, add) => {
    const v = await victim();
    const row = await deliverOne(env, add(await signed(holderRequest(v.email), v.domain)));
    expect(row.authenticated).toBe(false);
    expect(recipients(sink)).toEqual([]);
  });

  test('a signature whose h= leaves Subject out: dkim_header_not_signed', async () => {
    const v = await victim();
    const raw = holderRequest(v.email, { subject: 'Lost my phone, please reset my 2FA' });
    const row = await deliverOne(
      env,
      await signed(raw, v.domain, { headerList: ['from', 'to', 'date', 'message-id', 'mime-version', 'content-type', 'content-transfer-encoding'] }),
    );
    expect(row.authenticated).toBe(false);
    expect(reasonOf(row)).toBe('dkim_header_not_signed');
  });

  test('a forged ARC set (cv=pass, our MX’s id saying dmarc=pass) on an unsigned forgery: not authenticated', async () => {
    const v = await victim();
    const arc = [
      `ARC-Seal: i=1; a=rsa-sha256; cv=none; d=relay-stop23.example; s=sel; t=${Math.floor(Date.now() / 1000)}; b=AAAA`,
      `ARC-Message-Signature: i=1; a=rsa-sha256; c=relaxed/relaxed; d=relay-stop23.example; s=sel; h=from:to:subject; bh=AAAA; b=AAAA`,
      `ARC-Authentication-Results: i=1; ${TEST_AUTHSERV}; dkim=pass header.d=${v.domain}; dmarc=pass header.from=${v.domain}; arc=pass`,
    ];
    const row = await deliverOne(env, holderRequest(v.email, { top: arc }));
    expect(row.authenticated).toBe(false);
    expect(recipients(sink)).toEqual([]);
  });

  test.each([
    [
      'a relay’s own authserv-id on top',
      (d: string) => [`Authentication-Results: relay.evil-stop23.example; dmarc=pass header.from=${d}`],
      'untrusted_authentication_results',
    ],
    [
      'our MX’s id below a relay’s header',
      (d: string) => [`Authentication-Results: relay.evil-stop23.example; none`, `Authentication-Results: ${TEST_AUTHSERV}; dmarc=pass header.from=${d}`],
      'authentication_results_not_topmost',
    ],
    [
      'our MX’s id with a trailing dot',
      (d: string) => [`Authentication-Results: ${TEST_AUTHSERV}.; dmarc=pass header.from=${d}`],
      'untrusted_authentication_results',
    ],
    [
      'our MX’s id saying dmarc=pass for another domain',
      (d: string) => [`Authentication-Results: ${TEST_AUTHSERV}; dmarc=pass header.from=evil-${d}`],
      'trusted_authserv_no_dmarc_pass',
    ],
  ])('%s: not authenticated', async (_name, top, reason) => {
    const v = await victim();
    const row = await deliverOne(env, holderRequest(v.email, { top: top(v.domain) }));
    expect(row.authenticated).toBe(false);
    expect(reasonOf(row)).toBe(reason);
  });
});

describe('what goes out: nothing of Eve’s reaches a header or the text of our mail', () => {
  // The holder's genuine signed request, written as a reply to Eve's mail (so its References carry
  // Eve's Message-ID) under Eve's display name and subject tricks: our acknowledgement is the
  // fixed template, to the stored address only.
  const EVIL_ID = '<phish-23@evil-stop23.example> Bcc: eve@evil-stop23.example';
  test('encoded CR LF in the subject and display name, a header-like References: one recipient, no Bcc, the template’s subject', async () => {
    const v = await victim();
    const raw = rawMessage({
      from: `=?utf-8?q?Alice_Martin=0D=0ABcc:_eve@evil-stop23.example?= <${v.email}>`,
      subject: '=?utf-8?q?Lost_my_phone=0D=0ABcc:_eve@evil-stop23.example=0D=0A=0D=0Aclick_https://evil-stop23.example?=',
      headers: [`In-Reply-To: ${EVIL_ID}`, `References: ${EVIL_ID}`],
    });
    const row = await deliverOne(env, await signed(raw, v.domain));
    expect(row.authenticated).toBe(true);
    expect(sink.messages).toHaveLength(1);
    const [mail] = sink.messages;
    expect(mail!.envelope.to).toEqual([v.email]);
    const text = mail!.raw.toString('utf8');
    const split = text.indexOf('\r\n\r\n');
    const [head, body] = [text.slice(0, split), text.slice(split)];
    // No header of Eve's making: her Message-ID travels only inside References (the holder's own
    // thread, as RFC 5322 §3.6.4 builds it), split into ids, never a header line of its own.
    expect(head).not.toMatch(/^bcc:/im);
    expect(
      head
        .split(/\r\n(?![ \t])/)
        .filter((line) => /evil-stop23/i.test(line))
        .map((line) => line.split(':')[0]),
    ).toEqual(['References']);
    expect(body).not.toMatch(/evil-stop23|click/i);
    expect(mail!.subject).toMatch(/^\[REC-\d{4}-\d{6,}\] Your 2FA reset request$/);
  });
});
