import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgSequence, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { TicketFields, TicketSignals, TicketSnippets } from '../../../core/ticket.ts';
import type { TicketStatus } from '../../../core/ticket-status.ts';

export const ticketRefSeq = pgSequence('ticket_ref_seq', { startWith: 1 });

export const tickets = pgTable(
  'tickets',
  {
    id: serial('id').primaryKey(),
    ref: text('ref').notNull().unique(),
    status: text('status').$type<TicketStatus>().notNull(),
    accountId: integer('account_id'),
    senderAddress: text('sender_address').notNull(),
    kind: text('kind').notNull(),
    language: text('language'),
    fields: jsonb('fields').$type<TicketFields>().notNull(),
    snippets: jsonb('snippets')
      .$type<TicketSnippets>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    missing: jsonb('missing').$type<string[]>().notNull(),
    signals: jsonb('signals').$type<TicketSignals>().notNull(),
    /** Message-ID of the first inbound message, for threading replies. */
    threadMessageId: text('thread_message_id'),
    threadReferences: jsonb('thread_references')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    confirmTokenHash: text('confirm_token_hash'),
    confirmExpiresAt: timestamp('confirm_expires_at', { withTimezone: true }),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    resetDueAt: timestamp('reset_due_at', { withTimezone: true }),
    cancelTokenHash: text('cancel_token_hash'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    // One open recovery ticket per account (SPEC §6 rule 5).
    uniqueIndex('tickets_one_open_per_account')
      .on(t.accountId)
      .where(sql`status in ('waiting_details', 'waiting_confirmation', 'ready', 'approved', 'needs_attention')`),
    index('tickets_status_idx').on(t.status, t.createdAt),
    index('tickets_sender_idx').on(t.senderAddress),
  ],
);

/** The audit log: append-only and hash-chained (each row holds the hash of the previous). */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: integer('ticket_id'),
    type: text('type').notNull(),
    actor: text('actor').notNull(),
    data: jsonb('data')
      .notNull()
      .default(sql`'{}'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set once, by the sealer (events.repository.ts), which chains rows in `seq` order. */
    seq: bigint('seq', { mode: 'number' }).unique(),
    prevHash: text('prev_hash'),
    hash: text('hash').unique(),
  },
  (t) => [index('ticket_events_ticket_idx').on(t.ticketId, t.id)],
);

export const approvals = pgTable(
  'approvals',
  {
    id: serial('id').primaryKey(),
    ticketId: integer('ticket_id').notNull(),
    agentId: integer('agent_id').notNull(),
    reason: text('reason'),
    evidenceHash: text('evidence_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('approvals_ticket_agent_uq').on(t.ticketId, t.agentId)],
);
