// REPLY_MAX_AGE (SPEC §3): no automatic answer to a message that arrived longer ago than the
// limit, whatever brings it to processing now; the decision is pure (arrival, now, limit).
import { describe, expect, test } from 'vitest';
import { noAutoAnswerReason, tooOldToAnswer } from '../../src/core/auto-answer.ts';
import { inbound } from './message-builder.ts';

const DAY = 86_400_000;
const now = new Date('2026-12-06T12:00:00Z');
const us = { supportAddress: 'support@bpart.be', ourDomains: ['bpart.be'] };
const arrived = (msAgo: number) => ({ arrivedAt: new Date(now.getTime() - msAgo), now, maxAgeMs: 7 * DAY });

describe('the age of a message and the automatic answer', () => {
  test('a request that arrived 8 days ago gets no automatic answer; one that arrived a day ago does (control)', () => {
    const request = inbound({ text: 'I lost my phone, please reset my 2FA.' });
    expect(noAutoAnswerReason(request, 'marie.dubois@lesamis.be', us, arrived(8 * DAY))).toBe('too_old');
    expect(noAutoAnswerReason(request, 'marie.dubois@lesamis.be', us, arrived(1 * DAY))).toBeNull();
  });

  test('the limit itself is still answered; a millisecond more is not', () => {
    expect(tooOldToAnswer(arrived(7 * DAY))).toBe(false);
    expect(tooOldToAnswer(arrived(7 * DAY + 1))).toBe(true);
    expect(tooOldToAnswer({ ...arrived(2 * 3_600_000), maxAgeMs: 3_600_000 })).toBe(true);
  });

  test('the age is counted from arrival, not from the Date header the sender wrote', () => {
    const backdated = inbound({ date: '2019-01-01T00:00:00.000Z' });
    expect(noAutoAnswerReason(backdated, 'marie.dubois@lesamis.be', us, arrived(60_000))).toBeNull();
  });

  test('a more specific reason (an automatic sender) still comes first for an old message', () => {
    const ooo = inbound({ headerLines: { 'Auto-Submitted': 'auto-replied' } });
    expect(noAutoAnswerReason(ooo, 'marie.dubois@lesamis.be', us, arrived(30 * DAY))).toBe('auto_submitted');
  });
});
