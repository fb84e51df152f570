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

/** Events of transactions that write their audit rows in one go just before commit. */
const buffers = new WeakMap<object, NewEvent[]>();

/**
 * Appends to the hash-chained audit log. Call it inside a transaction: the advisory lock
 * that keeps the chain linear is held until that transaction ends. Inside `withEventBatch`
 * the event is only collected, and written with the others at the end.
 */
export async function appendEvent(db: DbOrTx, event: NewEvent): Promise<void> {
  const buffer = buffers.get(db);
  if (buffer) buffer.push(event);
  else await writeEvents(db, [event]);
}

/**
 * Runs a transaction body whose events are written last, so the global chain lock is held
 * for a few milliseconds at commit instead of for the whole transaction (busy pipelines
 * would otherwise queue behind it).
 */
export async function withEventBatch<T>(tx: DbOrTx, body: () => Promise<T>): Promise<T> {
  const events: NewEvent[] = [];
  buffers.set(tx, events);
  try {
    const result = await body();
    await writeEvents(tx, events);
    return result;
  } finally {
    buffers.delete(tx);
  }
}

async function writeEvents(db: DbOrTx, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db.execute(sql`select pg_advisory_xact_lock(727201)`);
  const [last] = await db.select({ hash: ticketEvents.hash }).from(ticketEvents).orderBy(sql`${ticketEvents.id} desc`).limit(1);
  const ids = await db.execute<{ id: number }>(sql`select nextval(pg_get_serial_sequence('ticket_events', 'id'))::int as id from generate_series(1, ${events.length})`);
  let prevHash = last?.hash ?? GENESIS;
  const createdAt = new Date(Math.floor(Date.now()));
  const rows = events.map((event, index) => {
    const data = JSON.parse(canonicalJson(event.data ?? {})) as Record<string, unknown>;
    const row = { id: ids[index]?.id ?? 0, ticketId: event.ticketId, type: event.type, actor: event.actor, data, createdAt, prevHash };
    const hash = eventDigest(row);
    prevHash = hash;
    return { ...row, hash };
  });
  await db.insert(ticketEvents).values(rows);
}

export async function eventsOfTicket(db: DbOrTx, ticketId: number) {
  return db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)).orderBy(asc(ticketEvents.id));
}
