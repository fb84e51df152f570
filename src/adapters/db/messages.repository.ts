import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, like, lt, ne, or, sql } from 'drizzle-orm';
import { countsAuthenticated, type FloodKey } from '../../core/rate-limit.ts';
import type { DbOrTx } from './client.ts';
import { inboundMessages, tickets, type MessageOutcome } from './schema/index.ts';

export interface NewMessage {
  source: 'imap' | 'ingest';
  raw: Buffer;
  rawSha256: string;
  messageIdHeader: string | null;
  mailbox?: string | null;
  uidValidity?: number | null;
  uid?: number | null;
  arrivedAt?: Date | null;
}

/** Stores a message once: the same bytes, or the same mailbox UID, give back the first row. */
export async function insertMessages(db: DbOrTx, rows: NewMessage[]): Promise<{ id: number; created: boolean }[]> {
  if (rows.length === 0) return [];
  const inserted = await db
    .insert(inboundMessages)
    .values(rows.map((row) => ({ ...row, size: row.raw.length })))
    .onConflictDoNothing()
    .returning({ id: inboundMessages.id, rawSha256: inboundMessages.rawSha256 });
  const created = new Map(inserted.map((row) => [row.rawSha256, row.id]));
  const missing = rows.filter((row) => !created.has(row.rawSha256)).map((row) => row.rawSha256);
  const existing = missing.length
    ? await db.select({ id: inboundMessages.id, rawSha256: inboundMessages.rawSha256 }).from(inboundMessages).where(inArray(inboundMessages.rawSha256, missing))
    : [];
  const old = new Map(existing.map((row) => [row.rawSha256, row.id]));
  return rows.map((row) => {
    const id = created.get(row.rawSha256);
    if (id !== undefined) return { id, created: true };
    const previous = old.get(row.rawSha256);
    // Same UID stored earlier with other bytes cannot happen under one UIDVALIDITY; be safe anyway.
    if (previous === undefined) throw new Error('message conflicts with a stored one but could not be found');
    return { id: previous, created: false };
  });
}

export async function findMessage(db: DbOrTx, id: number) {
  const [row] = await db.select().from(inboundMessages).where(eq(inboundMessages.id, id));
  return row ?? null;
}

export interface MessageResult {
  outcome: MessageOutcome;
  kind: string | null;
  reason: string | null;
  ticketId: number | null;
  fromAddress: string | null;
  authenticated?: boolean | null;
  accountId?: number | null;
  analysis: unknown;
  auth: unknown;
  /** Whether the mailbox copy gets the processed action (flag or move). */
  serverAction: boolean;
}

/** Records the outcome once: only a message still 'stored' moves on (compare-and-set). */
export async function finishMessage(db: DbOrTx, id: number, result: MessageResult, now: Date): Promise<boolean> {
  const updated = await db
    .update(inboundMessages)
    .set({
      status: result.outcome === 'quarantined' ? 'quarantined' : 'processed',
      outcome: result.outcome,
      kind: result.kind,
      reason: result.reason,
      ticketId: result.ticketId,
      fromAddress: result.fromAddress,
      fromDomain: result.fromAddress?.split('@')[1] ?? null,
      authenticated: result.authenticated ?? null,
      accountId: result.accountId ?? null,
      analysis: result.analysis,
      auth: result.auth,
      processedAt: now,
      serverActionDoneAt: result.serverAction ? null : now,
    })
    .where(and(eq(inboundMessages.id, id), eq(inboundMessages.status, 'stored')))
    .returning({ id: inboundMessages.id });
  return updated.length === 1;
}

/** Messages of a mailbox whose processed action (flag/move) is still to be done on the server. */
export async function pendingServerActions(db: DbOrTx, mailbox: string, uidValidity: number) {
  return db
    .select({ id: inboundMessages.id, uid: inboundMessages.uid })
    .from(inboundMessages)
    .where(
      and(
        eq(inboundMessages.mailbox, mailbox),
        eq(inboundMessages.uidValidity, uidValidity),
        inArray(inboundMessages.status, ['processed']),
        isNull(inboundMessages.serverActionDoneAt),
      ),
    )
    .limit(500);
}

