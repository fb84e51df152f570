// PostgreSQL reachable and every migration in drizzle/ applied (as drizzle's migrator decides:
// a migration is pending when it is newer than the last one the database recorded).
import { readMigrationFiles } from 'drizzle-orm/migrator';
import postgres from 'postgres';
import { fail, pass, type Outcome } from '../../core/doctor.ts';
import { MIGRATIONS_FOLDER } from './migrate.ts';

export async function checkPostgres(databaseUrl: string): Promise<Outcome> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const sql = postgres(databaseUrl, { max: 1, connect_timeout: 5, idle_timeout: 1, onnotice: () => {} });
  try {
    const [table] = await sql<{ found: string | null }[]>`select to_regclass('drizzle.__drizzle_migrations')::text as found`;
    const known = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
    if (!table?.found) return fail(`database ${name} answers but has no migration applied (${known.length} to apply)`, "run 'recovery-desk migrate'");
    const [last] = await sql<
      { at: string | null; count: number }[]
    >`select max(created_at)::text as at, count(*)::int as count from drizzle.__drizzle_migrations`;
    const lastApplied = Number(last?.at ?? 0);
    const pending = known.filter((migration) => migration.folderMillis > lastApplied);
    if (pending.length > 0)
      return fail(
        `database ${name} is ${pending.length} migration(s) behind this version (${last?.count ?? 0} applied, ${known.length} known)`,
        "run 'recovery-desk migrate'",
      );
    return pass(`database ${name} reachable, all ${known.length} migrations applied`);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = (error as Error).message;
    if (code === '3D000') return fail(`database ${name} does not exist`, "run 'recovery-desk migrate' (it creates the database)");
    if (code === '28P01' || code === '28000') return fail(`login refused: ${message}`, 'check the user and password in DATABASE_URL');
    return fail(`not reachable: ${message}`, 'start PostgreSQL or fix the host and port of DATABASE_URL');
  } finally {
    await sql.end({ timeout: 1 }).catch(() => undefined);
  }
}
