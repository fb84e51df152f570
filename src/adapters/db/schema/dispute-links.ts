import { index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The "This wasn't me" links of SPEC §6 rule 15: one row per mail sent (only the token's hash),
 * so a link in an older mail stays valid when a newer mail is sent. A ticket is disputed once:
 * `used_at` on one of its rows is when, and every other link of the ticket then reports it done.
 */
export const disputeLinks = pgTable(
  'dispute_links',
  {
    id: serial('id').primaryKey(),
    ticketId: integer('ticket_id').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('dispute_links_ticket_idx').on(t.ticketId), index('dispute_links_used_idx').on(t.usedAt)],
);
