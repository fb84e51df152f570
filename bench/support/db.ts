// The bench's own database: created and migrated with the app's migrations, a trigger that
// NOTIFYs each ticket as it is committed (the trickle's "ticket committed" moment), dropped
// at the end. Named under the harness's run id (rdt_<pid>_<hex>_bench), so that if the bench
// is killed, the next `npm test` (global-setup's stale-run clean-up) drops it.
import postgres from 'postgres';
import { migrateDatabase } from '../../src/adapters/db/migrate.ts';
import { PG_BASE_URL, pgUrl } from '../../test/support/run.ts';

export interface BenchDatabase {
  url: string;
  name: string;
  sql: postgres.Sql;
  /** Calls `onTicket(threadMessageId)` when a transaction inserting a ticket commits. */
  listenTickets(onTicket: (threadMessageId: string, at: number) => void): Promise<void>;
  drop(): Promise<void>;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

export async function createBenchDatabase(name: string): Promise<BenchDatabase> {
  const url = pgUrl(name);
  await dropDatabase(name);
  await migrateDatabase(url);
  const sql = postgres(url, { max: 4, onnotice: () => {}, connection: { application_name: 'recovery-desk-bench' } });
  await sql.unsafe(`
    create or replace function bench_ticket_committed() returns trigger language plpgsql as $$
    begin perform pg_notify('bench_ticket', coalesce(new.thread_message_id, '')); return new; end $$;
    create trigger bench_ticket_committed after insert on tickets for each row execute function bench_ticket_committed();
  `);
  let dropped = false;
  return {
    url,
    name,
    sql,
    async listenTickets(onTicket) {
      await sql.listen('bench_ticket', (payload) => onTicket(payload, performance.now()));
    },
    async drop() {
      if (dropped) return;
      dropped = true;
      await sql.end({ timeout: 5 }).catch(() => {});
      await dropDatabase(name);
    },
  };
}

async function dropDatabase(name: string): Promise<void> {
  const admin = postgres(`${PG_BASE_URL}/postgres`, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await admin.unsafe(`drop database if exists ${quote(name)} with (force)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}
