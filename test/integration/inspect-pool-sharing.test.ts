// An inspection thread runs several messages at once (INSPECTIONS_PER_THREAD): while one waits
// (DNS answers, its next bytes) another uses the core. A message that hangs or kills its thread
// must still cost only itself: its neighbours are inspected again, alone, and get their answer.
import { afterEach, expect, test } from 'vitest';
import { createInspectPool, INSPECTIONS_PER_THREAD, type InspectPool } from '../../src/adapters/mail/inspect-pool.ts';
import type { Inspection } from '../../src/adapters/mail/inspect.ts';

const settings = { trustedAuthservIds: [], trustedReceivedBy: [], ourDomains: [], dnsOff: true, maxAgeMs: 0, supportAddresses: [], companyNames: [] };
const thread = new URL('../support/cue-inspect-thread.ts', import.meta.url);
let pool: InspectPool;
afterEach(() => pool.close());

const mail = (subject: string, body = 'hello') => Buffer.from(`Subject: ${subject}\r\n\r\n${body}\r\n`);
const answer = (result: Inspection) => (result.ok ? result.analysis.kind : result.reason);
/** How many messages the thread held at most while this one waited (the cue thread counts them). */
const alongside = (result: Inspection) => (result.ok ? (result.verdict as unknown as { alongside: number }).alongside : 0);

test('one thread inspects several messages at once', async () => {
  pool = createInspectPool({ size: 1, timeoutMs: 10_000, settings, thread });
  await pool.warmUp();
  const results = await Promise.all(Array.from({ length: INSPECTIONS_PER_THREAD }, (_, i) => pool.inspect(mail(`m${i}`))));
  expect(results.map(answer)).toEqual(Array.from({ length: INSPECTIONS_PER_THREAD }, (_, i) => `m${i}`));
  // Each waits 150 ms on the thread: handed over one at a time, each would have been alone there.
  expect(results.map(alongside)).toEqual(Array.from({ length: INSPECTIONS_PER_THREAD }, () => INSPECTIONS_PER_THREAD));
  expect(pool.threads).toBe(1);
});

test('a message that hangs its thread is the only one timed out; its neighbours are answered', async () => {
  pool = createInspectPool({ size: 1, timeoutMs: 1_500, settings, thread });
  await pool.warmUp();
  const results = await Promise.all([
    pool.inspect(mail('before')),
    pool.inspect(mail('hang', 'HANG')),
    pool.inspect(mail('after1')),
    pool.inspect(mail('after2')),
  ]);
  expect(results.map(answer)).toEqual(['before', 'parse_timeout', 'after1', 'after2']);
  expect(pool.threads).toBe(1);
});

test('a message that kills its thread is the only one that crashed; its neighbours are answered', async () => {
  pool = createInspectPool({ size: 1, timeoutMs: 10_000, settings, thread });
  await pool.warmUp();
  const results = await Promise.all([pool.inspect(mail('one')), pool.inspect(mail('two')), pool.inspect(mail('crash', 'CRASH')), pool.inspect(mail('three'))]);
  expect(results.map(answer)).toEqual(['one', 'two', 'parser_crashed', 'three']);
  // Mail keeps flowing on the replacement thread.
  expect(answer(await pool.inspect(mail('later')))).toBe('later');
});

test('a large message (handed over, not copied) is inspected alone', async () => {
  pool = createInspectPool({ size: 1, timeoutMs: 10_000, settings, thread });
  await pool.warmUp();
  const big = Buffer.concat([mail('big'), Buffer.alloc(200_000, 0x61)]);
  const owned = Buffer.allocUnsafeSlow(big.length);
  big.copy(owned);
  const results = await Promise.all([pool.inspect(mail('small1')), pool.inspect(owned), pool.inspect(mail('small2'))]);
  expect(results.map(answer)).toEqual(['small1', 'big', 'small2']);
  // small1 first, then big alone, then small2: three turns, each message alone on the thread.
  expect(results.map(alongside)).toEqual([1, 1, 1]);
});
