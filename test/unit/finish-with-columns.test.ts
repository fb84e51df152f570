// The request's outcome writes its held-back rows with one fixed statement (FINISH_WITH) whose
// column lists are written out by hand. A column added to the schema and not to the statement
// would be dropped silently (its default or null written instead): the lists must name every
// column the schema has, nothing more.
import { getTableColumns, getTableName, type Table } from 'drizzle-orm';
import { expect, test } from 'vitest';
import { FINISH_WITH } from '../../src/adapters/db/messages.repository.ts';
import { notifications, outbox, ticketEvents, tickets } from '../../src/adapters/db/schema/index.ts';

/** The column list of `insert into <table> (…)` in the statement, unquoted. */
function insertedColumns(table: string): string[] {
  const match = new RegExp(`insert into ${table} \\(([^)]*)\\)`).exec(FINISH_WITH);
  if (!match) throw new Error(`FINISH_WITH writes no rows into ${table}`);
  return match[1]!.split(',').map((name) => name.trim().replace(/^"|"$/g, ''));
}

/** The schema's columns, less those the database or a later step fills (ids, defaults, the audit seal). */
function schemaColumns(table: Table, filledByDatabase: string[]): string[] {
  return Object.values(getTableColumns(table))
    .map((column) => column.name)
    .filter((name) => !filledByDatabase.includes(name));
}

test.each([
  ['tickets', tickets, []],
  // The audit seal (seq, hash, prev_hash) is written by the sealing step after the insert.
  ['ticket_events', ticketEvents, ['id', 'seq', 'hash', 'prev_hash']],
  // A notification is created pending: its batch and handling come later, its time is the insert's.
  ['notifications', notifications, ['id', 'batch_id', 'handled_at', 'created_at']],
  ['outbox', outbox, ['id']],
] as const)('the fixed outcome statement writes every column of %s', (name, table, filledByDatabase) => {
  expect(getTableName(table)).toBe(name);
  expect(insertedColumns(name).sort()).toEqual(schemaColumns(table, [...filledByDatabase]).sort());
});
