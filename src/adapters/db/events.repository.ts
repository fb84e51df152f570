// The audit log (SPEC §6 rule 9): append-only, and hash-chained by a single sealer.
//
// Writers only insert (no lock, nothing to wait for in a busy pipeline). The sealer takes the
// chain lock, reads the rows not yet sealed in id order, and gives each its place in the chain
// (`seq`), the hash of the row before it and its own hash — the one UPDATE the append-only
// trigger allows, once per row. `audit verify` seals first, then walks the chain by `seq`.
import { asc, eq, getTableColumns, gt, isNull, sql, type SQL } from 'drizzle-orm';
import { canonicalJson } from '../../core/canonical-json.ts';
import { sha256Hex } from '../crypto/secrets.ts';
import { notificationForEvent, type NotificationKind } from '../../core/notify.ts';
import type { DbOrTx } from './client.ts';
import { noteNotificationsRecorded, recordNotifications } from './notifications.repository.ts';
import { ticketEvents } from './schema/index.ts';

export interface NewEvent {
  ticketId: number | null;
  type: string;
  actor: string;
  data?: Record<string, unknown>;
}

export const GENESIS = '0'.repeat(64);
const CHAIN_LOCK = 727201;
const SEAL_BATCH = 1000;

/** The canonical text a row's hash covers: every column but the hash itself. */
export function eventDigest(row: {
  id: number;
  ticketId: number | null;
  type: string;
  actor: string;
  data: unknown;
  createdAt: Date;
  prevHash: string | null;
}): string {
  return sha256Hex(canonicalJson([row.id, row.ticketId, row.type, row.actor, row.data, row.createdAt.toISOString(), row.prevHash]));
}

/** Appends to the audit log, in the caller's transaction: the row exists if and only if it commits. */
export async function appendEvent(db: DbOrTx, event: NewEvent): Promise<void> {
  await appendEvents(db, [event]);
}

export async function appendEvents(db: DbOrTx, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  const held = deferred.get(db);
  if (held) {
    held.push(...events.map(eventRow));
    return;
  }
  await db.insert(ticketEvents).values(events.map(eventRow));
  await recordNotifications(db, notificationsOf(events));
}

export type EventRow = typeof ticketEvents.$inferInsert;

function eventRow(event: NewEvent): EventRow {
  return {
    ticketId: event.ticketId,
    type: event.type,
    actor: event.actor,
    // jsonb does not keep key order: store the canonical form the digest is computed on.
    data: JSON.parse(canonicalJson(event.data ?? {})) as Record<string, unknown>,
    createdAt: new Date(Math.floor(Date.now())),
  };
}

/** Events agents are told about (a dispute, the holder writing again), in the same transaction. */
function notificationsOf(events: { ticketId: number | null; type: string }[]) {
  return events.flatMap((event) => {
    const kind = notificationForEvent(event.type);
    return kind && event.ticketId !== null ? [{ ticketId: event.ticketId, kind: kind satisfies NotificationKind }] : [];
  });
}

/**
 * An INSERT of one event that happens only `when` (an SQL condition, e.g. on a data-modifying
 * WITH): a write and its audit event in one atomic statement, no transaction round trips. For
 * events that notify no agent (those are recorded by appendEvents).
 */
export function eventInsertWhen(event: NewEvent, when: SQL): SQL {
  if (notificationForEvent(event.type)) throw new Error(`event ${event.type} notifies agents: append it with appendEvents`);
  const row = eventRow(event);
  return sql`insert into ${ticketEvents} (ticket_id, type, actor, data, created_at)
    select ${row.ticketId ?? null}::int, ${row.type}, ${row.actor}, ${JSON.stringify(row.data)}::jsonb, ${row.createdAt!.toISOString()}::timestamptz where ${when}`;
}

/**
 * eventInsertWhen's INSERT as fixed text, for a statement built from strings: its five
 * parameters ($n … $n+4, in this order: ticket id, type, actor, data, created at) and the
 * condition are the caller's. The values are `eventInsertParams`'.
 */
export function eventInsertWhenText(first: number, when: string): string {
  const [a, b, c, d, e] = [first, first + 1, first + 2, first + 3, first + 4];
  return `insert into "ticket_events" (ticket_id, type, actor, data, created_at)
    select $${a}::int, $${b}, $${c}, $${d}::jsonb, $${e}::timestamptz where ${when}`;
}

/** The five parameters of eventInsertWhenText, as eventInsertWhen passes them. */
export function eventInsertParams(event: NewEvent): [number | null, string, string, string, string] {
  if (notificationForEvent(event.type)) throw new Error(`event ${event.type} notifies agents: append it with appendEvents`);
  const row = eventRow(event);
  return [row.ticketId ?? null, row.type, row.actor, JSON.stringify(row.data), row.createdAt!.toISOString()];
}

