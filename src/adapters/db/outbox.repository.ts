import { and, asc, desc, eq, getTableColumns, lt, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { sqlOf } from './raw-transport.ts';
import { eventInsertParams, eventInsertWhenText, type NewEvent } from './events.repository.ts';
import { disputeLinks, outbox, tickets } from './schema/index.ts';

export type OutboxRow = typeof outbox.$inferSelect;
export type NewOutbox = Omit<typeof outbox.$inferInsert, 'id'>;

/**
 * Queues a reply once per dedupe key; returns its id, or null when it was queued before. In a
 * transaction that defers its replies (deferOutbox) the row is held back for the transaction's
 * last statement, which gives the ids (null here).
 */
export async function insertOutbox(db: DbOrTx, row: NewOutbox): Promise<number | null> {
  const held = deferred.get(db);
  if (held) {
    held.push(row);
    return null;
  }
  const [inserted] = await db.insert(outbox).values(row).onConflictDoNothing({ target: outbox.dedupeKey }).returning({ id: outbox.id });
  return inserted?.id ?? null;
}

const deferred = new WeakMap<DbOrTx, NewOutbox[]>();

/**
 * From now on this transaction's replies are held back and written by its last statement
 * (`deferredOutboxRows`, written by finishMessage, whose RETURNING gives their ids): one round trip fewer per reply. For
 * a transaction that never reads the outbox back (the pipeline's).
 */
export function deferOutbox(tx: DbOrTx): void {
  deferred.set(tx, []);
}

/** The held-back replies, for the transaction's last statement (finishMessage, whose RETURNING gives the ids of those queued). */
export function deferredOutboxRows(tx: DbOrTx): NewOutbox[] {
  const rows = deferred.get(tx) ?? [];
  deferred.set(tx, []);
  return rows;
}

export async function findOutbox(db: DbOrTx, id: number): Promise<OutboxRow | null> {
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
  return row ?? null;
}

export async function markOutbox(db: DbOrTx, id: number, changes: Partial<NewOutbox>): Promise<void> {
  await db.update(outbox).set(changes).where(eq(outbox.id, id));
}

/** A link a reply may carry: its placeholder in the body and the hash of the token that replaces it. */
export interface ReplyLinks {
  confirm: { placeholder: string; tokenHash: string; expiresAt: Date };
  cancel: { placeholder: string; tokenHash: string };
  dispute: { placeholder: string; tokenHash: string; createdAt: Date };
}

export type ClaimedOutbox = {
  row: OutboxRow;
  /** Mails sent to the row's address since each of the given instants, as the statement read them. */
  sent: number[];
  /** When the row's ticket's latest message arrived (the arrival-to-ack metric). */
  lastArrivalAt: Date | null;
  /** Whether this call took the reply for one attempt (attempts + 1) and stored its links' token hashes. */
  claimed: boolean;
};

/**
 * A reply read and taken for one attempt in one statement: the row, how many mails went to its
 * address since each of `windows`' instants (the per-recipient limits), when its ticket's latest
 * message arrived, and the claim (attempts + 1 while still pending) with the token hashes of
 * the links its body carries (a link is written only if the body holds its placeholder and the
 * reply belongs to a ticket, as the sender fills them). The claim is made only while every
 * window is below its max (a full window — count >= max, `overLimit`'s rule — leaves the row
 * untouched: no attempt counted, no earlier link replaced), so a reply the limits suppress is
 * settled by the caller without having been claimed. null when there is no such row.
 */
export async function claimOutbox(db: DbOrTx, id: number, windows: readonly { since: Date; max: number }[], links: ReplyLinks): Promise<ClaimedOutbox | null> {
  const read = claimRead(id, windows, links);
  const [found] = await sqlOf(db).unsafe<Record<string, unknown>[]>(read.sql, read.params as never[], { prepare: true });
  if (!found) return null;
  const row = {} as Record<string, unknown>;
  for (const [key, column] of OUTBOX_COLUMNS) row[key] = found[column.name] == null ? null : column.mapFromDriverValue(found[column.name]);
  const lastArrivalAt = found.last_arrival_at;
  return {
    row: row as OutboxRow,
    sent: ((found.sent_counts as number[] | null) ?? []).map(Number),
    lastArrivalAt: lastArrivalAt == null ? null : new Date(lastArrivalAt as string | Date),
    claimed: found.claimed === true,
  };
}

const OUTBOX_COLUMNS = Object.entries(getTableColumns(outbox));

/**
 * claimOutbox's statement, built from fixed strings (no drizzle per reply: its building was the
 * largest of drizzle's left on the hot path, ~25 KiB allocated per claim). Its text and parameters
 * are the ones drizzle built before; `test/unit/claim-outbox-read.test.ts` holds it to that
 * building (the reference kept there) for every number of windows.
 */
export function claimRead(id: number, windows: readonly { since: Date; max: number }[], links: ReplyLinks): { sql: string; params: (string | number)[] } {
  const params: (string | number)[] = [];
  const p = (value: string | number) => {
    params.push(value);
    return `$${params.length}`;
  };
  const oldest = windows.reduce<Date | null>((a, w) => (a && a < w.since ? a : w.since), null);
  let sentCounts = `'{}'::int[]`;
  if (oldest) {
    const counts = windows.map(({ since }) => `(count(*) filter (where s.sent_at >= ${p(since.toISOString())}::timestamptz))::int`).join(', ');
    sentCounts = `(select array[${counts}] from outbox s
        where s.to_address = o.to_address and s.status = 'sent' and s.sent_at >= ${p(oldest.toISOString())}::timestamptz)`;
  }
  const target = `
    with target as (
      select o.*, ${sentCounts} as sent_counts,
        (select max(m.received_at) from inbound_messages m where m.ticket_id = o.ticket_id) as last_arrival_at
      from outbox o where o.id = ${p(id)}
    ),`;
  const belowLimits = windows.length ? windows.map(({ max }, index) => `t.sent_counts[${index + 1}] < ${p(max)}::int`).join(' and ') : 'true';
  const has = (placeholder: string) => `(c.ticket_id is not null and strpos(c.body, ${p(placeholder)}) > 0)`;
  const claimed = `
    claimed as (
      update outbox set attempts = outbox.attempts + 1 from target t
      where outbox.id = t.id and outbox.status = 'pending' and ${belowLimits}
      returning outbox.id, outbox.ticket_id, outbox.body
    ),`;
  const w0 = `
    w0 as (
      update "tickets" set
        confirm_token_hash = case when ${has(links.confirm.placeholder)} then ${p(links.confirm.tokenHash)} else tickets.confirm_token_hash end,
        confirm_expires_at = case when ${has(links.confirm.placeholder)} then ${p(links.confirm.expiresAt.toISOString())}::timestamptz else tickets.confirm_expires_at end,
        cancel_token_hash = case when ${has(links.cancel.placeholder)} then ${p(links.cancel.tokenHash)} else tickets.cancel_token_hash end
      from claimed c
      where tickets.id = c.ticket_id and (${has(links.confirm.placeholder)} or ${has(links.cancel.placeholder)})
    ),`;
  const w1 = `
    w1 as (
      insert into "dispute_links" (ticket_id, token_hash, created_at)
      select c.ticket_id, ${p(links.dispute.tokenHash)}, ${p(links.dispute.createdAt.toISOString())}::timestamptz from claimed c
      where ${has(links.dispute.placeholder)}
    )
    select t.*, exists (select 1 from claimed) as claimed from target t`;
  return { sql: target + claimed + w0 + w1, params };
}

/**
 * Moves a pending reply on (sent, or suppressed) and appends its audit event, in one statement:
 * the event is written if and only if this call moved the row, so running it again (a retry
 * after a lost answer) writes nothing twice. Whether the row moved.
 */
export async function settleOutbox(
  db: DbOrTx,
  id: number,
  changes: { status: 'sent' | 'suppressed'; sentAt?: Date; error: string | null },
  event: NewEvent,
): Promise<boolean> {
  const read = settleRead(id, changes, event);
  const rows = await sqlOf(db).unsafe(read.sql, read.params as never[], { prepare: true });
  return rows.length === 1;
}

const SETTLE = `with settled as (update outbox set status = $1, sent_at = coalesce($2::timestamptz, sent_at),
        error = $3::text where id = $4::bigint and status = 'pending' returning id),
      w0 as (${eventInsertWhenText(5, 'exists (select 1 from settled)')}) select id from settled`;

/**
 * settleOutbox's statement: one fixed text (this runs once per reply sent), its parameters
 * as drizzle passed them; `test/unit/claim-outbox-read.test.ts` holds both to drizzle's former building.
 */
export function settleRead(
  id: number,
  changes: { status: 'sent' | 'suppressed'; sentAt?: Date; error: string | null },
  event: NewEvent,
): { sql: string; params: (string | number | null)[] } {
  return { sql: SETTLE, params: [changes.status, changes.sentAt?.toISOString() ?? null, changes.error, id, ...eventInsertParams(event)] };
}

export async function repliesOfTicket(db: DbOrTx, ticketId: number): Promise<OutboxRow[]> {
  return db.select().from(outbox).where(eq(outbox.ticketId, ticketId)).orderBy(asc(outbox.id));
}

/** Replies still pending that were queued before `due`. */
export async function pendingBefore(db: DbOrTx, due: Date, limit: number): Promise<{ id: number }[]> {
  return db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), lt(outbox.createdAt, due)))
    .orderBy(outbox.id)
    .limit(limit);
}

