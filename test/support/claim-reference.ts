// drizzle's building of claimOutbox's statement, as it was before stop 23 built it from fixed strings:
// the reference the unit test holds claimRead to, and the "before" of bench/micro/reply-and-log.ts.
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { ReplyLinks } from '../../src/adapters/db/outbox.repository.ts';
import { disputeLinks, tickets } from '../../src/adapters/db/schema/index.ts';

const dialect = new PgDialect();

export function drizzleClaimRead(id: number, windows: readonly { since: Date; max: number }[], links: ReplyLinks): { sql: string; params: unknown[] } {
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
