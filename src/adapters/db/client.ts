import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { connect as netConnect, type Socket } from 'node:net';
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
    // Documented (README "Custom socket") but missing from postgres.js's types.
    ...({ socket: noDelaySocket } as object),
    ...(onStatement ? { debug: (_connection: number, query: string) => onStatement(query) } : {}),
  });
  const db = drizzle(preparing(sql), { schema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}

/**
 * drizzle runs every statement through postgres.js's `unsafe`, which never prepares unless told:
 * PostgreSQL parsed and planned each of the hot path's statements anew for every message. Asked
 * to prepare, postgres.js keeps one named statement per distinct text on each connection (the
 * texts are drizzle's, a bounded set) and reuses it. Transactions and savepoints hand drizzle a
 * client of their own, which is wrapped the same way. A statement without parameters still goes
 * by the simple protocol (migrations' multi-statement files).
 */
function preparing<T extends postgres.Sql | postgres.TransactionSql>(client: T): T {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property === 'unsafe') {
        return (query: string, params?: unknown[], options?: object) => (target as postgres.Sql).unsafe(query, params as never, { ...options, prepare: true });
      }
      if (property === 'begin' || property === 'savepoint') {
        return (...args: unknown[]) => {
          const last = args.length - 1;
          const callback = args[last] as (tx: postgres.TransactionSql) => unknown;
          return (value as (...a: unknown[]) => unknown).apply(target, [...args.slice(0, last), (tx: postgres.TransactionSql) => callback(preparing(tx))]);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * The connection's socket with Nagle's algorithm off, as node-postgres does. postgres.js leaves it
 * on, and a COPY (how the reader stores raw mail) is written as several CopyData writes and then a
 * CopyDone: the last small write waited for the server's delayed ACK, ~40 ms on every store, all
 * of it between a message being stored and its job being queued. The socket is returned while
 * still connecting (writes are queued until it connects), so postgres.js's own error, close,
 * timeout and reconnect handling stay as they are; TLS is negotiated on it as before.
 */
function noDelaySocket(options: { host: string[]; port: number[]; path?: string | false }): Socket {
  if (options.path) return netConnect(options.path);
  return netConnect({ host: options.host[0]!, port: options.port[0]!, noDelay: true });
}

/** Whether PostgreSQL answers (for readiness). */
export function pingDatabase(database: Pick<Database, 'sql'>): Promise<boolean> {
  return database.sql`select 1`.then(
    () => true,
    () => false,
  );
}