export async function markServerActionsDone(db: DbOrTx, ids: number[], now: Date): Promise<void> {
  if (ids.length) await db.update(inboundMessages).set({ serverActionDoneAt: now }).where(inArray(inboundMessages.id, ids));
}

export type { FloodKey };

/** Recovery requests of one scope counted since each instant, this message excepted. */
export async function countRecoveryRequests(db: DbOrTx, key: FloodKey, sinces: Date[], exceptId: number): Promise<number[]> {
  const who =
    'address' in key
      ? eq(inboundMessages.fromAddress, key.address)
      : 'domain' in key
        ? and(eq(inboundMessages.fromDomain, key.domain), isNull(inboundMessages.accountId))
        : 'accountId' in key
          ? eq(inboundMessages.accountId, key.accountId)
          : undefined;
  const oldest = sinces.reduce((a, b) => (a < b ? a : b));
  const rows = await db
    .select({ countedAt: inboundMessages.countedAt })
    .from(inboundMessages)
    .where(
      and(who, eq(inboundMessages.authenticated, countsAuthenticated(key.scope)), gte(inboundMessages.countedAt, oldest), ne(inboundMessages.id, exceptId)),
    );
  return sinces.map((since) => rows.filter((row) => row.countedAt && row.countedAt >= since).length);
}

/** Records a recovery request against the flood limits (its scopes are read from these columns). */
export async function markCounted(
  db: DbOrTx,
  id: number,
  marks: { fromAddress: string | null; authenticated: boolean; accountId: number | null },
  now: Date,
): Promise<void> {
  await db
    .update(inboundMessages)
    .set({
      fromAddress: marks.fromAddress,
      fromDomain: marks.fromAddress?.split('@')[1] ?? null,
      authenticated: marks.authenticated,
      accountId: marks.accountId,
      countedAt: now,
    })
    .where(eq(inboundMessages.id, id));
}

export async function storedUidsOf(db: DbOrTx, mailbox: string, uidValidity: number, uids: number[]): Promise<Set<number>> {
  if (uids.length === 0) return new Set();
  const rows = await db
    .select({ uid: inboundMessages.uid })
    .from(inboundMessages)
    .where(and(eq(inboundMessages.mailbox, mailbox), eq(inboundMessages.uidValidity, uidValidity), inArray(inboundMessages.uid, uids)));
  return new Set(rows.map((row) => row.uid).filter((uid): uid is number => uid !== null));
}

/** Earlier recovery requests with this Message-ID from this sender, already processed, oldest first. */
export async function earlierWithMessageId(db: DbOrTx, exceptId: number, messageIdHeader: string, fromAddress: string) {
  return db
    .select({ id: inboundMessages.id, ticketId: inboundMessages.ticketId, authenticated: inboundMessages.authenticated, dkimBHash: inboundMessages.dkimBHash })
    .from(inboundMessages)
    .where(
      and(
        eq(inboundMessages.messageIdHeader, messageIdHeader),
        eq(inboundMessages.fromAddress, fromAddress),
        eq(inboundMessages.status, 'processed'),
        eq(inboundMessages.kind, 'recovery_request'),
        ne(inboundMessages.id, exceptId),
      ),
    )
    .orderBy(inboundMessages.id)
    .limit(20);
}

/**
 * Records this message's DKIM `b=` and returns the first other stored message that carried
 * the same one, if any. Under a lock on the value: two copies processed at once cannot both
 * see none. Committed at once, like the flood count.
 */
