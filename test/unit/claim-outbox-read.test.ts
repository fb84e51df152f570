// claimOutbox's and settleOutbox's statements are built from fixed strings (no drizzle per reply); it must be the very
// statement drizzle built before, text and parameters (the reference below, as it was).
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, test, vi } from 'vitest';
import { claimRead, settleRead, type ReplyLinks } from '../../src/adapters/db/outbox.repository.ts';
import { eventInsertWhen, type NewEvent } from '../../src/adapters/db/events.repository.ts';
import { disputeLinks, tickets } from '../../src/adapters/db/schema/index.ts';

const dialect = new PgDialect();

function reference(id: number, windows: readonly { since: Date; max: number }[], links: ReplyLinks): { sql: string; params: unknown[] } {
  const oldest = windows.reduce<Date | null>((a, w) => (a && a < w.since ? a : w.since), null);
  const counts = sql.join(
    windows.map(({ since }) => sql`(count(*) filter (where s.sent_at >= ${since.toISOString()}::timestamptz))::int`),
    sql`, `,
  );
  const sentCounts = oldest
    ? sql`(select array[${counts}] from outbox s
        where s.to_address = o.to_address and s.status = 'sent' and s.sent_at >= ${oldest.toISOString()}::timestamptz)`
    : sql`'{}'::int[]`;
  const belowLimits = windows.length
    ? sql.join(
        windows.map(({ max }, index) => sql`t.sent_counts[${sql.raw(String(index + 1))}] < ${max}::int`),
        sql` and `,
      )
    : sql`true`;
  const has = (placeholder: string) => sql`(c.ticket_id is not null and strpos(c.body, ${placeholder}) > 0)`;
  return dialect.sqlToQuery(sql`
    with target as (
      select o.*, ${sentCounts} as sent_counts,
        (select max(m.received_at) from inbound_messages m where m.ticket_id = o.ticket_id) as last_arrival_at
      from outbox o where o.id = ${id}
    ),
    claimed as (
      update outbox set attempts = outbox.attempts + 1 from target t
      where outbox.id = t.id and outbox.status = 'pending' and ${belowLimits}
      returning outbox.id, outbox.ticket_id, outbox.body
    ),
    w0 as (
      update ${tickets} set
        confirm_token_hash = case when ${has(links.confirm.placeholder)} then ${links.confirm.tokenHash} else tickets.confirm_token_hash end,
        confirm_expires_at = case when ${has(links.confirm.placeholder)} then ${links.confirm.expiresAt.toISOString()}::timestamptz else tickets.confirm_expires_at end,
        cancel_token_hash = case when ${has(links.cancel.placeholder)} then ${links.cancel.tokenHash} else tickets.cancel_token_hash end
      from claimed c
      where tickets.id = c.ticket_id and (${has(links.confirm.placeholder)} or ${has(links.cancel.placeholder)})
    ),
    w1 as (
      insert into ${disputeLinks} (ticket_id, token_hash, created_at)
      select c.ticket_id, ${links.dispute.tokenHash}, ${links.dispute.createdAt.toISOString()}::timestamptz from claimed c
      where ${has(links.dispute.placeholder)}
    )
    select t.*, exists (select 1 from claimed) as claimed from target t`);
}

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
        const ref = reference(id, windows, links);
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
