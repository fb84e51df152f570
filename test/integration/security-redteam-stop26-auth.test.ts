// Attacks tried in stop 26, second pass (docs/security-log.md "Attacks tried in stop 26, second pass"), on the
// real pipeline (PostgreSQL, Redis, the BullMQ worker, the SMTP sink) with mail genuinely signed and verified by
// mailauth against the offline zone. Eve has the holder's password, her own domains and keys, and servers of
// her own; she wants a ticket shown as authenticated for the holder's account. Each attack has a control that
// differs only in the attacked detail.
import { dkimSign } from 'mailauth';
import { beforeAll, describe, expect, test } from 'vitest';
import { aligner } from '../../src/adapters/auth/alignment.ts';
import type { TestEnv } from '../support/app.ts';
import { deliverOne, detailOf, expectTwoFactorUntouched, rawMessage, recipients, request, rsaKey, useRedTeam } from '../support/security.ts';
import type { SmtpSink } from '../support/smtp-sink.ts';

const OUR_MX = 'mx.bpart.test';
const { running, victim, zone, key } = useRedTeam('stop26a-', { TRUSTED_RECEIVED_BY: OUR_MX });
let sink: SmtpSink;
let env: TestEnv;
beforeAll(() => {
  ({ sink, env } = running());
});

const holderRequest = (email: string, extra: Partial<Parameters<typeof rawMessage>[0]> = {}) =>
  rawMessage({ from: `Alice Martin <${email}>`, subject: 'Lost my phone', body: request('Alice Martin', 'Good Example SRL'), ...extra });

const reasonOf = (row: { auth: unknown }) => (row.auth as { reason: string }).reason;

/** The raw message signed for real by mailauth at `signTime`, with x= when `expires` is given. */
async function signedAt(raw: string, domain: string, signTime: Date, expires?: Date, privateKey = key.privateKey, selector = 'sel'): Promise<string> {
  const signature = { signingDomain: domain, selector, privateKey, canonicalization: 'relaxed/relaxed' };
  const { signatures, errors } = await dkimSign(raw, { ...signature, signatureData: [signature], signTime, ...(expires ? { expires } : {}) });
  expect(errors).toEqual([]);
  expect(signatures).toContain('DKIM-Signature');
  return signatures + raw;
}

describe('an SPF record that passes any server', () => {
  // TRUSTED_RECEIVED_BY names our MX, so the client its topmost Received header names is a hop whose SPF
  // is checked, with the Return-Path written at delivery as MAIL FROM. Some domains publish a record that
  // passes every address (`v=spf1 +all`, `ip4:0.0.0.0/0`, often through an include): Eve connects from her
  // own server, says MAIL FROM the holder and writes the holder's request, unsigned.
  const HOLDERS_SERVER = '203.0.113.25';
  const EVE = '198.51.100.7';
  const received = (ip: string) =>
    `Received: from mail.good.example (mail.good.example [${ip}])\r\n\tby ${OUR_MX} (Postfix) with ESMTP id 4Q2b; ${new Date().toUTCString()}`;

  test.each([
    ['`v=spf1 +all`', () => 'v=spf1 +all'],
    ['`v=spf1 all` (no qualifier is +)', () => 'v=spf1 all'],
    ['every IPv4 and IPv6 address listed', () => 'v=spf1 ip4:0.0.0.0/0 ip6:::/0 -all'],
    ['through an include of a record that passes all', (lax: string) => `v=spf1 ip4:${HOLDERS_SERVER} include:${lax} -all`],
    ['through a redirect to a record that passes all', (lax: string) => `v=spf1 redirect=${lax}`],
  ])('%s: Eve’s own server is no evidence of the holder', async (_name, record) => {
    const v = await victim();
    const lax = `lax.${v.domain}`;
    zone.txt(lax, 'v=spf1 +all');
    zone.txt(v.domain, record(lax));
    const row = await deliverOne(env, holderRequest(v.email, { top: [`Return-Path: <${v.email}>`, received(EVE)] }));
    // Before: spf_aligned_pass_trusted_hop from Eve's IP: an authenticated, complete ticket, the acknowledgement sent.
    expect(row).toMatchObject({ kind: 'recovery_request', authenticated: false });
    expect(reasonOf(row)).toBe('spf_permits_any_ip');
    const detail = await detailOf(env, row);
    expect(detail.signals).toMatchObject({ senderAuthenticated: false, authReason: 'spf_permits_any_ip' });
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [v.email]);
  });

  test('the same record, but the holder’s mail is DKIM-signed: the signature authenticates it', async () => {
    const v = await victim();
    zone.txt(v.domain, 'v=spf1 +all');
    const raw = holderRequest(v.email, { top: [`Return-Path: <${v.email}>`, received(HOLDERS_SERVER)] });
    const row = await deliverOne(env, await signedAt(raw, v.domain, new Date()));
    expect(row).toMatchObject({ authenticated: true, outcome: 'ticket_opened' });
    expect(reasonOf(row)).toBe('dkim_aligned_pass');
    expect(recipients(sink)).toEqual([v.email]);
  });

  test.each([
    ['a record listing the holder’s server', `v=spf1 ip4:${HOLDERS_SERVER} -all`],
    ['a broad but real range (/16) ending in ~all', `v=spf1 ip4:203.0.0.0/16 ~all`],
  ])('control: %s still authenticates the holder’s own server', async (_name, record) => {
    const v = await victim();
    zone.txt(v.domain, record);
    const row = await deliverOne(env, holderRequest(v.email, { top: [`Return-Path: <${v.email}>`, received(HOLDERS_SERVER)] }));
    expect(row).toMatchObject({ authenticated: true, outcome: 'ticket_opened' });
    expect(reasonOf(row)).toBe('spf_aligned_pass_trusted_hop');
    expect(recipients(sink)).toEqual([v.email]);
  });
});