export async function claimSignature(db: DbOrTx, id: number, bHash: string) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext('dkim_b'), hashtext(${bHash}))`);
  const [earlier] = await db
    .select({ id: inboundMessages.id, ticketId: inboundMessages.ticketId, messageIdHeader: inboundMessages.messageIdHeader })
    .from(inboundMessages)
    .where(and(eq(inboundMessages.dkimBHash, bHash), ne(inboundMessages.id, id)))
    .orderBy(inboundMessages.id)
    .limit(1);
  await db.update(inboundMessages).set({ dkimBHash: bHash }).where(eq(inboundMessages.id, id));
  return earlier ?? null;
}

/** Reasons of mail held back from the pipeline although it was read: agents see it (SPEC §6 rule 16). */
export const HELD_REASONS = ['duplicate_message_id', 'dkim_replay'] as const;

/** Throttled, duplicate and replayed messages, newest first. */
export async function heldMessages(db: DbOrTx, limit = 500) {
  return db
    .select({
      id: inboundMessages.id,
      reason: inboundMessages.reason,
      kind: inboundMessages.kind,
      fromAddress: inboundMessages.fromAddress,
      authenticated: inboundMessages.authenticated,
      accountId: inboundMessages.accountId,
      ticketId: inboundMessages.ticketId,
      messageIdHeader: inboundMessages.messageIdHeader,
      receivedAt: inboundMessages.receivedAt,
      processedAt: inboundMessages.processedAt,
    })
    .from(inboundMessages)
    .where(and(eq(inboundMessages.outcome, 'ignored'), or(like(inboundMessages.reason, 'throttled\\_%'), inArray(inboundMessages.reason, [...HELD_REASONS]))))
    .orderBy(desc(inboundMessages.id))
    .limit(limit);
}

/**
 * Serialises the flood count of one scope key until the caller's transaction ends: without it,
 * concurrent jobs all see room under the limit and all pass.
 */
export async function lockFloodKey(db: DbOrTx, lockKey: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext('flood'), hashtext(${lockKey}))`);
}

/** The messages of a ticket, raw bytes included (null once purged), in arrival order. */
export async function messagesOfTicket(db: DbOrTx, ticketId: number) {
  return db
    .select({
      id: inboundMessages.id,
      raw: inboundMessages.raw,
      receivedAt: inboundMessages.receivedAt,
      fromAddress: inboundMessages.fromAddress,
      auth: inboundMessages.auth,
    })
    .from(inboundMessages)
    .where(eq(inboundMessages.ticketId, ticketId))
    .orderBy(asc(inboundMessages.id));
}

/** Messages stored before `due` and not processed yet. */
export async function unprocessedBefore(db: DbOrTx, due: Date, limit: number): Promise<{ id: number }[]> {
  return db
    .select({ id: inboundMessages.id })
    .from(inboundMessages)
    .where(and(eq(inboundMessages.status, 'stored'), lt(inboundMessages.receivedAt, due)))
    .orderBy(inboundMessages.id)
    .limit(limit);
}

const CLOSED = ['done', 'rejected', 'cancelled', 'unmatched'] as const;

/** Drops the raw bytes of messages whose ticket closed (or that had none) before the cutoff; verdicts stay. */
export async function purgeRawBefore(db: DbOrTx, cutoff: Date, now: Date): Promise<number[]> {
  const closedTickets = db
    .select({ id: tickets.id })
    .from(tickets)
    // A plain sql`` expression has no column type for drizzle to map a Date with: pass the
    // instant as text and cast it (a Date here made every purge fail).
    .where(and(inArray(tickets.status, [...CLOSED]), sql`coalesce(${tickets.closedAt}, ${tickets.updatedAt}) < ${cutoff.toISOString()}::timestamptz`));
  const purged = await db
    .update(inboundMessages)
    .set({ raw: null, rawPurgedAt: now })
    .where(
      and(
        isNotNull(inboundMessages.raw),
        or(
          inArray(inboundMessages.ticketId, closedTickets),
          and(isNull(inboundMessages.ticketId), inArray(inboundMessages.status, ['processed', 'quarantined']), lt(inboundMessages.processedAt, cutoff)),
        ),
      ),
    )
    .returning({ id: inboundMessages.id });
  return purged.map((p) => p.id);
}

/** How many messages wait to be processed, and the age in seconds of the oldest. */
export async function unprocessedSummary(db: DbOrTx): Promise<{ n: number; age: number | null } | null> {
  const [row] = await db.execute<{ n: number; age: number | null }>(
    sql`select count(*)::int as n, extract(epoch from now() - min(received_at))::float as age from inbound_messages where status = 'stored'`,
  );
  return row ?? null;
}
