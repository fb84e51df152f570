import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { bytea } from './types.ts';

export type MessageStatus = 'stored' | 'processed' | 'quarantined';
export type MessageOutcome = 'ticket_opened' | 'ticket_updated' | 'ignored' | 'quarantined';

/** Every inbound message, stored raw before anything is flagged on the server. */
export const inboundMessages = pgTable(
  'inbound_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    source: text('source').$type<'imap' | 'ingest'>().notNull(),
    mailbox: text('mailbox'),
    uidValidity: bigint('uid_validity', { mode: 'number' }),
    uid: bigint('uid', { mode: 'number' }),
    messageIdHeader: text('message_id_header'),
    fromAddress: text('from_address'),
    fromDomain: text('from_domain'),
    /** Whether the sender was authenticated (SPEC §5); null until processed. */
    authenticated: boolean('authenticated'),
    accountId: integer('account_id'),
    raw: bytea('raw'),
    rawSha256: text('raw_sha256').notNull(),
    size: integer('size').notNull(),
    status: text('status').$type<MessageStatus>().notNull().default('stored'),
    outcome: text('outcome').$type<MessageOutcome>(),
    kind: text('kind'),
    reason: text('reason'),
    ticketId: integer('ticket_id'),
    analysis: jsonb('analysis'),
    auth: jsonb('auth'),
    attempts: integer('attempts').notNull().default(0),
    /** Set once the server-side processed action (flag/move) is done, or not needed. */
    serverActionDoneAt: timestamp('server_action_done_at', { withTimezone: true }),
    /** When the message was stored here. */
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    /** When it reached the mailbox (IMAP INTERNALDATE); null for ingest, where arrival is receivedAt. */
    arrivedAt: timestamp('arrived_at', { withTimezone: true }),
    /**
     * A look at the mailbox before which this message was not there (the reader's previous sync),
     * set when its internal date is older: copied or appended there with an old date, not
     * delivered. Its signature is judged as of this time, never of the date it claims. Null:
     * delivered (or read at a first start, or ingested): judged at `arrivedAt`.
     */
    appearedAfter: timestamp('appeared_after', { withTimezone: true }),
    processedAt: timestamp('processed_at', { withTimezone: true }),
    /** When this recovery request was counted against the flood limits (see flood-control). */
    countedAt: timestamp('counted_at', { withTimezone: true }),
    /**
     * sha256 of the `b=` of every aligned passing DKIM signature (sorted), claimed when the message
     * is processed: the same signature on another message (another Message-ID) is a replay, and a
     * message signed twice replayed with one signature removed or the two swapped still meets one.
     */
    dkimBHashes: text('dkim_b_hashes').array(),
    /** When the raw bytes were purged under the retention policy (the verdicts stay). */
    rawPurgedAt: timestamp('raw_purged_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('inbound_messages_sha_uq').on(t.rawSha256),
    uniqueIndex('inbound_messages_uid_uq').on(t.mailbox, t.uidValidity, t.uid),
    index('inbound_messages_status_idx').on(t.status, t.receivedAt),
    index('inbound_messages_msgid_idx').on(t.messageIdHeader),
    index('inbound_messages_from_idx').on(t.fromAddress, t.processedAt),
    index('inbound_messages_domain_idx').on(t.fromDomain, t.processedAt),
    index('inbound_messages_account_idx').on(t.accountId, t.processedAt),
    index('inbound_messages_unauth_idx').on(t.authenticated, t.processedAt),
    index('inbound_messages_counted_idx').on(t.countedAt),
    index('inbound_messages_dkim_bs_idx').using('gin', t.dkimBHashes),
    // Held mail (throttled, duplicate, replayed): what the console and `quarantine list --held` show.
    index('inbound_messages_held_idx').on(t.outcome, t.reason),
    // A ticket's messages: its latest arrival (read with each reply for the arrival-to-ack
    // metric) and the console's thread.
    index('inbound_messages_ticket_idx').on(t.ticketId, t.receivedAt),
  ],
);

/** Per-mailbox IMAP cursor: the last UID stored under a given UIDVALIDITY. */
export const mailboxCursors = pgTable('mailbox_cursors', {
  mailbox: text('mailbox').primaryKey(),
  uidValidity: bigint('uid_validity', { mode: 'number' }).notNull(),
  lastUid: bigint('last_uid', { mode: 'number' }).notNull(),
  /**
   * The first start's IMAP_START point: mail with an earlier internal date is left alone, on
   * the first sync and again after a UIDVALIDITY change. Null: everything (IMAP_START=all, or a
   * cursor from before this column existed).
   */
  startAt: timestamp('start_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
