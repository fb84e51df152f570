import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'suppressed';

/** Every reply we send, written before it is sent, so each is sent exactly once. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** What makes this reply unique, e.g. "ack:42" — a retried step cannot queue it twice. */
    dedupeKey: text('dedupe_key').notNull().unique(),
    ticketId: integer('ticket_id'),
    kind: text('kind').notNull(),
    language: text('language').notNull(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    ourMessageId: text('our_message_id').notNull().unique(),
    inReplyTo: text('in_reply_to'),
    references: jsonb('references')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    status: text('status').$type<OutboxStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('outbox_status_idx').on(t.status, t.createdAt), index('outbox_to_idx').on(t.toAddress, t.createdAt)],
);