/** Replies sent in [since, due) whose `reply_sent` audit event is missing (a crash lost it). */
export async function sentWithoutAuditEvent(db: DbOrTx, since: Date, due: Date, limit: number) {
  const rows = await db.execute<{ id: number; ticket_id: number | null; kind: string; to_address: string }>(sql`
    select o.id, o.ticket_id, o.kind, o.to_address from outbox o
    where o.status = 'sent' and o.sent_at >= ${since.toISOString()}::timestamptz and o.sent_at < ${due.toISOString()}::timestamptz
      and not exists (select 1 from ticket_events e
                      where (e.ticket_id = o.ticket_id or (o.ticket_id is null and e.ticket_id is null)) and e.type = 'reply_sent'
                        and e.created_at >= ${since.toISOString()}::timestamptz and e.data->>'outboxId' = o.id::text)
    order by o.id limit ${limit}`);
  return rows.map((row) => ({ id: Number(row.id), ticketId: row.ticket_id, kind: row.kind, toAddress: row.to_address }));
}

export async function pendingReplyCount(db: DbOrTx): Promise<number> {
  const [row] = await db.execute<{ n: number }>(sql`select count(*)::int as n from outbox where status = 'pending'`);
  return row?.n ?? 0;
}

/** The approval notice of a ticket's latest approval (each approval queues one), with its status. */
export async function latestApprovalNotice(db: DbOrTx, ticketId: number): Promise<{ id: number; status: OutboxRow['status'] } | null> {
  const [row] = await db
    .select({ id: outbox.id, status: outbox.status })
    .from(outbox)
    .where(and(eq(outbox.ticketId, ticketId), eq(outbox.kind, 'approved_notice')))
    .orderBy(desc(outbox.id))
    .limit(1);
  return row ?? null;
}
