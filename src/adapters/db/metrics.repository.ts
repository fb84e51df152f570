// Reads for the latency metrics.
import { sql } from 'drizzle-orm';
import type { Db } from './client.ts';

/** When the latest message of a ticket was received, or null: arrival-to-ack is measured from it. */
export async function lastArrivalOfTicket(db: Db, ticketId: number): Promise<Date | null> {
  const [row] = await db.execute<{ at: Date | string | null }>(sql`select max(received_at) as at from inbound_messages where ticket_id = ${ticketId}`);
  return row?.at ? new Date(row.at) : null;
}
