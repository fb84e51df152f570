import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';

/**
 * What agents are told (SPEC §7.2 NOTIFY_*): one row per notification-worthy ticket change,
 * written in the transaction of the change itself, so it exists if and only if the change
 * committed. `handled_at` is set when a batch takes it (or NOTIFY_AGENTS=off drops it).
 */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: integer('ticket_id').notNull(),
    /** A reason code (core/notify.ts NotificationKind): never text from the user. */
    kind: text('kind').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    batchId: bigint('batch_id', { mode: 'number' }),
    handledAt: timestamp('handled_at', { withTimezone: true }),
  },
  (t) => [
    index('notifications_pending_idx')
      .on(t.id)
      .where(sql`handled_at is null`),
  ],
);

/** One batch per NOTIFY_INTERVAL at most: what every agent (and the webhook) is sent. */
export const notificationBatches = pgTable('notification_batches', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  /** [{ ref, status, reasons }] as they stood when the batch was made. */
  items: jsonb('items').$type<{ ref: string; status: string; reasons: string[] }[]>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One row per recipient of a batch (`agent:<id>` or `webhook`), sent exactly once. */
export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    batchId: bigint('batch_id', { mode: 'number' }).notNull(),
    target: text('target').notNull(),
    /** The agent's address (null for the webhook, whose URL is a secret kept in the config only). */
    toAddress: text('to_address'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [unique('notification_deliveries_target_uq').on(t.batchId, t.target)],
);
