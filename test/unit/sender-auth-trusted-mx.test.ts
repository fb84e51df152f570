// Behind our MX (issue 15): the topmost Authentication-Results of a trusted authserv-id saying
// dmarc=pass is relied on without a single DNS query, under the same rules as the full path's
// trusted pass: what was signed is what is read, fresh, to support. Every attack has a control
// differing only in the attacked detail; whatever the MX's pass does not settle goes through
// DNS as before, with the same reasons.
import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { SenderAuthOptions } from '../../src/adapters/auth/sender-auth.ts';
import { alignedPassBHashes } from '../../src/core/repeats.ts';
import { dkimSigned, type DkimOptions } from '../support/dkim.ts';
import { authenticateBehindMx, offlineZone, publishKey, rsaKey } from '../support/security.ts';

const key = rsaKey();
const DAY = 86_400_000;

/** An offline zone that counts every lookup: the no-DNS path must make none. */
function offline() {
  const zone = offlineZone();
  publishKey(zone, 'good.example', key, 'v=DMARC1; p=reject; adkim=s');
  return zone;
}

const AR = 'Authentication-Results: mx.desk.example; dkim=pass header.d=good.example; spf=pass smtp.mailfrom=good.example; dmarc=pass header.from=good.example';

function check(raw: string, extra: Partial<SenderAuthOptions> = {}) {
  return authenticateBehindMx(offline(), raw, extra);
}

function message(opts: { to?: string; date?: Date; messageId?: boolean } = {}): string {
  return [
    'From: Alice <alice@good.example>',
    `To: ${opts.to ?? 'Support <support@desk.example>'}`,
    'Subject: lost my phone',
    `Date: ${(opts.date ?? new Date()).toUTCString()}`,
    ...(opts.messageId === false ? [] : ['Message-ID: <m-1@good.example>']),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 7bit',
    '',
    'Hello, I lost my phone: please reset my 2FA.\r\nAlice\r\n',
  ].join('\r\n');
}
const sign = (raw: string, extra: Partial<DkimOptions> = {}) => dkimSigned(raw, { domain: 'good.example', privateKey: key.privateKey, ...extra });
/** What our MX leaves: its Authentication-Results on top of what it received. */
const delivered = (raw: string, ar = AR) => `${ar}\r\n${raw}`;
/** Lines put above the signed headers, right under the signature, as a forwarder-attacker would. */
const prepend = (signed: string, lines: string[]) => signed.replace(/\r\nFrom: /, `\r\n${lines.join('\r\n')}\r\nFrom: `);

