import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema/index.ts';

export type Db = PostgresJsDatabase<typeof schema>;
/** A transaction handle or the database itself: repositories accept either. */
export type DbOrTx = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  db: Db;
  sql: postgres.Sql;
  close(): Promise<void>;
}

export interface ConnectOptions {
  max?: number;
  /** Called with the text of every statement sent (BEGIN and COMMIT included): counts the cost per message. */
  onStatement?: (query: string) => void;
}

export function connectDatabase(url: string, options: ConnectOptions = {}): Database {
  const { onStatement } = options;
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: 'recovery-desk' },
    ...(onStatement ? { debug: (_connection: number, query: string) => onStatement(query) } : {}),
  });
  const db = drizzle(sql, { schema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}

/** Whether PostgreSQL answers (for readiness). */
export function pingDatabase(database: Pick<Database, 'sql'>): Promise<boolean> {
  return database.sql`select 1`.then(
    () => true,
    () => false,
  );
}
