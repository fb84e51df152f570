// Lists of tickets with their account's address: the console's queue (which tickets are in
// front of agents) and `tickets list`.
import { asc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import { OPEN_STATUSES, type TicketStatus } from '../../core/ticket-status.ts';
import type { DbOrTx } from './client.ts';
import { closedButHolderWroteSince } from './holder-voice.repository.ts';
import { accounts, disputeLinks, tickets } from './schema/index.ts';

export type QueueSelection =
  /** Tickets the holder disputed ("This wasn't me") after `since`, whatever their status. */
  | { kind: 'disputed'; since: Date }
  /** Open tickets, and closed ones the holder disputed, or wrote about, since the given instants. */
  | { kind: 'open'; disputedSince: Date; holderWroteSince: Date }
  /** Tickets in these statuses; all tickets for null. */
  | { kind: 'statuses'; statuses: readonly TicketStatus[] | null };

function disputedSince(since: Date) {
  return inArray(tickets.id, sql`(select ${disputeLinks.ticketId} from ${disputeLinks} where ${gt(disputeLinks.usedAt, since)})`);
}

function whereOf(selection: QueueSelection) {
  switch (selection.kind) {
    case 'disputed':
      return disputedSince(selection.since);
    case 'open':
      return or(inArray(tickets.status, [...OPEN_STATUSES]), disputedSince(selection.disputedSince), closedButHolderWroteSince(selection.holderWroteSince));
    case 'statuses':
      return selection.statuses ? inArray(tickets.status, [...selection.statuses]) : undefined;
  }
}

/** Oldest first: the queue is worked in arrival order. `limit` null: every ticket selected. */
export async function queueTickets(db: DbOrTx, selection: QueueSelection, limit: number | null = 500) {
  const query = db
    .select({ ticket: tickets, accountEmail: accounts.email })
    .from(tickets)
    .leftJoin(accounts, eq(accounts.id, tickets.accountId))
    .where(whereOf(selection))
    .orderBy(asc(tickets.createdAt), asc(tickets.id));
  return limit === null ? query : query.limit(limit);
}
