import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { outbox } from './schema/index.ts';

export type OutboxRow = typeof outbox.$inferSelect;
export type NewOutbox = Omit<typeof outbox.$inferInsert, 'id'>;

/** Queues a reply once per dedupe key; returns its id, or null when it was queued before. */
export async function insertOutbox(db: DbOrTx, row: NewOutbox): Promise<number | null> {
  const [inserted] = await db.insert(outbox).values(row).onConflictDoNothing({ target: outbox.dedupeKey }).returning({ id: outbox.id });
  return inserted?.id ?? null;
}

export async function findOutbox(db: DbOrTx, id: number): Promise<OutboxRow | null> {
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
  return row ?? null;
}

export async function markOutbox(db: DbOrTx, id: number, changes: Partial<NewOutbox>): Promise<void> {
  await db.update(outbox).set(changes).where(eq(outbox.id, id));
}

/** How many mails went (or are going) to an address since each of the given instants. */
export async function countSentTo(db: DbOrTx, toAddress: string, sinces: Date[]): Promise<number[]> {
  return Promise.all(
    sinces.map(async (since) => {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(outbox)
        .where(and(eq(outbox.toAddress, toAddress), inArray(outbox.status, ['sent']), gte(outbox.sentAt, since)));
      return row?.n ?? 0;
    }),
  );
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
