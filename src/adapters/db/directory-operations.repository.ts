// The outbox of external resets (SPEC §9): see schema/directory-operations.ts.
import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { directoryOperations, tickets } from './schema/index.ts';

export type DirectoryOperationRow = typeof directoryOperations.$inferSelect;
export type NewDirectoryOperation = Omit<typeof directoryOperations.$inferInsert, 'id'>;

/** Records the operation once per ticket; a second approval of the same ticket (after a voided one) starts it afresh. */
export async function recordOperation(db: DbOrTx, row: NewDirectoryOperation): Promise<DirectoryOperationRow> {
  const [saved] = await db
    .insert(directoryOperations)
    .values(row)
    .onConflictDoUpdate({
      target: directoryOperations.ticketId,
      set: {
        directoryAccountId: row.directoryAccountId,
        email: row.email,
        expectedVersion: row.expectedVersion ?? null,
        idempotencyKey: row.idempotencyKey,
        status: 'pending',
        attempts: 0,
        failures: 0,
        retryUntil: row.retryUntil,
        lastAttemptAt: null,
        lastError: null,
        reason: null,
        report: null,
        updatedAt: sql`now()`,
        finishedAt: null,
      },
    })
    .returning();
  return saved!;
}

export async function findOperation(db: DbOrTx, id: number): Promise<DirectoryOperationRow | null> {
  const [row] = await db.select().from(directoryOperations).where(eq(directoryOperations.id, id));
  return row ?? null;
}

export async function operationOfTicket(db: DbOrTx, ticketId: number): Promise<DirectoryOperationRow | null> {
  const [row] = await db.select().from(directoryOperations).where(eq(directoryOperations.ticketId, ticketId));
  return row ?? null;
}

export async function lockOperation(db: DbOrTx, id: number): Promise<DirectoryOperationRow | null> {
  const [row] = await db.select().from(directoryOperations).where(eq(directoryOperations.id, id)).for('update');
  return row ?? null;
}

/** Counts a call before it is made: after a crash, the next run knows a call may have landed. */
export async function countAttempt(db: DbOrTx, id: number, now: Date): Promise<void> {
  await db
    .update(directoryOperations)
    .set({ attempts: sql`${directoryOperations.attempts} + 1`, lastAttemptAt: now, updatedAt: now })
    .where(and(eq(directoryOperations.id, id), eq(directoryOperations.status, 'pending')));
}

export async function updateOperation(db: DbOrTx, id: number, changes: Partial<NewDirectoryOperation>): Promise<void> {
  await db.update(directoryOperations).set(changes).where(eq(directoryOperations.id, id));
}

/** Pending operations untouched since `due`: the sweeper queues them again (a Redis that lost its jobs). */
export async function stalledOperations(db: DbOrTx, due: Date, limit: number): Promise<{ id: number }[]> {
  return db
    .select({ id: directoryOperations.id })
    .from(directoryOperations)
    .where(and(eq(directoryOperations.status, 'pending'), lt(directoryOperations.updatedAt, due)))
    .orderBy(asc(directoryOperations.id))
    .limit(limit);
}

/** Tickets whose external reset needs a human, for the metric. */
export async function needsAttentionCount(db: DbOrTx): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(tickets)
    .where(eq(tickets.status, 'needs_attention'));
  return row?.n ?? 0;
}
