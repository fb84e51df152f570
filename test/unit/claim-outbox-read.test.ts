// claimOutbox's and settleOutbox's statements are built from fixed strings (no drizzle per reply); it must be the very
// statement drizzle built before, text and parameters (the reference below, as it was).
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, test, vi } from 'vitest';
import { claimRead, settleRead, type ReplyLinks } from '../../src/adapters/db/outbox.repository.ts';
import { eventInsertWhen, type NewEvent } from '../../src/adapters/db/events.repository.ts';
import { drizzleClaimRead } from '../support/claim-reference.ts';

const dialect = new PgDialect();

describe("claimOutbox's statement", () => {
  test('is the statement drizzle built, text and parameters, for every number of windows', () => {
    const now = new Date('2026-12-07T10:00:00.123Z');
    const since = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
    const links: ReplyLinks = {
      confirm: { placeholder: '{{confirm$1}}', tokenHash: 'h"c\\1', expiresAt: since(-60) },
      cancel: { placeholder: '{{cancel}}', tokenHash: 'hc2' },
      dispute: { placeholder: "{{dispute'}}", tokenHash: 'hd3', createdAt: now },
    };
    const windowSets = [
      [],
      [{ since: since(60), max: 3 }],
      [
        { since: since(1440), max: 10 },
        { since: since(10), max: 2 },
      ],
      [10, 60, 1440, 5].map((m, i) => ({ since: since(m), max: i + 1 })),
    ];
    for (const windows of windowSets)
      for (const id of [1, 987654321]) {
        const built = claimRead(id, windows, links);
        const ref = drizzleClaimRead(id, windows, links);
        expect(built.sql).toBe(ref.sql);
        expect(built.params).toEqual(ref.params);
      }
  });
});

describe("settleOutbox's statement", () => {
  test('is the statement drizzle built, text and parameters', () => {
    vi.useFakeTimers({ now: new Date('2026-12-07T10:00:00.123Z'), toFake: ['Date'] });
    try {
      const sentAt = new Date('2026-12-07T09:59:59.5Z');
      const cases: [number, { status: 'sent' | 'suppressed'; sentAt?: Date; error: string | null }, NewEvent][] = [
        [17, { status: 'sent', sentAt, error: null }, { ticketId: 5, type: 'reply_sent', actor: 'system', data: { outboxId: 17, b: [1, { z: 1, a: 'x"y' }] } }],
        [987654321, { status: 'suppressed', error: 'over the limit $1' }, { ticketId: null, type: 'reply_suppressed', actor: 'system' }],
      ];
      for (const [id, changes, event] of cases) {
        const ref = dialect.sqlToQuery(
          sql`with settled as (update outbox set status = ${changes.status}, sent_at = coalesce(${changes.sentAt?.toISOString() ?? null}::timestamptz, sent_at),
        error = ${changes.error}::text where id = ${id}::bigint and status = 'pending' returning id),
      w0 as (${eventInsertWhen(event, sql`exists (select 1 from settled)`)}) select id from settled`,
        );
        const built = settleRead(id, changes, event);
        expect(built.sql).toBe(ref.sql);
        expect(built.params).toEqual(ref.params);
      }
    } finally {
      vi.useRealTimers();
    }
  });
});
