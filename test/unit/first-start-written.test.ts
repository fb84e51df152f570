// The Date a first start reads beside the internal date (stop 27, fourth pass): imapflow's
// `headers: ['date']` block, folded or commented as mail writes it.
import { expect, test } from 'vitest';
import { resolveStart, uidSets, writtenDateOf } from '../../src/adapters/imap/first-start.ts';

const block = (text: string) => Buffer.from(text, 'latin1');

test('the Date header of a fetched header block, folded, with a zone comment, or missing', () => {
  expect(writtenDateOf(block('Date: Tue, 08 Dec 2026 05:40:00 +0000\r\n\r\n'))).toEqual(new Date('2026-12-08T05:40:00Z'));
  expect(writtenDateOf(block('date:\r\n Tue, 08 Dec 2026 06:40:00 +0100 (CET)\r\n\r\n'))).toEqual(new Date('2026-12-08T05:40:00Z'));
  expect(writtenDateOf(block('\r\n'))).toBeNull();
  expect(writtenDateOf(block('Date: yesterday-ish\r\n\r\n'))).toBeNull();
  expect(writtenDateOf(undefined)).toBeNull();
});

test('the start point is whole seconds', () => {
  expect(resolveStart('now', new Date('2026-12-08T05:40:00.999Z'))).toEqual(new Date('2026-12-08T05:40:00Z'));
  expect(resolveStart('all', new Date())).toBeNull();
});

test('a large history is fetched in UID sets of at most 1,000, runs packed', () => {
  expect(uidSets([5, 1, 2, 3, 7, 8, 3])).toEqual(['1:3,5,7:8']);
  const sparse = Array.from({ length: 2_500 }, (_, i) => 10 * i + 1);
  const sets = uidSets(sparse);
  expect(sets).toHaveLength(3);
  expect(sets.every((set) => set.length < 6_000)).toBe(true);
  expect(sets.flatMap((set) => set.split(',')).map(Number)).toEqual(sparse);
  expect(uidSets(Array.from({ length: 20_000 }, (_, i) => i + 1))).toEqual([
    '1:1000',
    ...Array.from({ length: 19 }, (_, i) => `${1000 * (i + 1) + 1}:${1000 * (i + 2)}`),
  ]);
  expect(uidSets([])).toEqual([]);
});
