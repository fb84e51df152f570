// Our MX's dmarc=pass resting on SPF alone (no aligned dkim=pass in its header), stop 27. Since stop 26 such a
// pass is only as good as the SPF record: one that passes any server (`+all`, `ip4:0.0.0.0/0`, an include or
// redirect to one) vouches for no one. The record is now the only thing read (trusted-mx.ts, spf-probe.ts): no
// DKIM key, no DMARC record, no body hash; the three probe addresses share one query per name. Every refusal is
// still the full path's, with its reason; a record that cannot be read does not authenticate.
import { describe, expect, test } from 'vitest';
import type { SenderAuthOptions } from '../../src/adapters/auth/sender-auth.ts';
import { dkimSigned } from '../support/dkim.ts';
import { authenticateBehindMx, offlineZone, publishKey, rsaKey, type Zone } from '../support/security.ts';

const key = rsaKey();
const AR = 'Authentication-Results: mx.desk.example; dkim=none; spf=pass smtp.mailfrom=alice@good.example; dmarc=pass (p=reject) header.from=good.example';

function message(opts: { to?: string; date?: Date } = {}): string {
  return [
    AR,
    'From: Alice <alice@good.example>',
    `To: ${opts.to ?? 'Support <support@desk.example>'}`,
    'Subject: lost my phone',
    `Date: ${(opts.date ?? new Date()).toUTCString()}`,
    'Message-ID: <m-1@good.example>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hello, I lost my phone: please reset my 2FA.\r\nAlice\r\n',
  ].join('\r\n');
}

/** The zone the tests publish in: good.example's key and DMARC record (which the SPF-only pass must not read). */
function zoneWith(records: Record<string, string>): Zone {
  const zone = offlineZone();
  publishKey(zone, 'good.example', key);
  for (const [name, record] of Object.entries(records)) zone.txt(name, record);
  return zone;
}

const check = authenticateBehindMx;

describe('an SPF-only pass of our MX reads the SPF record and nothing else', () => {
  test('a record listing the domain’s servers: authenticated after one TXT look-up (the three probes share it)', async () => {
    const zone = zoneWith({ 'good.example': 'v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all' });
    const { verdict, queries } = await check(zone, message());
    expect(queries).toEqual(['TXT good.example']);
    expect(verdict).toMatchObject({ authenticated: true, reason: 'trusted_authserv_dmarc_pass', fromDomain: 'good.example', evidence: { dkim: [] } });
    expect(verdict.evidence.reliedOnMx).toEqual({
      dkimVerified: false,
      dmarcRecordRead: false,
      alignment: 'relaxed',
      spfRecordRead: { domain: 'good.example', result: 'fail', permitsAnyIp: false },
    });
    expect(verdict.evidence.dmarc).toBeUndefined();
  });

  test('a record with an include and ~all: each name asked once, no DKIM key and no DMARC record', async () => {
    const zone = zoneWith({ 'good.example': 'v=spf1 include:_spf.provider.example ~all', '_spf.provider.example': 'v=spf1 ip4:198.51.100.0/24 -all' });
    const { verdict, queries } = await check(zone, message());
    expect(queries).toEqual(['TXT good.example', 'TXT _spf.provider.example']);
    expect(verdict).toMatchObject({ authenticated: true, reason: 'trusted_authserv_dmarc_pass' });
    expect(verdict.evidence.reliedOnMx?.spfRecordRead).toEqual({ domain: 'good.example', result: 'softfail', permitsAnyIp: false });
  });

  test('no SPF record at all (or SENDER_AUTH_DNS=off, where nothing is found): relied on as before, after one look-up', async () => {
    const zone = zoneWith({});
    const { verdict, queries } = await check(zone, message());
    expect(queries).toEqual(['TXT good.example']);
    expect(verdict).toMatchObject({ authenticated: true, reason: 'trusted_authserv_dmarc_pass' });
    expect(verdict.evidence.reliedOnMx?.spfRecordRead).toEqual({ domain: 'good.example', result: 'none', permitsAnyIp: false });
  });

  test('the domain the MX names as MAIL FROM (a subdomain of From’s) is the one read', async () => {
    const zone = zoneWith({ 'bounces.good.example': 'v=spf1 ip4:192.0.2.0/24 -all', 'good.example': 'v=spf1 +all' });
    const { verdict, queries } = await check(zone, message().replace('smtp.mailfrom=alice@good.example', 'smtp.mailfrom=b-1@bounces.good.example'));
    expect(queries).toEqual(['TXT bounces.good.example']);
    expect(verdict).toMatchObject({ authenticated: true, reason: 'trusted_authserv_dmarc_pass' });
    expect(verdict.evidence.reliedOnMx?.spfRecordRead?.domain).toBe('bounces.good.example');
  });
});

describe('a record that passes any server is still no evidence', () => {
  test.each([
    ['`+all`', { 'good.example': 'v=spf1 +all' }],
    ['`all` without a qualifier', { 'good.example': 'v=spf1 all' }],
    ['`ip4:0.0.0.0/0`', { 'good.example': 'v=spf1 ip4:0.0.0.0/0 -all' }],
    ['`ip6:::/0` only', { 'good.example': 'v=spf1 ip6:::/0 -all' }],
    ['an include of `+all`', { 'good.example': 'v=spf1 ip4:192.0.2.0/24 include:lax.good.example -all', 'lax.good.example': 'v=spf1 +all' }],
    ['a redirect to `ip4:0.0.0.0/0`', { 'good.example': 'v=spf1 redirect=lax.good.example', 'lax.good.example': 'v=spf1 ip4:0.0.0.0/0 -all' }],
  ])('%s: spf_permits_any_ip, not authenticated', async (_what, records) => {
    const { verdict } = await check(zoneWith(records), message());
    expect(verdict).toMatchObject({ authenticated: false, reason: 'spf_permits_any_ip' });
    expect(verdict.evidence.reliedOnMx).toBeUndefined();
  });
});

