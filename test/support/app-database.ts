// An empty PostgreSQL database of its own, standing for a company's application database
// (the account directory's tests). Named after the run, so the global teardown drops leftovers.
import postgres from 'postgres';
import { inject } from 'vitest';
import { dropDatabase, quoteIdent, type TestDatabase } from './db.ts';
import { pgUrl } from './run.ts';

let counter = 0;

export async function createEmptyDatabase(label: string): Promise<TestDatabase> {
  counter += 1;
  const name = `${inject('runId')}_${label}_${process.pid.toString(36)}_${counter}`;
  const admin = postgres(pgUrl('postgres'), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  let dropped = false;
  return {
    url: pgUrl(name),
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      await dropDatabase(name);
    },
  };
}
