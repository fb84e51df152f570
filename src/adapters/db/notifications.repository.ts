// Notifications for agents (core/notify.ts): recorded in the caller's transaction, batched
// under a lock, delivered once per recipient.
import { and, asc, desc, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { NotificationKind, NotifiedTicket } from '../../core/notify.ts';
import type { DbOrTx } from './client.ts';
import { holdRows } from './held-writes.ts';
import { agents, notificationBatches, notificationDeliveries, notifications, tickets } from './schema/index.ts';

const BATCH_LOCK = 727202;

const recordedIn = new WeakSet<DbOrTx>();

export async function recordNotifications(db: DbOrTx, items: { ticketId: number; kind: NotificationKind }[]): Promise<void> {
  if (items.length === 0) return;
  // In a transaction that holds its writes (the pipeline's), written by its last statement.
  if (!holdRows(db, 'notifications', items)) await db.insert(notifications).values(items);
  recordedIn.add(db);
}

/** Marks the transaction as having recorded notifications written by another statement (its last, a WITH). */
export function noteNotificationsRecorded(tx: DbOrTx): void {
  recordedIn.add(tx);
}

/** Whether this transaction recorded a notification (only then has the batch job anything new to plan). */
export function recordedNotifications(tx: DbOrTx): boolean {
  return recordedIn.has(tx);
}

/** When the oldest notification not yet batched was recorded, or null when none waits. */
export async function oldestPendingNotification(db: DbOrTx): Promise<Date | null> {
  const [row] = await db
    .select({ createdAt: notifications.createdAt })
    .from(notifications)
    .where(isNull(notifications.handledAt))
    .orderBy(asc(notifications.id))
    .limit(1);
  return row?.createdAt ?? null;
}

/** NOTIFY_AGENTS=off: pending notifications are dropped, so turning it on later sends no backlog. */
export async function dropPendingNotifications(db: DbOrTx, now: Date): Promise<number> {
  const rows = await db.update(notifications).set({ handledAt: now }).where(isNull(notifications.handledAt)).returning({ id: notifications.id });
  return rows.length;
}

export async function lastBatch(db: DbOrTx): Promise<{ id: number; createdAt: Date } | null> {
  const [row] = await db
    .select({ id: notificationBatches.id, createdAt: notificationBatches.createdAt })
    .from(notificationBatches)
    .orderBy(desc(notificationBatches.id))
    .limit(1);
  return row ?? null;
}

/** Takes the transaction-scoped lock that makes one batch at a time, across processes. */
export async function lockBatches(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${BATCH_LOCK})`);
}

/** Pending notifications with their ticket's ref and current status, oldest first. */
export async function pendingNotifications(db: DbOrTx, limit: number) {
  return db
    .select({ id: notifications.id, kind: notifications.kind, ref: tickets.ref, status: tickets.status })
    .from(notifications)
    .innerJoin(tickets, eq(tickets.id, notifications.ticketId))
    .where(isNull(notifications.handledAt))
    .orderBy(asc(notifications.id))
    .limit(limit);
}

/** Makes the batch, marks its notifications handled, and writes one delivery per recipient. */
export async function createBatch(tx: DbOrTx, input: { notificationIds: number[]; items: NotifiedTicket[]; webhook: boolean; now: Date }): Promise<number[]> {
  const [batch] = await tx.insert(notificationBatches).values({ items: input.items, createdAt: input.now }).returning({ id: notificationBatches.id });
  if (!batch) throw new Error('batch insert returned nothing');
  await tx.update(notifications).set({ batchId: batch.id, handledAt: input.now }).where(inArray(notifications.id, input.notificationIds));
  const recipients = await agentsToNotify(tx);
  const targets = [
    ...recipients.map((agent) => ({ target: `agent:${agent.id}`, toAddress: agent.email })),
    ...(input.webhook ? [{ target: 'webhook', toAddress: null }] : []),
  ];
  if (targets.length === 0) return [];
  const rows = await tx
    .insert(notificationDeliveries)
    .values(targets.map((t) => ({ batchId: batch.id, ...t })))
    .returning({ id: notificationDeliveries.id });
  return rows.map((row) => row.id);
}

/** Every agent account (the agents table has no disabled state yet: filter here when it does). */
async function agentsToNotify(db: DbOrTx) {
  return db.select({ id: agents.id, email: agents.email }).from(agents).orderBy(asc(agents.id));
}

export async function findDelivery(db: DbOrTx, id: number) {
  const [row] = await db
    .select({ delivery: notificationDeliveries, items: notificationBatches.items })
    .from(notificationDeliveries)
    .innerJoin(notificationBatches, eq(notificationBatches.id, notificationDeliveries.batchId))
    .where(eq(notificationDeliveries.id, id));
  return row ?? null;
}

export async function markDelivery(db: DbOrTx, id: number, changes: { attempts?: number; error?: string | null; sentAt?: Date }): Promise<void> {
  await db
    .update(notificationDeliveries)
    .set(changes)
    .where(and(eq(notificationDeliveries.id, id), isNull(notificationDeliveries.sentAt)));
}

/** Deliveries a crash or a lost Redis left unsent (the sweeper queues them again). */
export async function unsentDeliveries(db: DbOrTx, before: Date, since: Date, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: notificationDeliveries.id })
    .from(notificationDeliveries)
    .innerJoin(notificationBatches, eq(notificationBatches.id, notificationDeliveries.batchId))
    .where(and(isNull(notificationDeliveries.sentAt), lt(notificationBatches.createdAt, before), gt(notificationBatches.createdAt, since)))
    .orderBy(asc(notificationDeliveries.id))
    .limit(limit);
  return rows.map((row) => row.id);
}
