// Rows a transaction holds back for its last statement (one fixed WITH, see finishMessage): a
// row nothing in the transaction reads back needs no round trip of its own. Only a transaction
// that asked for it holds (holdWrites); elsewhere rows are written at once. The rows are held as
// data, not as built statements: the statement that writes them is one fixed text, prepared once
// per connection (finishMessage), with the rows as JSON parameters.
import type { DbOrTx } from './client.ts';
import type { tickets } from './schema/index.ts';

/** The rows held back: the transaction's new ticket, the agents' notifications. */
export interface HeldRows {
  tickets: (typeof tickets.$inferSelect)[];
  notifications: { ticketId: number; kind: string }[];
}

const held = new WeakMap<DbOrTx, HeldRows>();

export function holdWrites(tx: DbOrTx): void {
  held.set(tx, { tickets: [], notifications: [] });
}

/** Whether this transaction holds its writes back. */
export function holdsWrites(tx: DbOrTx): boolean {
  return held.has(tx);
}

/** Holds the rows back if the transaction does so (true), else leaves them to the caller (false). */
export function holdRows<K extends keyof HeldRows>(tx: DbOrTx, table: K, rows: HeldRows[K]): boolean {
  const writes = held.get(tx);
  if (!writes) return false;
  (writes[table] as unknown[]).push(...rows);
  return true;
}

/** The rows held back, in the order they were held (and forgets them). */
export function heldRows(tx: DbOrTx): HeldRows {
  const rows = held.get(tx) ?? { tickets: [], notifications: [] };
  if (held.has(tx)) held.set(tx, { tickets: [], notifications: [] });
  return rows;
}
