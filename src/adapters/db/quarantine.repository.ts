// Quarantined mail (SPEC §6 rule 11): the list operators and agents see, replay, and the counts
// the metrics report.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { inboundMessages } from './schema/index.ts';

/** Quarantined messages, newest first (the console lists them oldest first, like its queue). */
export async function quarantinedMessages(db: DbOrTx, options: { limit?: number; oldestFirst?: boolean } = {}) {
  return db
    .select({
      id: inboundMessages.id,
      reason: inboundMessages.reason,
      size: inboundMessages.size,
      messageId: inboundMessages.messageIdHeader,
      mailbox: inboundMessages.mailbox,
      uid: inboundMessages.uid,
      receivedAt: inboundMessages.receivedAt,
      processedAt: inboundMessages.processedAt,
      rawPurgedAt: inboundMessages.rawPurgedAt,
      fromAddress: inboundMessages.fromAddress,
      source: inboundMessages.source,
    })
    .from(inboundMessages)
    .where(eq(inboundMessages.status, 'quarantined'))
    .orderBy(...(options.oldestFirst ? [asc(inboundMessages.receivedAt), asc(inboundMessages.id)] : [desc(inboundMessages.id)]))
    .limit(options.limit ?? 500);
}

/** A message's row locked for a replay: what the replay decides on, not its raw bytes (only whether it still has them). */
export async function lockMessage(db: DbOrTx, id: number) {
  const [row] = await db
    .select({
      id: inboundMessages.id,
      status: inboundMessages.status,
      reason: inboundMessages.reason,
      attempts: inboundMessages.attempts,
      hasRaw: sql<boolean>`${inboundMessages.raw} is not null`,
    })
    .from(inboundMessages)
    .where(eq(inboundMessages.id, id))
    .for('update');
  return row ?? null;
}

/** Puts a quarantined message back to `stored`, for the pipeline to take it again. */
export async function requeueQuarantined(db: DbOrTx, id: number, attempts: number): Promise<void> {
  await db
    .update(inboundMessages)
    .set({ status: 'stored', outcome: null, reason: null, kind: null, processedAt: null, attempts })
    .where(and(eq(inboundMessages.id, id), eq(inboundMessages.status, 'quarantined')));
}

/** Quarantined messages per reason (for the metrics scrape). */
export async function quarantineCounts(db: DbOrTx): Promise<{ reason: string | null; n: number }[]> {
  return db.execute<{ reason: string | null; n: number }>(
    sql`select reason, count(*)::int as n from inbound_messages where status = 'quarantined' group by reason`,
  );
}
