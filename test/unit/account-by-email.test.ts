// findAccountByEmail runs a fixed text (no drizzle building per request); it must be the very
// statement drizzle's select built, text and parameters, and map its row as drizzle's select does.
import { and, eq, getTableColumns, isNull } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { describe, expect, test } from 'vitest';
import { ACCOUNT_BY_EMAIL } from '../../src/adapters/db/accounts.repository.ts';
import { accounts } from '../../src/adapters/db/schema/index.ts';

describe("the builtin directory's account read", () => {
  test('is the statement drizzle built', () => {
    const db = drizzle(postgres('postgres://nobody@127.0.0.1:1/none'));
    for (const email of ['anna@example.nl', 'bob"o\\$1@ex.be']) {
      const built = db
        .select()
        .from(accounts)
        .where(and(eq(accounts.email, email), isNull(accounts.directoryAccountId)))
        .toSQL();
      expect(ACCOUNT_BY_EMAIL).toBe(built.sql);
      expect([email]).toEqual(built.params);
    }
  });

  test("every column is read by its name and mapped by drizzle's own column", () => {
    const columns = Object.values(getTableColumns(accounts)).map((column) => `"${column.name}"`);
    expect(ACCOUNT_BY_EMAIL).toContain(columns.join(', '));
  });
});
