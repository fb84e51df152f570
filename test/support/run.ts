// What the test harness shares between vitest's main process (global-setup.ts) and the
// test workers: where the services are, and this run's id.
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Unique per `vitest run`: rdt_<pid of vitest>_<6 hex>. Every database, Redis key and temp folder of the run starts with it. */
    runId: string;
    /** postgres://root@127.0.0.1:5432 (no database) */
    pgBaseUrl: string;
    /** The migrated database that createTestDatabase() copies: <runId>_tpl */
    templateDatabase: string;
    /** redis://127.0.0.1:6379 */
    redisUrl: string;
  }
}

export const PG_BASE_URL = 'postgres://root@127.0.0.1:5432';
export const REDIS_URL = 'redis://127.0.0.1:6379';

/** rdt_<pid>_<6 hex>: a run id's shape, and the pid of the vitest process that owns it. */
export const RUN_ID_PATTERN = /^(rdt_(\d+)_[0-9a-f]{6})(?:_|:|$)/;

export function pgUrl(database: string): string {
  return `${PG_BASE_URL}/${database}`;
}

let fallbackRunId: string | undefined;

/**
 * This run's id, as provided by global-setup.ts. Outside a vitest worker (a bench script
 * using the Dovecot helper, say) it is made up once per process.
 */
export function currentRunId(): string {
  try {
    const id = inject('runId');
    if (id) return id;
  } catch {
    // not inside a vitest worker
  }
  fallbackRunId ??= `rdt_${process.pid}_${Math.floor(Math.random() * 0xffffff)
    .toString(16)
    .padStart(6, '0')}`;
  return fallbackRunId;
}

/** True when a process with this pid exists and is not a zombie (PID 1 here does not reap orphans). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  // "pid (comm) S ...": comm may hold spaces and parentheses, the state follows the last ')'.
  const state = stat.slice(stat.lastIndexOf(')') + 2).charAt(0);
  return state === 'Z' || state === 'X';
}
