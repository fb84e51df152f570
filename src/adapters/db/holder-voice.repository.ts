// Queries for SPEC §6 rule 15 (the holder wrote again): the account's recently closed
// tickets, and the queue condition that keeps a flagged closed ticket in front of agents.
import { and, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import { HOLDER_WROTE_AGAIN } from '../../core/holder-voice.ts';
import type { DbOrTx } from './client.ts';
import { tickets } from './schema/index.ts';
import type { TicketRow } from './tickets.repository.ts';

const CLOSED = ['done', 'rejected', 'cancelled'] as const;

/** A closed ticket the holder wrote about after `since`: it belongs in the queue of open work. */
export function closedButHolderWroteSince(since: Date): SQL {
  return and(
    inArray(tickets.status, [...CLOSED]),
    sql`${tickets.signals}->'flags' @> ${JSON.stringify([HOLDER_WROTE_AGAIN])}::jsonb`,
    sql`(${tickets.signals}->>'holderWroteAgainAt')::timestamptz > ${since.toISOString()}::timestamptz`,
  )!;
}
