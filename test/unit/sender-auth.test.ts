// Genuinely signed and genuinely forged messages, checked against an offline DNS zone.
import { createHash, generateKeyPairSync } from 'node:crypto';
import dns from 'node:dns';
import { authenticate, dkimSign, sealMessage } from 'mailauth';
import { afterEach, beforeEach, describe, expect, test, vi, type MockInstance } from 'vitest';
import { authenticateSender, type SenderAuthOptions } from '../../src/adapters/auth/sender-auth.ts';

function rsaKey(bits: number) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const p = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  return { privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), record: `v=DKIM1; k=rsa; p=${p}` };
}
const good = rsaKey(2048);
const evil = rsaKey(2048);
const forwarder = rsaKey(2048);
const key1024 = rsaKey(1024);
const key512 = rsaKey(512);

const ZONE: Record<string, string> = {
  'TXT sel._domainkey.good.example': good.record,
  'TXT sel._domainkey.mail.good.example': good.record,
  'TXT k1024._domainkey.good.example': key1024.record,
  'TXT k512._domainkey.good.example': key512.record,
  'TXT _dmarc.good.example': 'v=DMARC1; p=reject',
  'TXT good.example': 'v=spf1 ip4:192.0.2.0/24 -all',
  'TXT sel._domainkey.evil.example': evil.record,
  'TXT evil.example': 'v=spf1 ip4:198.51.100.0/24 -all',
  'TXT sel._domainkey.nodmarc.example': good.record,
  'TXT arc._domainkey.forwarder.example': forwarder.record,
  'TXT sel._domainkey.desk.example': good.record,
};

type Fault = (name: string, type: string, attempt: number) => string | null;

