import { describe, expect, test } from 'vitest';
import { groupNotifications, nextBatchAt, notificationForEvent, notificationForStatus, notificationText, webhookBody } from '../../src/core/notify.ts';

describe('what agents are told', () => {
  test('a ticket entering review is notified, one already in review is not', () => {
    expect(notificationForStatus(null, 'ready')).toBe('ready_for_review');
    expect(notificationForStatus('waiting_confirmation', 'ready')).toBe('ready_for_review');
    expect(notificationForStatus('approved', 'ready')).toBe('ready_for_review');
    expect(notificationForStatus('ready', 'ready')).toBeNull();
    expect(notificationForStatus('ready', undefined)).toBeNull();
    expect(notificationForStatus(null, 'waiting_details')).toBeNull();
  });

  test('disputes and the holder writing again are notified; other events are not', () => {
    expect(notificationForEvent('disputed_by_holder')).toBe('disputed_by_holder');
    expect(notificationForEvent('holder_wrote_again')).toBe('holder_wrote_again');
    expect(notificationForEvent('reply_sent')).toBeNull();
    expect(notificationForEvent('constructor')).toBeNull();
  });

  test('one line per ticket, each reason once, links to the console', () => {
    const items = groupNotifications([
      { ref: 'REC-2026-000001', status: 'ready', kind: 'ready_for_review' },
      { ref: 'REC-2026-000002', status: 'cancelled', kind: 'ready_for_review' },
      { ref: 'REC-2026-000001', status: 'ready', kind: 'ready_for_review' },
      { ref: 'REC-2026-000002', status: 'cancelled', kind: 'disputed_by_holder' },
    ]);
    expect(items).toEqual([
      { ref: 'REC-2026-000001', status: 'ready', reasons: ['ready_for_review'] },
      { ref: 'REC-2026-000002', status: 'cancelled', reasons: ['ready_for_review', 'disputed_by_holder'] },
    ]);
    const { subject, text } = notificationText(items, 'https://desk.example/');
    expect(subject).toBe('[recovery-desk] 2 tickets for agents');
    expect(text).toContain('- REC-2026-000002 (cancelled: ready_for_review, disputed_by_holder) https://desk.example/tickets/REC-2026-000002');
    expect(webhookBody(items, 'https://desk.example').text).toBe(text);
  });

  test('a batch waits a gathering pause, and never comes within the interval of the last one', () => {
    const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    expect(nextBatchAt({ oldestPending: t(10), lastBatch: null, intervalMs: 300_000 })).toEqual(t(40));
    expect(nextBatchAt({ oldestPending: t(10), lastBatch: t(0), intervalMs: 300_000 })).toEqual(t(300));
    expect(nextBatchAt({ oldestPending: t(10), lastBatch: null, intervalMs: 4_000 })).toEqual(t(14));
  });
});