const deferred = new WeakMap<DbOrTx, EventRow[]>();

/**
 * From now on this transaction's events are held back and written by its last statement
 * (`deferredEventRows`, written by finishMessage), in the order they were appended. For a transaction that never reads
 * the audit log back (the pipeline's): one round trip fewer per event.
 */
export function deferEvents(tx: DbOrTx): void {
  deferred.set(tx, []);
}

/** The held-back events (and their agents' notifications) as rows for the transaction's last statement (finishMessage). */
export function deferredEventRows(tx: DbOrTx): { events: EventRow[]; notifications: { ticketId: number; kind: NotificationKind }[] } {
  const rows = deferred.get(tx) ?? [];
  deferred.set(tx, []);
  if (rows.length === 0) return { events: [], notifications: [] };
  const notified = notificationsOf(rows.map((row) => ({ ticketId: row.ticketId ?? null, type: row.type })));
  if (notified.length > 0) noteNotificationsRecorded(tx);
  return { events: rows, notifications: notified };
}

/**
 * Chains every committed row not sealed yet. One sealer at a time (transaction advisory lock);
 * returns how many rows it sealed. Safe to call from any process, as often as wanted.
 */
export async function sealEvents(db: DbOrTx, options: { probe?: boolean } = {}): Promise<number> {
  let sealed = 0;
  // Most idle ticks find nothing to seal: one statement says so, without a transaction and the
  // chain lock. Under load (the caller's last tick sealed rows: `probe: false`) rows are almost
  // always waiting, so the tick goes straight to its transaction.
  if (options.probe !== false) {
    const [waiting] = await db.select({ id: ticketEvents.id }).from(ticketEvents).where(isNull(ticketEvents.hash)).limit(1);
    if (!waiting) return 0;
  }
  for (;;) {
    const count = await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
      // The rows to seal and the chain's last link, in one read once the lock is held.
      const pending = await tx
        .select({
          ...getTableColumns(ticketEvents),
          lastSeq: sql<string | number | null>`(select e.seq from ticket_events e where e.seq is not null order by e.seq desc limit 1)`,
          lastHash: sql<string | null>`(select e.hash from ticket_events e where e.seq is not null order by e.seq desc limit 1)`,
        })
        .from(ticketEvents)
        .where(isNull(ticketEvents.hash))
        .orderBy(asc(ticketEvents.id))
        .limit(SEAL_BATCH);
      if (pending.length === 0) return 0;
      const last = pending[0]!.lastSeq === null ? null : { seq: Number(pending[0]!.lastSeq), hash: pending[0]!.lastHash };
      let seq = last?.seq ?? 0;
      let prevHash = last?.hash ?? GENESIS;
      const seals = pending.map(({ lastSeq: _seq, lastHash: _hash, ...row }) => {
        seq += 1;
        const hash = eventDigest({ ...row, prevHash });
        const seal = { id: row.id, seq, prevHash, hash };
        prevHash = hash;
        return seal;
      });
      // One UPDATE for the whole batch (the append-only trigger still checks each row).
      const values = sql.join(
        seals.map((seal) => sql`(${seal.id}::bigint, ${seal.seq}::bigint, ${seal.prevHash}::text, ${seal.hash}::text)`),
        sql`, `,
      );
      await tx.execute(
        sql`update ${ticketEvents} set seq = v.seq, prev_hash = v.prev_hash, hash = v.hash from (values ${values}) as v(id, seq, prev_hash, hash) where ${ticketEvents.id} = v.id`,
      );
      return pending.length;
    });
    sealed += count;
    if (count < SEAL_BATCH) return sealed;
  }
}

export async function eventsOfTicket(db: DbOrTx, ticketId: number) {
  return db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)).orderBy(asc(ticketEvents.id));
}

/** Sealed events after `afterSeq`, in chain order. */
export async function sealedEventsAfter(db: DbOrTx, afterSeq: number, limit: number) {
  return db.select().from(ticketEvents).where(gt(ticketEvents.seq, afterSeq)).orderBy(asc(ticketEvents.seq)).limit(limit);
}

/** The first event left without a seal, if any. */
export async function firstUnsealedEvent(db: DbOrTx): Promise<{ id: number } | null> {
  const [row] = await db.select({ id: ticketEvents.id }).from(ticketEvents).where(isNull(ticketEvents.seq)).orderBy(asc(ticketEvents.id)).limit(1);
  return row ?? null;
}
