import { and, asc, desc, eq, getTableColumns, gt, inArray, lt, ne, sql, type SQL } from 'drizzle-orm';
import { notificationForStatus } from '../../core/notify.ts';
import { formatTicketRef, OPEN_STATUSES, type TicketStatus } from '../../core/ticket-status.ts';
import type { DbOrTx } from './client.ts';
import { holdRows, holdsWrites } from './held-writes.ts';
import { recordNotifications } from './notifications.repository.ts';
import { accounts, tickets } from './schema/index.ts';

export type TicketRow = typeof tickets.$inferSelect;
export type NewTicket = Omit<typeof tickets.$inferInsert, 'id' | 'ref'>;

/** A ticket id and ref number drawn ahead (with the gate read) for a ticket the transaction may open. */
export interface ReservedTicket {
  id: number;
  refNumber: number;
}

/**
 * Opens a ticket. With ids drawn ahead, in a transaction that holds its writes, the row is
 * written by the transaction's last statement and built here as the INSERT would return it.
 */
export async function insertTicket(db: DbOrTx, ticket: NewTicket, now: Date, reserved: ReservedTicket | null = null): Promise<TicketRow> {
  if (reserved && holdsWrites(db)) {
    const row: TicketRow = {
      confirmTokenHash: null,
      confirmExpiresAt: null,
      confirmedAt: null,
      resetDueAt: null,
      cancelTokenHash: null,
      closedAt: null,
      accountId: null,
      language: null,
      threadMessageId: null,
      snippets: {},
      threadReferences: [],
      ...ticket,
      id: reserved.id,
      ref: formatTicketRef(now.getUTCFullYear(), reserved.refNumber),
      createdAt: now,
      updatedAt: now,
    };
    holdRows(db, 'tickets', [row]);
    await notifyStatus(db, row.id, null, row.status);
    return row;
  }
  // The ref's number is drawn by the INSERT itself (core formatTicketRef's format, in SQL).
  const year = String(now.getUTCFullYear());
  const ref = sql<string>`(select 'REC-' || ${year}::text || '-' || lpad(s.n::text, greatest(6, length(s.n::text)), '0') from (select nextval('ticket_ref_seq') as n) s)`;
  const [row] = await db
    .insert(tickets)
    .values({ ...ticket, ref, createdAt: now, updatedAt: now })
    .returning();
  if (!row) throw new Error('ticket insert returned nothing');
  await notifyStatus(db, row.id, null, row.status);
  return row;
}

/** Every ticket of the account, newest first, locked for update (in id order): what a new request of the account is judged on. */
export async function lockTicketsOfAccount(db: DbOrTx, accountId: number): Promise<TicketRow[]> {
  const rows = await db.select().from(tickets).where(eq(tickets.accountId, accountId)).orderBy(asc(tickets.id)).for('update');
  return newestFirst(rows);
}

/** Ticket rows read as json (to_jsonb), in their TypeScript shape, newest first. */
export function ticketsFromJson(value: unknown): TicketRow[] {
  const columns = Object.entries(getTableColumns(tickets));
  const rows = ((value as Record<string, unknown>[] | null) ?? []).map(
    (json) =>
      Object.fromEntries(columns.map(([key, column]) => [key, json[column.name] == null ? null : column.mapFromDriverValue(json[column.name])])) as TicketRow,
  );
  return newestFirst(rows);
}

function newestFirst(rows: TicketRow[]): TicketRow[] {
  return rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
}

export async function findTicketByRef(db: DbOrTx, ref: string): Promise<TicketRow | null> {
  const [row] = await db.select().from(tickets).where(eq(tickets.ref, ref));
  return row ?? null;
}

export async function findTicketById(db: DbOrTx, id: number): Promise<TicketRow | null> {
  const [row] = await db.select().from(tickets).where(eq(tickets.id, id));
  return row ?? null;
}

/** The account's open recovery ticket, locked for update. */
export async function lockOpenTicketOfAccount(db: DbOrTx, accountId: number): Promise<TicketRow | null> {
  const [row] = await db
    .select()
    .from(tickets)
    .where(and(eq(tickets.accountId, accountId), inArray(tickets.status, [...OPEN_STATUSES])))
    .for('update');
  return row ?? null;
}

export async function lockTicketByRef(db: DbOrTx, ref: string): Promise<TicketRow | null> {
  const [row] = await db.select().from(tickets).where(eq(tickets.ref, ref)).for('update');
  return row ?? null;
}

export async function lockTicket(db: DbOrTx, id: number): Promise<TicketRow | null> {
  const [row] = await db.select().from(tickets).where(eq(tickets.id, id)).for('update');
  return row ?? null;
}

