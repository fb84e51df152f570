// Sender authentication's DNS cache, against a real DNS server on loopback that counts what it
// is asked: an answer is not asked again within its TTL and is after it; "no such name" is kept
// (for the SOA's negative TTL, or a bounded default); the cache holds a bounded number of
// entries; SERVFAIL and timeouts are never kept; one cache answers every inspection thread.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createDnsCache } from '../../src/adapters/auth/dns-cache.ts';
import { withRetries } from '../../src/adapters/auth/dns-retry.ts';
import { wireResolve } from '../../src/adapters/auth/dns-wire.ts';
import { createInspectPool } from '../../src/adapters/mail/inspect-pool.ts';
import { rawMessage, rsaKey, sign } from '../support/security.ts';
import { startTestDnsServer, type TestDnsServer } from '../support/dns-server.ts';

let server: TestDnsServer;
beforeAll(async () => {
  server = await startTestDnsServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.zone.clear();
  server.queries.clear();
});

/** A cache over the wire client pointed at the test server, with a clock the test moves. */
function cacheWithClock(options: { maxEntries?: number; timeoutMs?: number } = {}) {
  let clock = 1_000_000;
  const cache = createDnsCache((name, type) => wireResolve(name, type, { servers: [server.address], timeoutMs: options.timeoutMs ?? 1_000 }), {
    now: () => clock,
    ...(options.maxEntries ? { maxEntries: options.maxEntries } : {}),
  });
  return { cache, advance: (seconds: number) => (clock += seconds * 1000) };
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'answered',
    (error: { code?: string }) => error.code,
  );

describe('answers', () => {
  test('a TXT answer is read as node:dns reads it and not asked again within its TTL; after it, it is', async () => {
    server.zone.set('TXT sel._domainkey.cached.example', { txt: ['v=DKIM1; k=rsa; p=AAAA'], ttl: 60 });
    const { cache, advance } = cacheWithClock();
    expect(await cache.resolve('sel._domainkey.cached.example', 'TXT')).toEqual([['v=DKIM1; k=rsa; p=AAAA']]);
    advance(59);
    expect(await cache.resolve('SEL._domainkey.cached.example.', 'TXT')).toEqual([['v=DKIM1; k=rsa; p=AAAA']]);
    expect(server.count('TXT sel._domainkey.cached.example')).toBe(1);
    advance(2);
    await cache.resolve('sel._domainkey.cached.example', 'TXT');
    expect(server.count('TXT sel._domainkey.cached.example')).toBe(2);
  });

  test('lookups of the same name at the same moment share one query', async () => {
    server.zone.set('A mx.cached.example', { a: ['192.0.2.7'], ttl: 300 });
    const { cache } = cacheWithClock();
    const answers = await Promise.all([1, 2, 3, 4].map(() => cache.resolve('mx.cached.example', 'A')));
    expect(answers).toEqual([['192.0.2.7'], ['192.0.2.7'], ['192.0.2.7'], ['192.0.2.7']]);
    expect(server.count('A mx.cached.example')).toBe(1);
  });

  test('a TTL of 0 is not kept', async () => {
    server.zone.set('TXT _dmarc.zero.example', { txt: ['v=DMARC1; p=none'], ttl: 0 });
    const { cache } = cacheWithClock();
    await cache.resolve('_dmarc.zero.example', 'TXT');
    await cache.resolve('_dmarc.zero.example', 'TXT');
    expect(server.count('TXT _dmarc.zero.example')).toBe(2);
  });
});

describe('negative answers', () => {
  test('NXDOMAIN is kept for the SOA minimum, and asked again after it', async () => {
    server.zone.set('TXT _dmarc.gone.example', { nxdomain: true, soaMinimum: 30 });
    const { cache, advance } = cacheWithClock();
    expect(await codeOf(cache.resolve('_dmarc.gone.example', 'TXT'))).toBe('ENOTFOUND');
    advance(29);
    expect(await codeOf(cache.resolve('_dmarc.gone.example', 'TXT'))).toBe('ENOTFOUND');
    expect(server.count('TXT _dmarc.gone.example')).toBe(1);
    advance(2);
    expect(await codeOf(cache.resolve('_dmarc.gone.example', 'TXT'))).toBe('ENOTFOUND');
    expect(server.count('TXT _dmarc.gone.example')).toBe(2);
  });

  test('NXDOMAIN without an SOA is kept for the bounded default (5 minutes), NODATA for its SOA minimum', async () => {
    server.zone.set('TXT nodata.example', { nodata: true, soaMinimum: 120 });
    const { cache, advance } = cacheWithClock();
    expect(await codeOf(cache.resolve('_dmarc.nosoa.example', 'TXT'))).toBe('ENOTFOUND');
    expect(await codeOf(cache.resolve('nodata.example', 'TXT'))).toBe('ENODATA');
    advance(299);
    expect(await codeOf(cache.resolve('_dmarc.nosoa.example', 'TXT'))).toBe('ENOTFOUND');
    expect(await codeOf(cache.resolve('nodata.example', 'TXT'))).toBe('ENODATA');
    expect(server.count('TXT _dmarc.nosoa.example')).toBe(1);
    expect(server.count('TXT nodata.example')).toBe(2); // its 120 s were over
    advance(2);
    await codeOf(cache.resolve('_dmarc.nosoa.example', 'TXT'));
    expect(server.count('TXT _dmarc.nosoa.example')).toBe(2);
  });
});