describe('our MX’s dmarc=pass resting on such a record', () => {
  // The same Eve through our MX, which checks SPF itself and writes Authentication-Results: the holder's
  // record passes her server, so the MX says spf=pass and dmarc=pass for the holder's domain. Its verdict is
  // right by the record; the record vouches for no one.
  const mxHeader = (d: string, dkim = 'dkim=none') =>
    `Authentication-Results: ${OUR_MX}; ${dkim}; spf=pass smtp.mailfrom=alice@${d}; dmarc=pass (p=reject) header.from=${d}`;
  const eveKey = rsaKey();

  test('unsigned, the MX’s pass resting on `+all`: not authenticated', async () => {
    const v = await victim();
    zone.txt(v.domain, 'v=spf1 +all');
    const row = await deliverOne(env, holderRequest(v.email, { top: [mxHeader(v.domain)] }));
    // Before: trusted_authserv_dmarc_pass without a DNS query, an authenticated, complete ticket, the acknowledgement sent.
    expect(row).toMatchObject({ kind: 'recovery_request', authenticated: false });
    expect(reasonOf(row)).toBe('spf_permits_any_ip');
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [v.email]);
  });

  test('with a signature of Eve’s own key in the holder’s name (covering every read header, fresh), which the MX reports failed', async () => {
    const v = await victim();
    zone.txt(v.domain, 'v=spf1 ip4:203.0.113.0/24 include:lax.' + v.domain + ' -all');
    zone.txt(`lax.${v.domain}`, 'v=spf1 ip4:0.0.0.0/0 -all');
    const forged = await signedAt(holderRequest(v.email), v.domain, new Date(), undefined, eveKey.privateKey);
    const row = await deliverOne(env, `${mxHeader(v.domain, `dkim=fail header.d=${v.domain}`)}\r\n${forged}`);
    // Before: the one aligned signature covered what is read and was fresh, so the MX's pass was relied on unverified.
    expect(row).toMatchObject({ kind: 'recovery_request', authenticated: false });
    expect(reasonOf(row)).toBe('spf_permits_any_ip');
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [v.email]);
  });

  test('control: the MX’s pass resting on a real record still authenticates (now after one SPF look-up)', async () => {
    const v = await victim();
    zone.txt(v.domain, 'v=spf1 ip4:203.0.113.25 -all');
    const row = await deliverOne(env, holderRequest(v.email, { top: [mxHeader(v.domain)] }));
    expect(row).toMatchObject({ authenticated: true, outcome: 'ticket_opened' });
    expect(reasonOf(row)).toBe('trusted_authserv_dmarc_pass');
    expect(recipients(sink)).toEqual([v.email]);
  });

  test('control: the MX’s pass resting on the holder’s aligned signature, under a `+all` record, is relied on as before', async () => {
    const v = await victim();
    zone.txt(v.domain, 'v=spf1 +all');
    const before = zone.queries.length;
    const raw = await signedAt(holderRequest(v.email), v.domain, new Date());
    const row = await deliverOne(env, `${mxHeader(v.domain, `dkim=pass header.d=${v.domain}`)}\r\n${raw}`);
    expect(row).toMatchObject({ authenticated: true, outcome: 'ticket_opened' });
    expect(reasonOf(row)).toBe('trusted_authserv_dmarc_pass');
    expect(zone.queries.slice(before)).toEqual([]); // the MX's DKIM verdict needs no look-up
    expect(recipients(sink)).toEqual([v.email]);
  });
});