/** Compare-and-set: changes the ticket only if it is still in the status the caller saw. */
export async function updateTicket(db: DbOrTx, id: number, expected: TicketStatus, changes: Partial<NewTicket>): Promise<boolean> {
  const rows = await db
    .update(tickets)
    .set({ ...changes, updatedAt: changes.updatedAt ?? new Date() })
    .where(and(eq(tickets.id, id), eq(tickets.status, expected)))
    .returning({ id: tickets.id });
  if (rows.length === 1) await notifyStatus(db, id, expected, changes.status);
  return rows.length === 1;
}

// Every status change goes through insertTicket or updateTicket: the one place agents' notifications
// of a ticket entering review are recorded, in the same transaction as the change.
async function notifyStatus(db: DbOrTx, ticketId: number, from: TicketStatus | null, to: TicketStatus | undefined) {
  const kind = notificationForStatus(from, to);
  if (kind) await recordNotifications(db, [{ ticketId, kind }]);
}

export async function listTickets(db: DbOrTx, status?: TicketStatus) {
  return db
    .select()
    .from(tickets)
    .where(status ? eq(tickets.status, status) : undefined)
    .orderBy(asc(tickets.createdAt), asc(tickets.id));
}

export async function earlierTicketsOfAccount(db: DbOrTx, accountId: number, exceptId: number) {
  return db
    .select({ ref: tickets.ref, status: tickets.status, createdAt: tickets.createdAt })
    .from(tickets)
    .where(and(eq(tickets.accountId, accountId), ne(tickets.id, exceptId)))
    .orderBy(desc(tickets.createdAt));
}

/** Approved tickets whose reset fell due before `due`. */
export async function overdueResets(db: DbOrTx, due: Date, limit: number) {
  return db
    .select({ id: tickets.id, dueAt: tickets.resetDueAt })
    .from(tickets)
    .where(and(eq(tickets.status, 'approved'), lt(tickets.resetDueAt, due)))
    .limit(limit);
}

/** The ticket an unexpired confirmation link belongs to, locked for update. */
export async function lockTicketByConfirmToken(db: DbOrTx, tokenHash: string, now: Date): Promise<TicketRow | null> {
  const [row] = await db
    .select()
    .from(tickets)
    .where(and(eq(tickets.confirmTokenHash, tokenHash), gt(tickets.confirmExpiresAt, now)))
    .for('update');
  return row ?? null;
}

/** The approved ticket a cancel link belongs to while its window runs, locked for update. */
export async function lockTicketByCancelToken(db: DbOrTx, tokenHash: string, now: Date): Promise<TicketRow | null> {
  const [row] = await db
    .select()
    .from(tickets)
    .where(and(eq(tickets.cancelTokenHash, tokenHash), eq(tickets.status, 'approved'), gt(tickets.resetDueAt, now)))
    .for('update');
  return row ?? null;
}

/** Sets columns of a ticket whatever its status (the caller holds its lock or owns the column). */
export async function setTicket(db: DbOrTx, id: number, changes: Partial<NewTicket>): Promise<void> {
  await db.update(tickets).set(changes).where(eq(tickets.id, id));
}

/** The language of the ticket a link's token belongs to. */
export async function languageOfTokenTicket(db: DbOrTx, kind: 'confirm' | 'cancel', tokenHash: string): Promise<string | null> {
  const column = kind === 'confirm' ? tickets.confirmTokenHash : tickets.cancelTokenHash;
  const [row] = await db.select({ language: tickets.language }).from(tickets).where(eq(column, tokenHash));
  return row?.language ?? null;
}

/** The ticket's account (null for a ticket of no account) and that account's stored address (null when gone); null when no ticket. */
export async function accountAddressOfTicket(db: DbOrTx, ticketId: number): Promise<{ accountId: number | null; email: string | null } | null> {
  const [row] = await db
    .select({ accountId: tickets.accountId, email: accounts.email })
    .from(tickets)
    .leftJoin(accounts, eq(accounts.id, tickets.accountId))
    .where(eq(tickets.id, ticketId));
  return row ?? null;
}

/** The account's open tickets other than this one, locked for update. */
export async function lockOtherOpenTicketsOfAccount(db: DbOrTx, accountId: number, exceptId: number): Promise<TicketRow[]> {
  return db
    .select()
    .from(tickets)
    .where(and(eq(tickets.accountId, accountId), ne(tickets.id, exceptId), inArray(tickets.status, [...OPEN_STATUSES])))
    .for('update');
}

export async function refsOfTickets(db: DbOrTx, ids: number[]): Promise<{ id: number; ref: string }[]> {
  return ids.length ? db.select({ id: tickets.id, ref: tickets.ref }).from(tickets).where(inArray(tickets.id, ids)) : [];
}