describe('bounds and failures', () => {
  test('a full cache lets the least recently used entry go', async () => {
    for (const name of ['a', 'b', 'c']) server.zone.set(`TXT ${name}.lru.example`, { txt: [name], ttl: 300 });
    const { cache } = cacheWithClock({ maxEntries: 2 });
    await cache.resolve('a.lru.example', 'TXT');
    await cache.resolve('b.lru.example', 'TXT');
    await cache.resolve('a.lru.example', 'TXT'); // a is now the most recent
    await cache.resolve('c.lru.example', 'TXT'); // b goes
    expect(cache.size).toBe(2);
    await cache.resolve('a.lru.example', 'TXT');
    await cache.resolve('b.lru.example', 'TXT');
    expect(server.count('TXT a.lru.example')).toBe(1);
    expect(server.count('TXT b.lru.example')).toBe(2);
  });

  test('SERVFAIL is not kept: dns-retry.ts retries it, and the next lookup asks again', async () => {
    server.zone.set('TXT sel._domainkey.flaky.example', { servfail: true });
    const { cache } = cacheWithClock();
    const resolve = withRetries(cache.resolve, { trustedAuthservIds: [], dnsBackoffMs: [1] });
    expect(await codeOf(resolve('sel._domainkey.flaky.example', 'TXT'))).toBe('ESERVFAIL');
    expect(server.count('TXT sel._domainkey.flaky.example')).toBe(3);
    server.zone.set('TXT sel._domainkey.flaky.example', { txt: ['v=DKIM1; p=BBBB'], ttl: 300 });
    expect(await resolve('sel._domainkey.flaky.example', 'TXT')).toEqual([['v=DKIM1; p=BBBB']]);
    expect(server.count('TXT sel._domainkey.flaky.example')).toBe(4);
  });

  test('an answer to another question (a forged reply) is not taken: the lookup times out, nothing is kept', async () => {
    server.zone.set('TXT _dmarc.spoofed.example', { spoof: { txt: ['v=DMARC1; p=none'], ttl: 3600 } });
    const { cache } = cacheWithClock({ timeoutMs: 150 });
    expect(await codeOf(cache.resolve('_dmarc.spoofed.example', 'TXT'))).toBe('ETIMEOUT');
    expect(cache.size).toBe(0);
  });

  test('a timeout is not kept', async () => {
    server.zone.set('TXT slow.example', { drop: true });
    const { cache } = cacheWithClock({ timeoutMs: 150 });
    expect(await codeOf(cache.resolve('slow.example', 'TXT'))).toBe('ETIMEOUT');
    expect(await codeOf(cache.resolve('slow.example', 'TXT'))).toBe('ETIMEOUT');
    expect(server.count('TXT slow.example')).toBe(2);
  });
});

describe('inspection threads', () => {
  test('two threads authenticating mail from one domain ask its key once, through the one cache', async () => {
    const key = rsaKey();
    server.zone.set('TXT sel._domainkey.shared.example', { txt: [key.record.match(/.{1,255}/g)!], ttl: 300 });
    server.zone.set('TXT _dmarc.shared.example', { txt: ['v=DMARC1; p=reject'], ttl: 300 });
    const cache = createDnsCache((name, type) => wireResolve(name, type, { servers: [server.address] }));
    const pool = createInspectPool({
      size: 2,
      timeoutMs: 20_000,
      resolver: cache.resolve,
      settings: {
        trustedAuthservIds: [],
        trustedReceivedBy: [],
        ourDomains: ['bpart.test'],
        dnsOff: false,
        maxAgeMs: 7 * 24 * 3600 * 1000,
        supportAddresses: ['support@bpart.test'],
        companyNames: ['bpart'],
      },
    });
    try {
      const messages = await Promise.all(
        [1, 2, 3, 4].map(async (i) => Buffer.from(await sign(rawMessage({ from: `Alice <alice${i}@shared.example>` }), { domain: 'shared.example', key }))),
      );
      const inspections = await Promise.all(messages.map((raw) => pool.inspect(raw)));
      expect(pool.threads).toBe(2);
      for (const inspection of inspections) expect(inspection.ok && inspection.verdict.reason).toBe('dkim_aligned_pass');
      expect(server.count('TXT sel._domainkey.shared.example')).toBe(1);
      expect(server.count('TXT _dmarc.shared.example')).toBe(1);
    } finally {
      await pool.close();
    }
  });
});