describe('a record that cannot be read does not authenticate', () => {
  test.each([
    ['the record itself', 'good.example'],
    ['an include it needs', '_spf.provider.example'],
  ])('SERVFAIL on %s (after the retries): dns_temporary_error', async (_what, failing) => {
    const zone = zoneWith({ 'good.example': 'v=spf1 include:_spf.provider.example -all', '_spf.provider.example': 'v=spf1 ip4:198.51.100.0/24 -all' });
    zone.fail(failing, 'ESERVFAIL');
    const { verdict } = await check(zone, message());
    // Before stop 27 the probes' temperror was taken as "passes no one": trusted_authserv_dmarc_pass.
    expect(verdict).toMatchObject({ authenticated: false, reason: 'dns_temporary_error' });
  });

  test('a timeout on the record: not authenticated either', async () => {
    const zone = zoneWith({ 'good.example': 'v=spf1 ip4:192.0.2.0/24 -all' });
    zone.fail('good.example', 'ETIMEOUT');
    expect((await check(zone, message())).verdict).toMatchObject({ authenticated: false, reason: 'dns_temporary_error' });
  });
});

describe('what the SPF-only shortcut leaves to the full path, as before', () => {
  test('a signature aligned with From that the MX did not pass: verified through DNS (its key is asked)', async () => {
    const zone = zoneWith({ 'good.example': 'v=spf1 ip4:192.0.2.0/24 -all' });
    const signed = await dkimSigned(message().replace(`${AR}\r\n`, ''), { domain: 'good.example', privateKey: key.privateKey });
    const { verdict, queries } = await check(zone, `${AR}\r\n${signed}`);
    expect(queries).toContain('TXT sel._domainkey.good.example');
    expect(verdict).toMatchObject({ authenticated: true, reason: 'dkim_aligned_pass' });
    expect(verdict.evidence.reliedOnMx).toBeUndefined();
  });

  test('an SPF identity not aligned with From: the full path, with the DMARC record read', async () => {
    const zone = zoneWith({ 'other.example': 'v=spf1 ip4:192.0.2.0/24 -all' });
    const { verdict, queries } = await check(zone, message().replace('smtp.mailfrom=alice@good.example', 'smtp.mailfrom=alice@other.example'));
    expect(queries).toContain('TXT _dmarc.good.example');
    expect(verdict).toMatchObject({ authenticated: true, reason: 'trusted_authserv_dmarc_pass' });
    expect(verdict.evidence.reliedOnMx).toBeUndefined();
  });

  test.each([
    ['not written to support', { to: 'someone@else.example' }, 'not_addressed_to_support'],
    ['dated long ago', { date: new Date(Date.now() - 30 * 86_400_000) }, 'signature_too_old'],
  ])('%s: no SPF probe on the shortcut, the full path’s reason', async (_what, opts, reason) => {
    const zone = zoneWith({ 'good.example': 'v=spf1 ip4:192.0.2.0/24 -all' });
    const { verdict, queries } = await check(zone, message(opts));
    expect(queries).toContain('TXT _dmarc.good.example');
    expect(verdict).toMatchObject({ authenticated: false, reason });
  });

  test('control: the MX’s pass resting on an aligned dkim=pass still needs no look-up at all', async () => {
    const zone = zoneWith({ 'good.example': 'v=spf1 +all' });
    const { verdict, queries } = await check(zone, message().replace('dkim=none', 'dkim=pass header.d=good.example'));
    expect(queries).toEqual([]);
    expect(verdict).toMatchObject({ authenticated: true, reason: 'trusted_authserv_dmarc_pass' });
    expect(verdict.evidence.reliedOnMx?.spfRecordRead).toBeUndefined();
  });
});

describe('SPF from a trusted hop', () => {
  test('a hop’s pass whose record cannot be read again for the probes: dns_temporary_error, not a pass', async () => {
    const zone = zoneWith({ 'good.example': 'v=spf1 ip4:192.0.2.0/24 a:mail.good.example -all' });
    // The hop's own check matches its ip4 first; the IPv6 probe needs mail.good.example's AAAA, which fails.
    const resolver: SenderAuthOptions['resolver'] = async (name, type) => {
      if (type === 'AAAA' && name === 'mail.good.example') throw Object.assign(new Error('SERVFAIL'), { code: 'ESERVFAIL' });
      if (name === 'mail.good.example') throw Object.assign(new Error('no such name'), { code: 'ENOTFOUND' });
      return zone.resolver(name, type);
    };
    const raw = message().replace(`${AR}\r\n`, '');
    const hop = { trustedHops: [{ ip: '192.0.2.10', mailFrom: 'alice@good.example' }], trustedAuthservIds: [] };
    const { verdict } = await check(zone, raw, { ...hop, resolver });
    expect(verdict).toMatchObject({ authenticated: false, reason: 'dns_temporary_error' });
    // Control: the same record read without a fault authenticates.
    expect((await check(zoneWith({ 'good.example': 'v=spf1 ip4:192.0.2.0/24 -all' }), raw, hop)).verdict).toMatchObject({
      authenticated: true,
      reason: 'spf_aligned_pass_trusted_hop',
    });
  });
});
