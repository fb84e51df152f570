import { and, asc, eq, getTableColumns, lt, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { eventInsertWhen, type NewEvent } from './events.repository.ts';
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
 * (`deferredOutboxInsert`, whose RETURNING gives their ids): one round trip fewer per reply. For
 * a transaction that never reads the outbox back (the pipeline's).
 */
export function deferOutbox(tx: DbOrTx): void {
  deferred.set(tx, []);
}

/** The held-back replies as one data-modifying statement (returning the ids of those queued), or null. */
export function deferredOutboxInsert(tx: DbOrTx): { getSQL(): SQL } | null {
  const rows = deferred.get(tx) ?? [];
  deferred.set(tx, []);
  return rows.length === 0 ? null : tx.insert(outbox).values(rows).onConflictDoNothing({ target: outbox.dedupeKey }).returning({ id: outbox.id });
}

export async function findOutbox(db: DbOrTx, id: number): Promise<OutboxRow | null> {
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
  return row ?? null;
}

export async function markOutbox(db: DbOrTx, id: number, changes: Partial<NewOutbox>): Promise<void> {
  await db.update(outbox).set(changes).where(eq(outbox.id, id));
}

/**
 * A reply, with how many mails went to its address since each of the given instants (the
 * per-recipient limits) and when its ticket's latest message arrived (the arrival-to-ack
 * metric), in one statement.
 */
export async function outboxWithSentCounts(
  db: DbOrTx,
  id: number,
  sinces: Date[],
): Promise<{ row: OutboxRow; sent: number[]; lastArrivalAt: Date | null } | null> {
  const oldest = sinces.reduce<Date | null>((a, b) => (a && a < b ? a : b), null);
  // Spelled out: in a one-table select drizzle leaves columns unqualified, which would bind them to the inner table.
  const counts = sql.join(
    sinces.map((since) => sql`(count(*) filter (where s.sent_at >= ${since.toISOString()}::timestamptz))::int`),
    sql`, `,
  );
  const [found] = await db
    .select({
      ...getTableColumns(outbox),
      sentCounts: oldest
        ? sql<number[]>`(select array[${counts}] from outbox s
            where s.to_address = outbox.to_address and s.status = 'sent' and s.sent_at >= ${oldest.toISOString()}::timestamptz)`
        : sql<number[]>`'{}'::int[]`,
      lastArrivalAt: sql<Date | string | null>`(select max(m.received_at) from inbound_messages m where m.ticket_id = outbox.ticket_id)`,
    })
    .from(outbox)
    .where(eq(outbox.id, id));
  if (!found) return null;
  const { sentCounts, lastArrivalAt, ...row } = found;
  return { row, sent: (sentCounts ?? []).map(Number), lastArrivalAt: lastArrivalAt ? new Date(lastArrivalAt) : null };
}

/** The token hashes a reply's links carry, written when the reply is claimed. */
export interface ReplyLinks {
  ticketId: number;
  confirm?: { tokenHash: string; expiresAt: Date };
  cancel?: { tokenHash: string };
  dispute?: { tokenHash: string; createdAt: Date };
}

/**
 * Takes a pending reply for one attempt (attempts + 1) and stores its links' token hashes, in
 * one statement; null when the reply is no longer pending (sent or suppressed meanwhile).
 */
export async function claimOutbox(db: DbOrTx, id: number, links: ReplyLinks | null): Promise<{ attempts: number } | null> {
  const claim = db
    .update(outbox)
    .set({ attempts: sql`${outbox.attempts} + 1` })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'pending')))
    .returning({ attempts: outbox.attempts });
  const writes: SQL[] = [];
  if (links?.confirm || links?.cancel) {
    const changes = {
      ...(links.confirm ? { confirmTokenHash: links.confirm.tokenHash, confirmExpiresAt: links.confirm.expiresAt } : {}),
      ...(links.cancel ? { cancelTokenHash: links.cancel.tokenHash } : {}),
    };
    writes.push(
      db
        .update(tickets)
        .set(changes)
        .where(and(eq(tickets.id, links.ticketId), sql`exists (select 1 from claimed)`))
        .getSQL(),
    );
  }
  if (links?.dispute)
    writes.push(sql`insert into ${disputeLinks} (ticket_id, token_hash, created_at)
      select ${links.ticketId}::int, ${links.dispute.tokenHash}, ${links.dispute.createdAt.toISOString()}::timestamptz where exists (select 1 from claimed)`);
  if (writes.length === 0) {
    const [row] = await claim;
    return row ?? null;
  }
  const alongside = sql.join(
    writes.map((write, index) => sql`, ${sql.raw(`w${index}`)} as (${write})`),
    sql``,
  );
  const [row] = await db.execute<{ attempts: number }>(sql`with claimed as (${claim.getSQL()})${alongside} select attempts from claimed`);
  return row ? { attempts: Number(row.attempts) } : null;
}

/**
 * Moves a pending reply on (sent, or suppressed) and appends its audit event, in one statement:
 * the event is written if and only if this call moved the row, so running it again (a retry
 * after a lost answer) writes nothing twice. Whether the row moved.
 */
export async function settleOutbox(db: DbOrTx, id: number, changes: Partial<NewOutbox>, event: NewEvent): Promise<boolean> {
  const settled = db
    .update(outbox)
    .set(changes)
    .where(and(eq(outbox.id, id), eq(outbox.status, 'pending')))
    .returning({ id: outbox.id });
  const rows = await db.execute(
    sql`with settled as (${settled.getSQL()}), w0 as (${eventInsertWhen(event, sql`exists (select 1 from settled)`)}) select id from settled`,
  );
  return rows.length === 1;
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
