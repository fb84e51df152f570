import { asc, eq, sql } from 'drizzle-orm';
import { canonicalJson } from '../../core/canonical-json.ts';
import { sha256Hex } from '../crypto/secrets.ts';
import type { DbOrTx } from './client.ts';
import { ticketEvents } from './schema/index.ts';

export interface NewEvent {
  ticketId: number | null;
  type: string;
  actor: string;
  data?: Record<string, unknown>;
}

const GENESIS = '0'.repeat(64);

/** The canonical text a row's hash covers: every column but the hash itself. */
export function eventDigest(row: { id: number; ticketId: number | null; type: string; actor: string; data: unknown; createdAt: Date; prevHash: string }): string {
  return sha256Hex(canonicalJson([row.id, row.ticketId, row.type, row.actor, row.data, row.createdAt.toISOString(), row.prevHash]));
}

/**
 * Appends to the hash-chained audit log. Call it inside a transaction: the advisory lock
 * that keeps the chain linear is held until that transaction ends.
 */
export async function appendEvent(db: DbOrTx, event: NewEvent): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(727201)`);
  const [last] = await db.select({ hash: ticketEvents.hash }).from(ticketEvents).orderBy(sql`${ticketEvents.id} desc`).limit(1);
  const prevHash = last?.hash ?? GENESIS;
  const [{ id } = { id: 0 }] = await db.execute<{ id: number }>(sql`select nextval(pg_get_serial_sequence('ticket_events', 'id'))::int as id`);
  const createdAt = new Date(Math.floor(Date.now()));
  const data = JSON.parse(canonicalJson(event.data ?? {})) as Record<string, unknown>;
  const row = { id, ticketId: event.ticketId, type: event.type, actor: event.actor, data, createdAt, prevHash };
  await db.insert(ticketEvents).values({ ...row, hash: eventDigest(row) });
}

export async function eventsOfTicket(db: DbOrTx, ticketId: number) {
  return db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)).orderBy(asc(ticketEvents.id));
}
