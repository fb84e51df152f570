// A fresh, migrated PostgreSQL database per test (file), copied from the run's template.
import postgres from 'postgres';
import { inject } from 'vitest';
import { pgUrl } from './run.ts';

export interface TestDatabase {
  /** postgres://root@127.0.0.1:5432/<name> */
  url: string;
  /** <runId>_<label>_<pid>_<n> */
  name: string;
  /** Drops the database, ending any connection still open to it. Safe to call twice. */
  drop(): Promise<void>;
}

let counter = 0;

/**
 * CREATE DATABASE <runId>_<label>_<pid>_<n> TEMPLATE <runId>_tpl: a database with every
 * migration applied, unique per call (also across vitest's worker processes). `name` is an
 * optional label that ends up in the database name ([a-z0-9_], at most 20 characters).
 * Whatever is not dropped here is dropped by the global teardown.
 */
export async function createTestDatabase(name?: string): Promise<TestDatabase> {
  const runId = inject('runId');
  const template = inject('templateDatabase');
  const label =
    (name ?? 'db')
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '_')
      .slice(0, 20) || 'db';
  counter += 1;
  const database = `${runId}_${label}_${process.pid.toString(36)}_${counter}`;
  if (database.length > 63) throw new Error(`database name too long for PostgreSQL: ${database}`);

  await withAdmin(async (sql) => {
    // Another session connected to the template makes CREATE DATABASE fail (55006); that
    // should not happen, but a short retry costs nothing.
    for (let attempt = 1; ; attempt++) {
      try {
        await sql.unsafe(`CREATE DATABASE ${quoteIdent(database)} TEMPLATE ${quoteIdent(template)}`);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });

  let dropped = false;
  return {
    url: pgUrl(database),
    name: database,
    async drop() {
      if (dropped) return;
      dropped = true;
      await dropDatabase(database);
    },
  };
}

/** DROP DATABASE IF EXISTS … WITH (FORCE): terminates its connections first (PostgreSQL 13+). */
export async function dropDatabase(database: string): Promise<void> {
  await withAdmin((sql) => sql.unsafe(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`));
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

async function withAdmin<T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(pgUrl('postgres'), { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
