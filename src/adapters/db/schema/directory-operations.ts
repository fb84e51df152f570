import { index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import type { DirectoryOperationStatus } from '../../../core/directory-reset.ts';

/**
 * The outbox of external resets (SPEC §9): one row per ticket whose reset goes to a sql or http
 * directory, written in the transaction that decides the reset (the approval, or the end of the
 * cancel window), then carried out by the `directory-reset` job. The idempotency key is chosen
 * once here and sent unchanged with every retry.
 */
export const directoryOperations = pgTable(
  'directory_operations',
  {
    id: serial('id').primaryKey(),
    ticketId: integer('ticket_id').notNull().unique(),
    /** The directory's account as the agent saw it (signals.onFile): id, address and version. */
    directoryAccountId: text('directory_account_id').notNull(),
    email: text('email').notNull(),
    expectedVersion: text('expected_version'),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    status: text('status').$type<DirectoryOperationStatus>().notNull().default('pending'),
    /** Calls made to the directory (a call counts once started: it may have reached the directory). */
    attempts: integer('attempts').notNull().default(0),
    /** Failed runs in a row (a look-up or a call): the backoff grows with them. */
    failures: integer('failures').notNull().default(0),
    /** Retries run until this time (DIRECTORY_RETRY_FOR after the operation, or after an agent's retry). */
    retryUntil: timestamp('retry_until', { withTimezone: true }).notNull(),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    /** The last failure, as a clean message (never the URL or the secret). */
    lastError: text('last_error'),
    /** Why a human is needed (core/directory-reset.ts NeedsAttentionReason). */
    reason: text('reason'),
    /** What the directory answered to the reset, and what its profile showed afterwards. */
    report: jsonb('report').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('directory_operations_status_idx').on(t.status, t.updatedAt)],
);