describe('the trusted MX pass needs no DNS', () => {
  test('a signed message with our MX dmarc=pass on top: authenticated with zero lookups; the evidence says nothing was verified here', async () => {
    const { verdict, queries } = await check(delivered(await sign(message())));
    expect(queries).toEqual([]);
    expect(verdict).toMatchObject({
      authenticated: true,
      reason: 'trusted_authserv_dmarc_pass',
      fromDomain: 'good.example',
      authFrom: [{ address: 'alice@good.example' }],
    });
    expect(verdict.evidence.dkim).toEqual([
      expect.objectContaining({
        domain: 'good.example',
        selector: 'sel',
        result: 'not_verified',
        aligned: true,
        bHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
    ]);
    expect(verdict.evidence.reliedOnMx).toEqual({ dkimVerified: false, dmarcRecordRead: false, alignment: 'relaxed' });
    expect(verdict.evidence.dmarc).toBeUndefined();
    expect(verdict.evidence.authenticationResults?.authservId).toBe('mx.desk.example');
    expect(verdict.evidence.age?.signedAt).toEqual(expect.any(String));
  });

  test('an unsigned message our MX passed (SPF at the MX): zero lookups', async () => {
    const { verdict, queries } = await check(delivered(message()));
    expect(queries).toEqual([]);
    expect(verdict).toMatchObject({ authenticated: true, reason: 'trusted_authserv_dmarc_pass', evidence: { dkim: [] } });
  });

  test('the replay key is the same whether the signature was verified here or the MX was relied on', async () => {
    const signed = await sign(message());
    const relied = await check(delivered(signed));
    const verified = await check(signed);
    expect(verified.queries.length).toBeGreaterThan(0);
    expect(verified.verdict).toMatchObject({ authenticated: true, reason: 'dkim_aligned_pass' });
    expect(alignedPassBHashes(relied.verdict.evidence)).toHaveLength(1);
    expect(alignedPassBHashes(relied.verdict.evidence)).toEqual(alignedPassBHashes(verified.verdict.evidence));
  });
});

describe('what was signed is what is read, behind our MX too', () => {
  test.each([
    ['a second From', 'From: Alice <alice@good.example>', 'multiple_from_headers'],
    ['a second Subject', 'Subject: Please reset my 2FA', 'duplicate_header'],
    ['a Reply-To', 'Reply-To: mallory@evil.example', 'dkim_header_not_signed'],
    ['a second To', 'To: support@desk.example', 'duplicate_header'],
    ['an In-Reply-To', 'In-Reply-To: <ticket-ref@desk.example>', 'dkim_header_not_signed'],
  ])('%s added above the signed headers: refused as on the full path; the message without it passes', async (_what, line, reason) => {
    const signed = await sign(message());
    const attacked = await check(delivered(prepend(signed, [line])));
    expect(attacked.verdict).toMatchObject({ authenticated: false, reason });
    const control = await check(delivered(signed));
    expect(control).toMatchObject({ verdict: { authenticated: true, reason: 'trusted_authserv_dmarc_pass' }, queries: [] });
  });

  test('a forged second signature of the same domain covering everything does not rescue one that left Content-Type out', async () => {
    const list = ['From', 'To', 'Subject', 'Date', 'Message-ID', 'MIME-Version', 'Content-Transfer-Encoding'];
    const genuine = await sign(message(), { headerList: list });
    const covered =
      'from:from:to:to:subject:subject:date:date:message-id:message-id:reply-to:reply-to:in-reply-to:references:cc:sender:mime-version:mime-version:content-type:content-type:content-transfer-encoding:content-transfer-encoding';
    const forged = `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=good.example; s=sel; t=${Math.floor(Date.now() / 1000)}; h=${covered}; bh=${randomBytes(32).toString('base64')}; b=${randomBytes(256).toString('base64')}`;
    for (const raw of [`${forged}\r\n${genuine}`, genuine.replace(/\r\nFrom: /, `\r\n${forged}\r\nFrom: `)]) {
      const { verdict } = await check(delivered(raw));
      expect(verdict).toMatchObject({ authenticated: false, reason: 'dkim_header_not_signed', evidence: { headers: { notSigned: ['content-type'] } } });
    }
    // Control: the genuine signature covering Content-Type passes without DNS.
    const control = await check(delivered(await sign(message(), { headerList: [...list, 'Content-Type'] })));
    expect(control).toMatchObject({ verdict: { authenticated: true, reason: 'trusted_authserv_dmarc_pass' }, queries: [] });
  });

  test('a second aligned signature carrying a copied b=: DNS decides, and the replay key is the verified one', async () => {
    const genuine = await sign(message());
    const other = await sign(message().replace('lost my phone', 'lunch on Friday'));
    const copiedB = /b=([A-Za-z0-9+/=\s]+)$/.exec(other.slice(0, other.indexOf('\r\nFrom: ')))?.[1] ?? '';
    const forged = `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=good.example; s=sel; h=from:to:subject:date:message-id:mime-version:content-type:content-transfer-encoding; bh=${randomBytes(32).toString('base64')}; b=${copiedB.replace(/\s+/g, '')}`;
    const { verdict, queries } = await check(delivered(`${forged}\r\n${genuine}`));
    expect(queries.length).toBeGreaterThan(0);
    expect(verdict).toMatchObject({ authenticated: true, reason: 'dkim_aligned_pass' });
    const alone = await check(genuine);
    expect(alignedPassBHashes(verdict.evidence)).toEqual(alignedPassBHashes(alone.verdict.evidence));
    expect(alignedPassBHashes(verdict.evidence)).not.toEqual(alignedPassBHashes((await check(other)).verdict.evidence));
  });
});

describe('a signature is not a fresh request forever, behind our MX too', () => {
  test('a signature older than DKIM_MAX_AGE is refused; one a day old passes without DNS', async () => {
    const old = new Date(Date.now() - 8 * DAY);
    const refused = await check(delivered(await sign(message({ date: new Date() }), { signTime: old })));
    expect(refused.verdict).toMatchObject({ authenticated: false, reason: 'signature_too_old' });
    const recent = new Date(Date.now() - DAY);
    const control = await check(delivered(await sign(message({ date: recent }), { signTime: recent })));
    expect(control).toMatchObject({ verdict: { authenticated: true, reason: 'trusted_authserv_dmarc_pass' }, queries: [] });
  });

  test('mail not addressed to support is refused; the same addressed to support passes without DNS', async () => {
    const refused = await check(delivered(await sign(message({ to: 'Bob <bob@partner.example>' }))));
    expect(refused.verdict).toMatchObject({ authenticated: false, reason: 'not_addressed_to_support', evidence: { recipients: ['bob@partner.example'] } });
    const control = await check(delivered(await sign(message())));
    expect(control).toMatchObject({ verdict: { authenticated: true }, queries: [] });
  });

  test('an l= signature with text appended below what it signed is refused behind our MX too, on either path; the whole body signed passes', async () => {
    const original = message();
    const signedLength = Buffer.byteLength(original.slice(original.indexOf('\r\n\r\n') + 4));
    const appended = (await sign(original, { maxBodyLength: signedLength })) + '\r\nPS: please send the reset link to alice.new@attacker.example\r\n';
    const refused = await check(delivered(appended));
    expect(refused.verdict).toMatchObject({ authenticated: false, reason: 'dkim_partial_body' });
    expect(refused.queries.length).toBeGreaterThan(0);
    const offlineOnly = await check(delivered(appended), {
      resolver: async (name: string) => Promise.reject(Object.assign(new Error(name), { code: 'ENOTFOUND' })),
    });
    expect(offlineOnly.verdict).toMatchObject({ authenticated: false, reason: 'dkim_partial_body' });
    const control = await check(delivered(await sign(original)));
    expect(control).toMatchObject({ verdict: { authenticated: true, reason: 'trusted_authserv_dmarc_pass' }, queries: [] });
  });

  test('mail claiming our own domain is refused as before', async () => {
    const ours = message().replace('alice@good.example', 'support@desk.example');
    const { verdict } = await check(delivered(ours, AR.replace('header.from=good.example', 'header.from=desk.example')));
    expect(verdict).toMatchObject({ authenticated: false, reason: 'from_our_domain' });
  });
});

describe('without our MX pass on top, the full path runs with its reasons', () => {
  test.each([
    ['below another header', (raw: string) => `Authentication-Results: mx.relay.example; none\r\n${delivered(raw)}`, 'authentication_results_not_topmost'],
    [
      'from an untrusted authserv-id',
      (raw: string) => delivered(raw, AR.replace('mx.desk.example', 'mx.attacker.example')),
      'untrusted_authentication_results',
    ],
    [
      'for another domain',
      (raw: string) => delivered(raw, AR.replace('header.from=good.example', 'header.from=evil.example')),
      'trusted_authserv_no_dmarc_pass',
    ],
    ['saying dmarc=fail', (raw: string) => delivered(raw, AR.replace('dmarc=pass', 'dmarc=fail')), 'trusted_authserv_no_dmarc_pass'],
  ])('our MX dmarc=pass %s: DNS is asked, today’s reason', async (_what, wrap, reason) => {
    const unsigned = await check(wrap(message()));
    expect(unsigned.queries.length).toBeGreaterThan(0);
    expect(unsigned.verdict).toMatchObject({ authenticated: false, reason });
    // A genuine signature still authenticates there, verified through DNS.
    const signed = await check(wrap(await sign(message())));
    expect(signed.queries).toContain('TXT sel._domainkey.good.example');
    expect(signed.verdict).toMatchObject({ authenticated: true, reason: 'dkim_aligned_pass', evidence: { dkim: [{ result: 'pass' }] } });
  });
});

describe('a read header whose absence is a reading (Content-Type)', () => {
  // The MX verified a signature that does not cover Content-Type; the attacker removed the
  // header, so the whole body would be read as text/plain. Its absence must have been signed.
  const multipart = () =>
    message()
      .replace('Content-Type: text/plain; charset=utf-8', 'Content-Type: multipart/mixed; boundary="b1"')
      .replace('Hello, I lost my phone: please reset my 2FA.\r\nAlice\r\n', '--b1\r\nContent-Type: text/plain\r\n\r\nSee the file.\r\n--b1--\r\n');
  const withoutCt = ['from', 'to', 'subject', 'date', 'message-id', 'mime-version', 'content-transfer-encoding'];
  test('Content-Type removed from under our MX pass: refused, dkim_header_not_signed, on both paths', async () => {
    const removed = (await sign(multipart(), { headerList: withoutCt })).replace(/\r\nContent-Type: multipart\/mixed; boundary="b1"/, '');
    const behindMx = await check(delivered(removed));
    expect(behindMx.verdict).toMatchObject({ authenticated: false, reason: 'dkim_header_not_signed', evidence: { headers: { notSigned: ['content-type'] } } });
    const direct = await check(removed);
    expect(direct.verdict).toMatchObject({ authenticated: false, reason: 'dkim_header_not_signed', evidence: { headers: { notSigned: ['content-type'] } } });
  });

  test('control: a signature listing Content-Type over a message that has none authenticates; so does the usual signed Content-Type', async () => {
    const none = message().replace('Content-Type: text/plain; charset=utf-8\r\n', '');
    expect((await check(delivered(await sign(none, { oversign: ['Content-Type'] })))).verdict).toMatchObject({ authenticated: true });
    expect((await check(await sign(none, { oversign: ['Content-Type'] }))).verdict).toMatchObject({ authenticated: true, reason: 'dkim_aligned_pass' });
    expect((await check(delivered(await sign(multipart())))).verdict).toMatchObject({ authenticated: true });
  });
});

describe('Authentication-Results the attacker shapes around our MX’s', () => {
  // Our MX writes the topmost header; everything below it came with the message.
  const below = (raw: string, ours: string, forged: string) => `${ours}\r\n${forged}\r\n${raw}`;
  test.each([
    ['our MX says fail, a forged header with our id below says pass', (raw: string) => below(raw, AR.replace('dmarc=pass', 'dmarc=fail'), AR)],
    [
      'our MX says fail, the pass is in a comment',
      (raw: string) => delivered(raw, AR.replace('dmarc=pass', 'dmarc=fail (dmarc=pass header.from=good.example)')),
    ],
    [
      'our MX passes another domain, the From domain is in a comment',
      (raw: string) => delivered(raw, AR.replace('header.from=good.example', 'header.from=evil.example (good.example)')),
    ],
    ['our MX passes a longer domain', (raw: string) => delivered(raw, AR.replace('header.from=good.example', 'header.from=good.example.evil.example'))],
    ['our MX passes two results, one for another domain', (raw: string) => delivered(raw, `${AR}; dmarc=pass header.from=evil.example`)],
  ])('%s: refused', async (_what, wrap) => {
    expect((await check(wrap(message()))).verdict).toMatchObject({ authenticated: false });
  });

  test.each([
    ['its id in capitals', AR.replace('mx.desk.example', 'MX.Desk.Example')],
    ['the domain in capitals with a final dot', AR.replace('header.from=good.example', 'header.from=Good.Example.')],
    ['a quoted domain and a comment', AR.replace('header.from=good.example', 'header.from="good.example" (p=reject)')],
  ])('control: our MX’s own spelling, %s, authenticates', async (_what, ar) => {
    expect((await check(delivered(message(), ar))).verdict).toMatchObject({ authenticated: true, reason: 'trusted_authserv_dmarc_pass' });
  });
});
