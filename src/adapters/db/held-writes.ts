// Writes a transaction holds back for its last statement (one WITH, see finishMessage): a row
// nothing in the transaction reads back needs no round trip of its own. Only a transaction that
// asked for it holds (holdWrites); elsewhere writes go out at once.
import type { SQL } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';

type Write = { getSQL(): SQL };
const held = new WeakMap<DbOrTx, Write[]>();

export function holdWrites(tx: DbOrTx): void {
  held.set(tx, []);
}

/** Whether this transaction holds its writes back. */
export function holdsWrites(tx: DbOrTx): boolean {
  return held.has(tx);
}

/** Holds the write back if the transaction does so (true), else leaves it to the caller (false). */
export function holdWrite(tx: DbOrTx, write: Write): boolean {
  const writes = held.get(tx);
  if (!writes) return false;
  writes.push(write);
  return true;
}

/** The writes held back, in the order they were made (and forgets them). */
export function heldWrites(tx: DbOrTx): Write[] {
  const writes = held.get(tx) ?? [];
  if (held.has(tx)) held.set(tx, []);
  return writes;
}
