import { and, eq, isNotNull } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { disputeLinks } from './schema/index.ts';

export type DisputeLinkRow = typeof disputeLinks.$inferSelect;

/** The link of a token hash; `lock` takes it for update. */
export async function findDisputeLink(db: DbOrTx, tokenHash: string, lock: boolean): Promise<DisputeLinkRow | null> {
  const query = db.select().from(disputeLinks).where(eq(disputeLinks.tokenHash, tokenHash));
  const [link] = lock ? await query.for('update') : await query;
  return link ?? null;
}

/** Whether any link of the ticket was used (a ticket is disputed once). */
export async function ticketWasDisputed(db: DbOrTx, ticketId: number): Promise<boolean> {
  const [used] = await db
    .select({ id: disputeLinks.id })
    .from(disputeLinks)
    .where(and(eq(disputeLinks.ticketId, ticketId), isNotNull(disputeLinks.usedAt)))
    .limit(1);
  return Boolean(used);
}

export async function markDisputeLinkUsed(db: DbOrTx, id: number, now: Date): Promise<void> {
  await db.update(disputeLinks).set({ usedAt: now }).where(eq(disputeLinks.id, id));
}