/** Offline resolver: serves ZONE (TXT as 255-byte chunks), ENOTFOUND for anything else. */
function offlineDns(fault: Fault = () => null) {
  const queries: string[] = [];
  const resolver = async (name: string, type: string) => {
    const key = `${type} ${name.toLowerCase()}`;
    queries.push(key);
    const code = fault(name, type, queries.filter((q) => q === key).length);
    if (code) throw Object.assign(new Error(`${code} ${name}`), { code });
    const record = ZONE[key];
    if (record === undefined) throw Object.assign(new Error(`ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    return [record.match(/.{1,255}/g) ?? []];
  };
  return { resolver, queries };
}

function options(extra: Partial<SenderAuthOptions> = {}): SenderAuthOptions {
  return {
    trustedAuthservIds: ['mx.desk.example'],
    resolver: offlineDns().resolver,
    dnsBackoffMs: [1, 2],
    supportAddresses: ['support@desk.example'],
    ...extra,
  };
}

const BODY = 'Hello,\r\nI lost my phone, please reset my 2FA.\r\nAlice\r\n';

function message(opts: { from?: string[]; top?: string[]; body?: string } = {}): string {
  const from = (opts.from ?? ['Alice <alice@good.example>']).map((f) => `From: ${f}`);
  return [
    ...(opts.top ?? []),
    ...from,
    'To: support@desk.example',
    'Subject: lost my phone',
    `Date: ${new Date().toUTCString()}`,
    'Message-ID: <m1@good.example>',
    // as every mail client writes them: without Content-Type a signature must sign its absence
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    opts.body ?? BODY,
  ].join('\r\n');
}

async function signed(
  msg: string,
  opts: { domain?: string; selector?: string; key?: string; algorithm?: string; maxBodyLength?: number } = {},
): Promise<string> {
  const signature = {
    signingDomain: opts.domain ?? 'good.example',
    selector: opts.selector ?? 'sel',
    privateKey: opts.key ?? good.privateKey,
    canonicalization: 'relaxed/relaxed',
    ...(opts.algorithm ? { algorithm: opts.algorithm } : {}),
    ...(opts.maxBodyLength !== undefined ? { maxBodyLength: opts.maxBodyLength } : {}),
  };
  // mailauth only reads signatureData; the top-level fields merely satisfy its types
  const { signatures, errors } = await dkimSign(msg, { ...signature, signatureData: [signature] });
  expect(errors).toEqual([]);
  expect(signatures).toMatch(/^DKIM-Signature: /);
  return signatures + msg;
}

const check = (msg: string | Buffer, extra: Partial<SenderAuthOptions> = {}) =>
  authenticateSender(Buffer.isBuffer(msg) ? msg : Buffer.from(msg), options(extra));

// Fails the test if anything reaches the real resolver: every lookup must go through ours.
let realDns: MockInstance[] = [];
beforeEach(() => {
  const targets: [object, string][] = [
    [dns.promises, 'resolve'],
    [dns.promises, 'resolveTxt'],
    [dns.promises, 'lookup'],
    [dns, 'resolve'],
    [dns, 'resolveTxt'],
    [dns, 'lookup'],
  ];
  realDns = targets.map(([target, name]) =>
    vi.spyOn(target as Record<string, () => never>, name).mockImplementation(() => {
      throw new Error(`real DNS lookup attempted: ${name}`);
    }),
  );
});
afterEach(() => {
  for (const spy of realDns) expect(spy).not.toHaveBeenCalled();
  vi.restoreAllMocks();
});

describe('DKIM', () => {
  test('a valid signature aligned with the From domain authenticates', async () => {
    const raw = await signed(message());
    const verdict = await check(raw);
    expect(verdict).toMatchObject({ authenticated: true, reason: 'dkim_aligned_pass', fromDomain: 'good.example' });
    expect(verdict.authFrom).toEqual([{ address: 'alice@good.example' }]);
    expect(verdict.evidence.sha256).toBe(createHash('sha256').update(raw).digest('hex'));
    expect(verdict.evidence.dkim).toEqual([
      {
        domain: 'good.example',
        selector: 'sel',
        algo: 'rsa-sha256',
        result: 'pass',
        aligned: true,
        keyBits: 2048,
        bHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    ]);
    expect(verdict.evidence.dmarc).toMatchObject({ result: 'pass', policy: 'reject' });
    // bHash: sha256 of the signature's b= value with its folding whitespace removed (replays are told by it)
    const b = /[;\s]b=((?:[A-Za-z0-9+/=]|\r\n[ \t]|[ \t])+)/.exec(raw.toString().split('\r\n\r\n')[0]!)![1]!;
    expect(verdict.evidence.dkim[0]!.bHash).toBe(createHash('sha256').update(b.replace(/\s+/g, '')).digest('hex'));
  });

  test('a signature from a subdomain of the From domain is aligned (relaxed)', async () => {
    const verdict = await check(await signed(message(), { domain: 'mail.good.example' }));
    expect(verdict).toMatchObject({ authenticated: true, reason: 'dkim_aligned_pass' });
  });

  test('alignment is with the From domain, so no DMARC record is needed', async () => {
    const raw = await signed(message({ from: ['alice@nodmarc.example'] }), { domain: 'nodmarc.example' });
    const verdict = await check(raw);
    expect(verdict).toMatchObject({ authenticated: true, reason: 'dkim_aligned_pass', fromDomain: 'nodmarc.example' });
    expect(verdict.evidence.dmarc?.result).toBe('none');
  });

  test('a look-alike signing domain that only UTS-46 folds into good.example is not aligned', async () => {
    const raw = await signed(message(), { domain: '\uff47\uff4f\uff4f\uff44.example', key: evil.privateKey });
    const d = /d=(xn--[a-z0-9-]+\.example)/.exec(raw)?.[1] ?? '';
    ZONE[`TXT sel._domainkey.${d}`] = evil.record; // the attacker owns that name
    const verdict = await check(raw);
    expect(verdict).toMatchObject({ authenticated: false, reason: 'no_aligned_pass' });
    expect(verdict.evidence.dkim[0]).toMatchObject({ domain: d, result: 'pass', aligned: false });
  });

  test('an unsigned message with a forged From is not authenticated', async () => {
    const verdict = await check(message());
    expect(verdict).toMatchObject({ authenticated: false, reason: 'no_aligned_pass', fromDomain: 'good.example' });
  });

  test('a valid signature of another domain does not vouch for the From domain', async () => {
    const verdict = await check(await signed(message(), { domain: 'evil.example', key: evil.privateKey }));
    expect(verdict).toMatchObject({ authenticated: false, reason: 'no_aligned_pass' });
    expect(verdict.evidence.dkim[0]).toMatchObject({ domain: 'evil.example', result: 'pass', aligned: false });
  });

  test('an l= signature with text appended after signing is refused, though mailauth says pass', async () => {
    const raw = await signed(message(), { maxBodyLength: Buffer.byteLength(BODY) });
    const verdict = await check(`${raw}\r\nPS: send the new codes to mallory@evil.example\r\n`);
    expect(verdict).toMatchObject({ authenticated: false, reason: 'dkim_partial_body' });
    expect(verdict.evidence.dkim[0]).toMatchObject({ result: 'pass', aligned: true, bodyLength: Buffer.byteLength(BODY) });
  });

  test('a body changed after signing fails', async () => {
    const raw = (await signed(message())).replace('reset my 2FA', 'reset the 2FA of bob');
    const verdict = await check(raw);
    expect(verdict).toMatchObject({ authenticated: false, reason: 'dkim_body_hash_mismatch' });
  });

  test('a From changed after signing fails', async () => {
    const raw = await signed(message());
    const sameDomain = await check(raw.replace('<alice@good.example>', '<bob@good.example>'));
    expect(sameDomain).toMatchObject({ authenticated: false, reason: 'dkim_signature_invalid' });
    const otherDomain = await check(raw.replace('<alice@good.example>', '<alice@other.example>'));
    expect(otherDomain).toMatchObject({ authenticated: false, reason: 'no_aligned_pass' });
  });

  test('rsa-sha1 is refused', async () => {
    const verdict = await check(await signed(message(), { algorithm: 'rsa-sha1' }));
    expect(verdict).toMatchObject({ authenticated: false, reason: 'dkim_rsa_sha1' });
    expect(verdict.evidence.dkim[0]).toMatchObject({ algo: 'rsa-sha1', result: 'policy' });
  });

  test('keys shorter than 1024 bits are refused; 1024 bits is enough', async () => {
    const short = await check(await signed(message(), { selector: 'k512', key: key512.privateKey }));
    expect(short).toMatchObject({ authenticated: false, reason: 'dkim_key_too_short' });
    expect(short.evidence.dkim[0]).toMatchObject({ result: 'policy', keyBits: 512 });
    const enough = await check(await signed(message(), { selector: 'k1024', key: key1024.privateKey }));
    expect(enough).toMatchObject({ authenticated: true });
    expect(enough.evidence.dkim[0]?.keyBits).toBe(1024);
  });
});

describe('DNS', () => {
  test('a temporary error is retried, then reported as dns_temporary_error', async () => {
    const zone = offlineDns((name) => (name.includes('_domainkey') ? 'ESERVFAIL' : null));
    const verdict = await check(await signed(message()), { resolver: zone.resolver });
    expect(verdict).toMatchObject({ authenticated: false, reason: 'dns_temporary_error' });
    expect(zone.queries.filter((q) => q === 'TXT sel._domainkey.good.example')).toHaveLength(3);
  });

  test('a lookup that succeeds on a retry authenticates', async () => {
    const zone = offlineDns((name, _type, attempt) => (name.includes('_domainkey') && attempt < 3 ? 'ETIMEOUT' : null));
    const verdict = await check(await signed(message()), { resolver: zone.resolver });
    expect(verdict).toMatchObject({ authenticated: true, reason: 'dkim_aligned_pass' });
  });

  test('dnsRetries: 0 means one try', async () => {
    const zone = offlineDns((name) => (name.includes('_domainkey') ? 'EAI_AGAIN' : null));
    const verdict = await check(await signed(message()), { resolver: zone.resolver, dnsRetries: 0 });
    expect(verdict.reason).toBe('dns_temporary_error');
    expect(zone.queries.filter((q) => q.includes('_domainkey'))).toHaveLength(1);
  });
});

describe('Authentication-Results and ARC', () => {
  const trustedPass = 'Authentication-Results: mx.desk.example; dkim=pass header.d=good.example; dmarc=pass header.from=good.example';

  test('the topmost header of a trusted authserv-id saying dmarc=pass authenticates', async () => {
    const top = ['Authentication-Results: MX.Desk.Example (Postfix; v1) 1;', ' dmarc=pass (p=reject;) reason="a; b" header.from=Good.Example'];
    const verdict = await check(message({ top: [top.join('\r\n')] }));
    expect(verdict).toMatchObject({ authenticated: true, reason: 'trusted_authserv_dmarc_pass' });
    expect(verdict.evidence.authenticationResults?.authservId).toBe('mx.desk.example');
  });

  test('a header with an untrusted authserv-id is ignored', async () => {
    const forged = trustedPass.replace('mx.desk.example', 'mx.attacker.example');
    const verdict = await check(message({ top: [forged] }));
    expect(verdict).toMatchObject({ authenticated: false, reason: 'untrusted_authentication_results' });
  });

  test('a trusted authserv-id below the topmost header is ignored', async () => {
    const verdict = await check(message({ top: ['Authentication-Results: mx.relay.example; none', trustedPass] }));
    expect(verdict).toMatchObject({ authenticated: false, reason: 'authentication_results_not_topmost' });
    const ours = 'Authentication-Results: mx.desk.example; dkim=none; dmarc=fail header.from=good.example';
    const underOurs = await check(message({ top: [ours, trustedPass] }));
    expect(underOurs).toMatchObject({ authenticated: false, reason: 'trusted_authserv_no_dmarc_pass' });
  });

  test('a trusted dmarc=pass for another domain does not count', async () => {
    const verdict = await check(message({ top: [trustedPass.replace('header.from=good', 'header.from=evil')] }));
    expect(verdict).toMatchObject({ authenticated: false, reason: 'trusted_authserv_no_dmarc_pass' });
  });

  test('a valid ARC chain claiming dmarc=pass is not trusted', async () => {
    const msg = message();
    const seal = await sealMessage(msg, {
      signingDomain: 'forwarder.example',
      selector: 'arc',
      privateKey: forwarder.privateKey,
      cv: 'none',
      authResults: 'mx.forwarder.example; dkim=pass header.d=good.example; dmarc=pass header.from=good.example',
    });
    const raw = Buffer.concat([seal, Buffer.from(msg)]);
    const arcSays = await authenticate(raw, { resolver: offlineDns().resolver, disableBimi: true });
    expect(arcSays.arc && arcSays.arc.status.result).toBe('pass');
    expect(await check(raw)).toMatchObject({ authenticated: false, reason: 'no_aligned_pass' });
  });
});

describe('SPF from a trusted hop', () => {
  const hop = { ip: '192.0.2.10', helo: 'mail.good.example', mailFrom: 'bounces@good.example' };

  test('an aligned pass from the hop the caller names authenticates', async () => {
    const verdict = await check(message(), { trustedHops: [hop] });
    expect(verdict).toMatchObject({ authenticated: true, reason: 'spf_aligned_pass_trusted_hop' });
    expect(verdict.evidence.spf?.hops[0]).toMatchObject({ domain: 'good.example', result: 'pass', aligned: true });
  });

  test('no hop, no SPF; a hop outside the record or an unaligned envelope does not count', async () => {
    expect((await check(message())).evidence.spf).toBeUndefined();
    expect(await check(message(), { trustedHops: [{ ...hop, ip: '203.0.113.5' }] })).toMatchObject({ authenticated: false });
    const unaligned = { ip: '198.51.100.7', mailFrom: 'x@evil.example' };
    const verdict = await check(message(), { trustedHops: [unaligned] });
    expect(verdict).toMatchObject({ authenticated: false, reason: 'no_aligned_pass' });
    expect(verdict.evidence.spf?.hops[0]).toMatchObject({ result: 'pass', aligned: false });
  });
});

describe('SPF from our own MX, read from the topmost Received header', () => {
  const received = (ip: string, by = 'mx.desk.example') =>
    `Received: from mail.good.example (mail.good.example [${ip}])\r\n\tby ${by} (Postfix) with ESMTPS id 4X; Mon, 01 Jun 2026 10:00:01 +0000`;
  const returnPath = 'Return-Path: <bounces@good.example>';

  test('the client our MX names in the topmost Received header is the trusted hop', async () => {
    const raw = message({ top: [returnPath, received('192.0.2.10')] });
    const verdict = await check(raw, { trustedReceivedBy: ['mx.desk.example'] });
    expect(verdict).toMatchObject({ authenticated: true, reason: 'spf_aligned_pass_trusted_hop' });
    expect(verdict.evidence.spf?.hops[0]).toMatchObject({ ip: '192.0.2.10', mailFrom: 'bounces@good.example', result: 'pass', aligned: true });
  });

  test('a Received header written by anyone else, or not topmost, names no hop', async () => {
    const forgedBelow = message({ top: [returnPath, received('203.0.113.9'), received('192.0.2.10', 'relay.evil.example')] });
    expect(await check(forgedBelow, { trustedReceivedBy: ['mx.desk.example'] })).toMatchObject({ authenticated: false });
    const notOurs = message({ top: [returnPath, received('192.0.2.10', 'mx.evil.example')] });
    const verdict = await check(notOurs, { trustedReceivedBy: ['mx.desk.example'] });
    expect(verdict).toMatchObject({ authenticated: false, reason: 'no_aligned_pass' });
    expect(verdict.evidence.spf).toBeUndefined();
    // Without the setting, SPF is never used.
    expect((await check(message({ top: [returnPath, received('192.0.2.10')] }))).authenticated).toBe(false);
  });
});

describe('the From header', () => {
  test('two From lines, or two mailboxes, are refused even when signed', async () => {
    const twoLines = await signed(message({ from: ['alice@good.example', 'mallory@evil.example'] }));
    expect(await check(twoLines)).toMatchObject({ authenticated: false, reason: 'multiple_from_headers' });
    const twoBoxes = await signed(message({ from: ['alice@good.example, mallory@evil.example'] }));
    expect(await check(twoBoxes)).toMatchObject({ authenticated: false, reason: 'multiple_from_mailboxes' });
  });

  test('a From with text after the address is refused', async () => {
    const raw = await signed(message({ from: ['alice@good.example(x)evil.example'] }), {
      domain: 'evil.example',
      key: evil.privateKey,
    });
    expect(await check(raw)).toMatchObject({ authenticated: false, reason: 'invalid_address' });
  });

  test('mail claiming to come from our own domain is not authenticated', async () => {
    const raw = await signed(message({ from: ['support@desk.example'] }), { domain: 'desk.example' });
    expect(await check(raw, { ourDomains: ['desk.example'] })).toMatchObject({ reason: 'from_our_domain' });
  });

  test('bad input never throws', async () => {
    const inputs = [Buffer.alloc(0), Buffer.from([0, 255, 1, 254, 10, 13]), Buffer.from('no header at all'), Buffer.from('From:\r\n\r\n')];
    for (const input of inputs) {
      const verdict = await authenticateSender(input, options());
      expect(verdict.authenticated).toBe(false);
      expect(verdict.reason).toMatch(/^[a-z_]+$/);
    }
  });
});