describe('DKIM timestamps and keys', () => {
  test('the holder’s signature whose x= has passed, replayed within DKIM_MAX_AGE: not authenticated', async () => {
    const v = await victim();
    const hour = 3600_000;
    const row = await deliverOne(env, await signedAt(holderRequest(v.email), v.domain, new Date(Date.now() - 3 * hour), new Date(Date.now() - hour)));
    expect(row).toMatchObject({ kind: 'recovery_request', authenticated: false });
    expect((row.auth as { evidence: { dkim: { result: string; comment?: string }[] } }).evidence.dkim[0]).toMatchObject({
      result: 'neutral',
      comment: 'expired',
    });
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [v.email]);

    // Control: the same signature still inside its x= window authenticates.
    const fresh = await victim();
    const ok = await deliverOne(env, await signedAt(holderRequest(fresh.email), fresh.domain, new Date(Date.now() - 3 * hour), new Date(Date.now() + hour)));
    expect(ok).toMatchObject({ authenticated: true, outcome: 'ticket_opened' });
  });

  test.each([
    ['a key record for another service (s=tlsrpt)', (record: string) => record.replace('v=DKIM1;', 'v=DKIM1; s=tlsrpt;')],
    ['a key record that allows only sha1 (h=sha1) under an rsa-sha256 signature', (record: string) => record.replace('v=DKIM1;', 'v=DKIM1; h=sha1;')],
  ])('%s: the key is not the holder’s mail key, no pass', async (_name, edit) => {
    const v = await victim();
    const other = rsaKey();
    zone.txt(`svc._domainkey.${v.domain}`, edit(other.record));
    const row = await deliverOne(env, await signedAt(holderRequest(v.email), v.domain, new Date(), undefined, other.privateKey, 'svc'));
    expect(row).toMatchObject({ kind: 'recovery_request', authenticated: false });
    expect(recipients(sink)).toEqual([]);
    await expectTwoFactorUntouched(env, [v.email]);
  });

  test('control: the same key published for mail (no s=, no h=) authenticates', async () => {
    const v = await victim();
    const other = rsaKey();
    zone.txt(`svc._domainkey.${v.domain}`, other.record);
    const row = await deliverOne(env, await signedAt(holderRequest(v.email), v.domain, new Date(), undefined, other.privateKey, 'svc'));
    expect(row).toMatchObject({ authenticated: true, outcome: 'ticket_opened' });
    expect(recipients(sink)).toEqual([v.email]);
  });
});

describe('relaxed alignment at public suffixes', () => {
  // Pure: the offline zone (and its guard) serves reserved names only, so the suffixes are judged by the
  // aligner the pipeline uses. Eve registers a sibling under the holder's public suffix.
  test.each([
    ['holder.co.uk', 'evil.co.uk'],
    ['holder.ac.be', 'evil.ac.be'],
    ['holder.github.io', 'eve.github.io'],
    ['holder.blogspot.com', 'eve.blogspot.com'],
    ['holder.kawasaki.jp', 'eve.kawasaki.jp'],
  ])('From %s, signed by %s: not aligned', (from, signer) => {
    expect(aligner(from, 'relaxed').aligned(signer)).toBe(false);
  });

  test('control: a subdomain of the holder’s own organisational domain aligns under relaxed', () => {
    expect(aligner('holder.co.uk', 'relaxed').aligned('mail.holder.co.uk')).toBe(true);
    expect(aligner('holder.co.uk', 'strict').aligned('mail.holder.co.uk')).toBe(false);
  });
});
