import { and, asc, desc, eq, getTableColumns, gte, inArray, isNotNull, isNull, like, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { countsAuthenticated, type FloodKey } from '../../core/rate-limit.ts';
import type { DbOrTx } from './client.ts';
import { BinaryCopyRows, copyRowsIn, copyRowsOut, inTransaction, RawAssembly, READ_SLICE_BYTES, sqlOf, type CopyValue } from './raw-transport.ts';
import { inboundMessages, tickets, type MessageOutcome, type MessageStatus } from './schema/index.ts';
import { ticketsFromJson, type ReservedTicket, type TicketRow } from './tickets.repository.ts';
import type { EventRow } from './events.repository.ts';
import type { NewOutbox } from './outbox.repository.ts';
import { storableJson } from '../../core/storable-text.ts';

export interface NewMessage {
  source: 'imap' | 'ingest';
  raw: Buffer;
  rawSha256: string;
  messageIdHeader: string | null;
  mailbox?: string | null;
  uidValidity?: number | null;
  uid?: number | null;
  arrivedAt?: Date | null;
  /** The reader's previous look, when the internal date is older than it (see the column). */
  appearedAfter?: Date | null;
}

/**
 * Stores a message once: the same bytes, or the same mailbox UID, give back the first row.
 * The one writer of `raw`. New rows go in through one binary COPY (raw bytes as they are, in
 * slices: raw-transport.ts), after one statement that finds the rows already stored and
 * reserves ids for the others. A row stored meanwhile by someone else makes the COPY fail as a
 * whole; outside a transaction the batch then goes through INSERT … ON CONFLICT DO NOTHING,
 * which settles it row by row (inside one, the caller's transaction is aborted: it retries).
 */
export async function insertMessages(db: DbOrTx, rows: NewMessage[]): Promise<{ id: number; created: boolean }[]> {
  if (rows.length === 0) return [];
  const [found] = await db.execute<{ existing: { id: number; sha: string }[]; ids: number[] | null }>(sql`select
    coalesce((select json_agg(json_build_object('id', ${inboundMessages.id}, 'sha', ${inboundMessages.rawSha256})) from ${inboundMessages}
      where ${inArray(inboundMessages.rawSha256, [...new Set(rows.map((row) => row.rawSha256))])}), '[]'::json) as existing,
    (select json_agg(nextval(pg_get_serial_sequence('inbound_messages', 'id'))) from generate_series(1, ${rows.length}::int)) as ids`);
  const ids = new Map((found?.existing ?? []).map((row) => [row.sha, { id: Number(row.id), created: false }]));
  const fresh = (found?.ids ?? []).map(Number);
  const copied: (NewMessage & { id: number })[] = [];
  for (const row of rows) {
    if (ids.has(row.rawSha256)) continue;
    const id = fresh[copied.length]!;
    ids.set(row.rawSha256, { id, created: true });
    copied.push({ ...row, id });
  }
  try {
    await copyRowsIn(db, 'inbound_messages', [...COPY_COLUMNS], copied.map(copyRowOf));
  } catch (error) {
    if ((error as { code?: string }).code !== '23505' || inTransaction(db)) throw error;
    return insertMessagesOneByOne(db, rows);
  }
  return rows.map((row) => ids.get(row.rawSha256)!);
}

const COPY_COLUMNS = [
  'id',
  'source',
  'mailbox',
  'uid_validity',
  'uid',
  'message_id_header',
  'raw',
  'raw_sha256',
  'size',
  'arrived_at',
  'appeared_after',
] as const;
function copyRowOf(row: NewMessage & { id: number }): CopyValue[] {
  return [
    { type: 'int8', value: row.id },
    { type: 'text', value: row.source },
    { type: 'text', value: row.mailbox ?? null },
    { type: 'int8', value: row.uidValidity ?? null },
    { type: 'int8', value: row.uid ?? null },
    { type: 'text', value: row.messageIdHeader },
    { type: 'bytea', value: row.raw },
    { type: 'text', value: row.rawSha256 },
    { type: 'int4', value: row.raw.length },
    { type: 'timestamptz', value: row.arrivedAt ?? null },
    { type: 'timestamptz', value: row.appearedAfter ?? null },
  ];
}

/** The fallback when a COPY met a row stored meanwhile: each row inserted unless it exists (bytes as hex). */
async function insertMessagesOneByOne(db: DbOrTx, rows: NewMessage[]): Promise<{ id: number; created: boolean }[]> {
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

/** A stored message's row without its raw bytes (they are read only to be processed: messageToProcess). */
export async function findMessage(db: DbOrTx, id: number) {
  const { raw: _raw, ...columns } = getTableColumns(inboundMessages);
  const [row] = await db.select(columns).from(inboundMessages).where(eq(inboundMessages.id, id));
  return row ?? null;
}

/**
 * What processing needs of a stored message (one statement; no verdict columns). The one reader
 * of `raw` for processing: the bytes come in slices (raw-transport.ts), and only while the
 * message is still 'stored' (a message already processed sends none back) and no larger than
 * `maxBytes` (a message over the size limit is quarantined on its size: `rawBytes`, no bytes).
 */
export async function messageToProcess(db: DbOrTx, id: number, options: { maxBytes?: number } = {}) {
  return (await readToProcess(db, `m.id = ${integerLiteral(id)}`, options.maxBytes)).get(id) ?? null;
}

/**
 * messageToProcess for several messages in one statement (a batch job): the same columns and
 * the same rule for the raw bytes, by id. An id with no stored row is absent from the map.
 */
export async function messagesToProcess(db: DbOrTx, ids: number[], options: { maxBytes?: number } = {}) {
  return readToProcess(db, `m.id = any('{${ids.map(integerLiteral).join(',')}}'::bigint[])`, options.maxBytes);
}

export type MessageToProcess = NonNullable<Awaited<ReturnType<typeof messageToProcess>>>;

/** An integer written into the COPY's text (COPY takes no parameters): ids and a byte limit, never text. */
function integerLiteral(value: number): string {
  const integer = Math.trunc(value);
  if (!Number.isSafeInteger(integer)) throw new Error(`not an integer: ${value}`);
  return String(integer);
}

async function readToProcess(db: DbOrTx, where: string, maxBytes: number | undefined) {
  const m = inboundMessages;
  const found = new Map<number, { row: ToProcessRow; raw: RawAssembly }>();
  const rows = new BinaryCopyRows(TO_PROCESS_COLUMNS, (fields) => {
    const id = Number(fields[0]!.readBigInt64BE(0));
    let entry = found.get(id);
    if (!entry) found.set(id, (entry = { row: toProcessRow(id, fields), raw: new RawAssembly() }));
    entry.raw.addBytes(int4(fields[10]!), int4(fields[12]!), fields[11] ?? null);
  });
  await copyRowsOut(db, toProcessCopy(where, maxBytes ?? MAX_INT4), (chunk) => rows.push(chunk));
  rows.done();
  const result = new Map<number, ReturnType<typeof toProcess>>();
  for (const [id, { row, raw }] of found) result.set(id, toProcess(m, row, raw));
  return result;
}

function toProcess(m: typeof inboundMessages, found: ToProcessRow, raw: RawAssembly) {
  return {
    id: found.id,
    status: found.status,
    outcome: found.outcome,
    kind: found.kind,
    reason: found.reason,
    ticketId: found.ticket_id,
    messageIdHeader: found.message_id_header,
    receivedAt: m.receivedAt.mapFromDriverValue(found.received_at) as Date,
    arrivedAt: found.arrived_at === null ? null : (m.arrivedAt.mapFromDriverValue(found.arrived_at) as Date),
    appearedAfter: found.appeared_after === null ? null : (m.appearedAfter.mapFromDriverValue(found.appeared_after) as Date),
    /** octet_length(raw): null when purged (or not asked: processed already). */
    rawBytes: found.raw_bytes,
    raw: raw.done(),
  };
}

const MAX_INT4 = 2 ** 31 - 1;

interface ToProcessRow {
  id: number;
  status: MessageStatus;
  outcome: MessageOutcome | null;
  kind: string | null;
  reason: string | null;
  ticket_id: number | null;
  message_id_header: string | null;
  received_at: string;
  arrived_at: string | null;
  raw_bytes: number | null;
  appeared_after: string | null;
}

const text = (field: Buffer | null) => (field === null ? null : field.toString('utf8'));
const int4 = (field: Buffer | null) => (field === null ? null : field.readInt32BE(0));

/** A row's columns but the raw slice (the same on each of its rows), in toProcessCopy's order. */
function toProcessRow(id: number, fields: (Buffer | null)[]): ToProcessRow {
  return {
    id,
    status: text(fields[1]!) as MessageStatus,
    outcome: text(fields[2]!) as MessageOutcome | null,
    kind: text(fields[3]!),
    reason: text(fields[4]!),
    ticket_id: int4(fields[5]!),
    message_id_header: text(fields[6]!),
    received_at: text(fields[7]!)!,
    arrived_at: text(fields[8]!),
    raw_bytes: int4(fields[9]!),
    appeared_after: text(fields[13]!),
  };
}

const TO_PROCESS_COLUMNS = 14;

// One row per slice of the raw bytes (one row with no slice when there are none to send), as
// COPY's binary rows: the slices come as the bytes they are (1.0× on the wire, no base64 string
// per row to decode), the numbers as binary int4/int8 and the rest as text (the timestamps in
// their text form, mapped by drizzle's columns as before). The value is detoasted once (`|| ''`,
// in a subquery kept apart by `offset 0`): sliced in place, a compressed value is decompressed
// from its start again for every slice (a 50 MB message took minutes). No ORDER BY (it would
// sort the slices): each one says where it goes. COPY takes no parameters: the ids and the byte
// limit are integers written into the text (integerLiteral).
const toProcessCopy = (where: string, maxBytes: number) => `copy (select m.id, m.status::text, m.outcome::text, m.kind::text, m.reason::text, m.ticket_id::int4,
    m.message_id_header::text, m.received_at::text, m.arrived_at::text,
    d.raw_bytes::int4, octet_length(d.raw)::int4 as raw_size, substring(d.raw from s.at for ${READ_SLICE_BYTES}) as slice, (s.at - 1)::int4 as slice_at,
    m.appeared_after::text
  from inbound_messages m
  cross join lateral (select case when m.status = 'stored' then octet_length(m.raw) end as raw_bytes,
    case when m.status = 'stored' and octet_length(m.raw) <= ${integerLiteral(maxBytes)} then m.raw || ''::bytea end as raw offset 0) d
  left join lateral generate_series(1, octet_length(d.raw), ${READ_SLICE_BYTES}) s(at) on true
  where ${where}) to stdout (format binary)`;

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
  /** The message's aligned DKIM `b=` hashes, sorted (claimed under their locks in the same transaction). */
  dkimBHashes?: string[];
  /** Counted against the flood limits at this instant (under their locks, same transaction). */
  countedAt?: Date | null;
}

/** The columns an outcome sets, derived once for both writers (finishMessage, finishMessages). */
function outcomeColumns(result: MessageResult) {
  return {
    status: result.outcome === 'quarantined' ? ('quarantined' as const) : ('processed' as const),
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
  };
}

/** The rows a request's transaction writes with its outcome, in the order they were made. */
export interface OutcomeRows {
  tickets: TicketRow[];
  events: EventRow[];
  notifications: { ticketId: number; kind: string }[];
  outbox: NewOutbox[];
}

/**
 * Records the outcome once: only a message still 'stored' moves on (compare-and-set).
 * `rows`: what the transaction held back (a new ticket, audit events, agents' notifications,
 * replies), written by the same statement, whose RETURNING gives the replies' ids (those
 * queued: a reply whose dedupe key exists is not). Null when the message had been processed
 * already. One fixed text either way (prepared once per connection), the rows as JSON.
 */
export async function finishMessage(
  db: DbOrTx,
  id: number,
  result: MessageResult,
  now: Date,
  rows: OutcomeRows = { tickets: [], events: [], notifications: [], outbox: [] },
): Promise<{ outboxIds: number[] } | null> {
  // storableJson: a NUL or a lone surrogate in the sender's text would make jsonb refuse the statement.
  const values = storableJson([finishValue(id, result)]);
  if (rows.tickets.length + rows.events.length + rows.notifications.length + rows.outbox.length === 0) {
    const moved = await sqlOf(db).unsafe<{ id: string }[]>(FINISH_MANY, [values, now.toISOString()], { prepare: true });
    return moved.length === 1 ? { outboxIds: [] } : null;
  }
  const params = [
    storableJson(rows.tickets),
    storableJson(rows.events),
    storableJson(rows.notifications),
    storableJson(rows.outbox),
    values,
    now.toISOString(),
  ];
  const moved = await sqlOf(db).unsafe<{ id: string; outbox_ids: (string | number)[] }[]>(FINISH_WITH, params, { prepare: true });
  const [row] = moved;
  return moved.length === 1 && row ? { outboxIds: (row.outbox_ids ?? []).map(Number) } : null;
}

/**
 * finishMessage for several messages in one statement, each with its own compare-and-set: only
 * rows still 'stored' move on. For outcomes that write nothing alongside (no events, replies or
 * tickets). Returns the ids it moved; an id missing from it had been processed already.
 */
export async function finishMessages(db: DbOrTx, entries: { id: number; result: MessageResult }[], now: Date): Promise<Set<number>> {
  if (entries.length === 0) return new Set();
  const values = entries.map(({ id, result }) => finishValue(id, result));
  const rows = await sqlOf(db).unsafe<{ id: string }[]>(FINISH_MANY, [storableJson(values), now.toISOString()], { prepare: true });
  return new Set(rows.map((row) => Number(row.id)));
}

/** One entry of the outcome UPDATE's JSON recordset. */
function finishValue(id: number, result: MessageResult) {
  return {
    id,
    ...outcomeColumns(result),
    serverAction: result.serverAction,
    dkimBHashes: result.dkimBHashes?.length ? result.dkimBHashes : null,
    countedAt: result.countedAt?.toISOString() ?? null,
  };
}

/**
 * The outcome's UPDATE, fixed text (no query building per message): a compare-and-set for each
 * entry of a JSON recordset. `values` and `now` are where its two parameters go.
 */
export const finishText = (
  values: string,
  now: string,
) => `update inbound_messages m set status = v.status, outcome = v.outcome, kind = v.kind, reason = v.reason,
    ticket_id = v."ticketId", from_address = v."fromAddress", from_domain = v."fromDomain", authenticated = v.authenticated,
    account_id = v."accountId", analysis = v.analysis, auth = v.auth, processed_at = ${now}::timestamptz,
    server_action_done_at = case when v."serverAction" then null else ${now}::timestamptz end,
    dkim_b_hashes = coalesce(v."dkimBHashes", m.dkim_b_hashes),
    counted_at = coalesce(v."countedAt", m.counted_at)
  from json_to_recordset(${values}::json) as v(id bigint, status text, outcome text, kind text, reason text, "ticketId" int,
    "fromAddress" text, "fromDomain" text, authenticated boolean, "accountId" int, analysis jsonb, auth jsonb,
    "serverAction" boolean, "dkimBHashes" text[], "countedAt" timestamptz)
  where m.id = v.id and m.status = 'stored'`;
const FINISH_MANY = `${finishText('$1', '$2')} returning m.id`;
// A value of a JSON row (jsonb_array_elements' `e.j`): text, or null when absent or JSON null.
const field = (key: string) => `(e.j->>'${key}')`;
// A jsonb column's value: SQL null when absent or JSON null (drizzle sends null), else the JSON value itself.
const json = (key: string) => `nullif(e.j->'${key}', 'null'::jsonb)`;
// A NOT NULL column with a default takes it when the row leaves the column out, as drizzle's
// insert does (it writes DEFAULT for an undefined value); other columns take null.
/**
 * The outcome of a transaction that wrote rows alongside it: the rows held back (tickets,
 * audit events, notifications, replies: $1–$4, JSON arrays of rows in their TypeScript shape)
 * inserted by data-modifying CTEs, each table's rows in the order given, then the outcome's
 * UPDATE ($5, $6, as FINISH_MANY). Fixed text: no query building per message, one plan per
 * connection. The replies' INSERT skips a dedupe key already queued and returns the ids.
 */
export const FINISH_WITH = `with
  held_tickets as (
    insert into tickets (id, ref, status, account_id, sender_address, kind, language, fields, snippets, missing, signals,
      thread_message_id, thread_references, confirm_token_hash, confirm_expires_at, confirmed_at, reset_due_at,
      cancel_token_hash, created_at, updated_at, closed_at)
    select ${field('id')}::int, ${field('ref')}, ${field('status')}, ${field('accountId')}::int, ${field('senderAddress')},
      ${field('kind')}, ${field('language')}, ${json('fields')}, coalesce(${json('snippets')}, '{}'::jsonb), ${json('missing')},
      ${json('signals')}, ${field('threadMessageId')}, coalesce(${json('threadReferences')}, '[]'::jsonb),
      ${field('confirmTokenHash')}, ${field('confirmExpiresAt')}::timestamptz, ${field('confirmedAt')}::timestamptz,
      ${field('resetDueAt')}::timestamptz, ${field('cancelTokenHash')}, coalesce(${field('createdAt')}::timestamptz, now()),
      coalesce(${field('updatedAt')}::timestamptz, now()), ${field('closedAt')}::timestamptz
    from jsonb_array_elements($1::jsonb) with ordinality as e(j, n) order by e.n),
  held_events as (
    insert into ticket_events (ticket_id, type, actor, data, created_at)
    select ${field('ticketId')}::int, ${field('type')}, ${field('actor')}, coalesce(${json('data')}, '{}'::jsonb),
      coalesce(${field('createdAt')}::timestamptz, now())
    from jsonb_array_elements($2::jsonb) with ordinality as e(j, n) order by e.n),
  held_notifications as (
    insert into notifications (ticket_id, kind)
    select ${field('ticketId')}::int, ${field('kind')}
    from jsonb_array_elements($3::jsonb) with ordinality as e(j, n) order by e.n),
  replies as (
    insert into outbox (dedupe_key, ticket_id, kind, language, to_address, subject, body, our_message_id, in_reply_to,
      "references", status, attempts, error, created_at, sent_at)
    select ${field('dedupeKey')}, ${field('ticketId')}::int, ${field('kind')}, ${field('language')}, ${field('toAddress')},
      ${field('subject')}, ${field('body')}, ${field('ourMessageId')}, ${field('inReplyTo')},
      coalesce(${json('references')}, '[]'::jsonb), coalesce(${field('status')}, 'pending'), coalesce(${field('attempts')}::int, 0),
      ${field('error')}, coalesce(${field('createdAt')}::timestamptz, now()), ${field('sentAt')}::timestamptz
    from jsonb_array_elements($4::jsonb) with ordinality as e(j, n) order by e.n
    on conflict (dedupe_key) do nothing
    returning id)
${finishText('$5', '$6')}
  returning m.id, (select coalesce(array_agg(replies.id order by replies.id), '{}') from replies) as outbox_ids`;

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

export async function storedUidsOf(db: DbOrTx, mailbox: string, uidValidity: number, uids: number[]): Promise<Set<number>> {
  if (uids.length === 0) return new Set();
  const rows = await db
    .select({ uid: inboundMessages.uid })
    .from(inboundMessages)
    .where(and(eq(inboundMessages.mailbox, mailbox), eq(inboundMessages.uidValidity, uidValidity), inArray(inboundMessages.uid, uids)));
  return new Set(rows.map((row) => row.uid).filter((uid): uid is number => uid !== null));
}

/** An advisory lock held until the transaction ends: a DKIM signature, a flood scope, an account's work. */
export type WorkLock = { ns: 'dkim_b' | 'flood'; key: string } | { ns: 'account'; id: number };

export interface GateInput {
  id: number;
  /** Look for another message with any of these DKIM `b=` hashes (their signature locks are held). */
  bHashes: string[];
  /** Look for earlier processed requests with this Message-ID from this sender. */
  messageId: { header: string; sender: string } | null;
  /** Count recovery requests of each scope since each instant (the scopes' locks are held). */
  flood: { key: FloodKey; sinces: Date[] }[];
  /** Read this account's row (its work lock is held). */
  accountId: number | null;
  /** Read and lock every ticket of this account. */
  ticketsOfAccount: number | null;
  /** Draw the id and ref number of a ticket the message may open. */
  reserveTicket?: boolean;
}

/** What a request's ticket needs of its account's row. */
export interface AccountOfRequest {
  id: number;
  email: string;
  emailChangedAt: Date | null;
  recoveryLockedUntil: Date | null;
}

export interface GateAnswer {
  signatureEarlier: { id: number; ticketId: number | null; messageIdHeader: string | null } | null;
  earlierWithMessageId: { id: number; ticketId: number | null; authenticated: boolean | null; dkimBHashes: string[] }[];
  floodCounts: number[][];
  account: AccountOfRequest | null;
  /** The account's tickets, newest first, locked; null when not asked. */
  tickets: TicketRow[] | null;
  /** The id and ref number drawn for a ticket the message may open; null when not asked. */
  newTicket: ReservedTicket | null;
}

/**
 * What decides whether a message is acted on, read in the statement that takes its locks (all of
 * them at once, in one global order, so two transactions cannot deadlock on them whatever their
 * mix): the first other message with its signature, earlier copies under its Message-ID, the
 * flood counts of each scope (this message excepted), the account and its tickets. The read runs
 * once every lock is held, with a snapshot of its own (recovery_desk_locked_read, migration 0012).
 */
export async function readGate(db: DbOrTx, input: GateInput, locks: WorkLock[] = []): Promise<GateAnswer> {
  const read = gateRead(input);
  if (read === null && locks.length === 0)
    return { signatureEarlier: null, earlierWithMessageId: [], floodCounts: [], account: null, tickets: null, newTicket: null };
  const lockList = storableJson(locks.map((lock) => (lock.ns === 'account' ? [lock.ns, null, lock.id] : [lock.ns, lock.key, null])));
  const [answer] = await sqlOf(db).unsafe<{ gate: Record<string, unknown> | null }[]>(
    LOCKED_READ,
    [lockList, read?.sql ?? null, storableJson(read?.params ?? [])],
    { prepare: true },
  );
  const row = answer?.gate ?? null;
  return {
    signatureEarlier: (row?.signature as GateAnswer['signatureEarlier']) ?? null,
    earlierWithMessageId: (row?.earlier as GateAnswer['earlierWithMessageId']) ?? [],
    floodCounts: input.flood.map((_, index) => ((row?.[`flood${index}`] as number[] | null) ?? []).map(Number)),
    account: accountFromJson(row?.account),
    tickets: input.ticketsOfAccount !== null ? ticketsFromJson(row?.tickets) : null,
    newTicket: reservedFromJson(row?.new_ticket),
  };
}

const LOCKED_READ = 'select recovery_desk_locked_read($1::json, $2::text, $3::json) as gate';

/**
 * The gate's read as recovery_desk_locked_read runs it: fixed text with the asked columns, its
 * parameters as text in one array (`$1[n]`). Built from strings, not by drizzle (~130 µs per
 * request); `test/unit/gate-read.test.ts` pins it to drizzle's building, text and parameters.
 */
export function gateRead(input: GateInput): { sql: string; params: (string | null)[] } | null {
  const params: (string | null)[] = [];
  const p = (value: string | number | boolean) => {
    params.push(String(value));
    return `$1[${params.length}]`;
  };
  const m = '"inbound_messages"';
  const columns: string[] = [];
  if (input.bHashes.length > 0)
    columns.push(`(select json_build_object('id', ${m}."id", 'ticketId', ${m}."ticket_id", 'messageIdHeader', ${m}."message_id_header")
      from ${m} where ${m}."dkim_b_hashes" && ${p(textArray(input.bHashes))}::text[] and ${m}."id" <> ${p(input.id)}::bigint order by ${m}."id" limit 1) as signature`);
  if (input.messageId)
    columns.push(`(select coalesce(json_agg(json_build_object('id', e.id, 'ticketId', e.ticket_id, 'authenticated', e.authenticated, 'dkimBHashes', coalesce(e.dkim_b_hashes, '{}')) order by e.id), '[]'::json)
      from (select ${m}."id" as id, ${m}."ticket_id" as ticket_id, ${m}."authenticated" as authenticated, ${m}."dkim_b_hashes" as dkim_b_hashes from ${m}
            where ${m}."message_id_header" = ${p(input.messageId.header)}::text and ${m}."from_address" = ${p(input.messageId.sender)}::text and ${m}."status" = 'processed'
              and ${m}."kind" = 'recovery_request' and ${m}."id" <> ${p(input.id)}::bigint order by ${m}."id" limit 20) e) as earlier`);
  input.flood.forEach(({ key, sinces }, index) => {
    const oldest = sinces.reduce((a, b) => (a < b ? a : b));
    const counts = sinces.map((since) => `(count(*) filter (where ${m}."counted_at" >= ${p(since.toISOString())}::timestamptz))::int`).join(', ');
    const scope =
      'address' in key
        ? `${m}."from_address" = ${p(key.address)}::text and `
        : 'domain' in key
          ? `${m}."from_domain" = ${p(key.domain)}::text and ${m}."account_id" is null and `
          : 'accountId' in key
            ? `${m}."account_id" = ${p(key.accountId)}::int and `
            : '';
    columns.push(`(select array[${counts}] from ${m} where ${scope}${m}."authenticated" = ${p(countsAuthenticated(key.scope))}::boolean
    and ${m}."counted_at" >= ${p(oldest.toISOString())}::timestamptz and ${m}."id" <> ${p(input.id)}::bigint) as flood${index}`);
  });
  if (input.accountId !== null)
    columns.push(`(select json_build_object('id', "accounts"."id", 'email', "accounts"."email", 'emailChangedAt', "accounts"."email_changed_at",
      'recoveryLockedUntil', "accounts"."recovery_locked_until") from "accounts" where "accounts"."id" = ${p(input.accountId)}::int) as account`);
  if (input.ticketsOfAccount !== null)
    columns.push(
      `(select coalesce(jsonb_agg(to_jsonb(t)), '[]'::jsonb) from (select * from "tickets" where "tickets"."account_id" = ${p(input.ticketsOfAccount)}::int order by "tickets"."id" for update) t) as tickets`,
    );
  // Draws a ticket id and ref number (json: {id, refNumber}).
  if (input.reserveTicket)
    columns.push(`json_build_object('id', nextval(pg_get_serial_sequence('tickets', 'id')), 'refNumber', nextval('ticket_ref_seq')) as new_ticket`);
  return columns.length ? { sql: `select row_to_json(g) from (select ${columns.join(', ')}) g`, params } : null;
}

function textArray(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

function reservedFromJson(value: unknown): ReservedTicket | null {
  const json = value as { id: number | string; refNumber: number | string } | null | undefined;
  return json ? { id: Number(json.id), refNumber: Number(json.refNumber) } : null;
}

function accountFromJson(value: unknown): AccountOfRequest | null {
  const json = value as { id: number; email: string; emailChangedAt: string | null; recoveryLockedUntil: string | null } | null | undefined;
  if (!json) return null;
  const date = (text: string | null) => (text === null ? null : new Date(text));
  return { id: Number(json.id), email: json.email, emailChangedAt: date(json.emailChangedAt), recoveryLockedUntil: date(json.recoveryLockedUntil) };
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

/** The messages of a ticket, raw bytes included (null once purged), in arrival order. */
export async function messagesOfTicket(db: DbOrTx, ticketId: number) {
  return db
    .select({
      id: inboundMessages.id,
      raw: inboundMessages.raw,
      receivedAt: inboundMessages.receivedAt,
      fromAddress: inboundMessages.fromAddress,
      auth: inboundMessages.auth,
      authenticated: inboundMessages.authenticated,
      reason: inboundMessages.reason,
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
