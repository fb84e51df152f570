import { and, asc, eq, gte, inArray, sql } from 'drizzle-orm';
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
