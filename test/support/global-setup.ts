// Runs once per `vitest run`, in vitest's main process: checks the services, makes the
// run's migrated template database, and on teardown removes everything the run made.
import { randomBytes } from 'node:crypto';
import { readdir, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import postgres from 'postgres';
import { Redis } from 'ioredis';
import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '../../src/adapters/db/migrate.ts';
import { dropDatabase } from './db.ts';
import { escapeGlob, unlinkMatching } from './redis.ts';
import { PG_BASE_URL, REDIS_URL, RUN_ID_PATTERN, pgUrl, processAlive } from './run.ts';

const log = (message: string) => process.stderr.write(`global-setup: ${message}\n`);

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await checkPostgres();
  await checkRedis();

  const runId = `rdt_${process.pid}_${randomBytes(3).toString('hex')}`;
  await removeStaleRuns().catch((error: unknown) => log(`could not clean up earlier runs: ${String(error)}`));

  const templateDatabase = `${runId}_tpl`;
  try {
    await migrateDatabase(pgUrl(templateDatabase));
  } catch (error) {
    await removeRun(runId).catch(() => {});
    throw new Error(`global-setup: migrating the template database ${templateDatabase} failed: ${String(error)}`, { cause: error });
  }

  project.provide('runId', runId);
  project.provide('pgBaseUrl', PG_BASE_URL);
  project.provide('templateDatabase', templateDatabase);
  project.provide('redisUrl', REDIS_URL);

  return async () => {
    await removeRun(runId);
  };
}

async function checkPostgres(): Promise<void> {
  const sql = postgres(pgUrl('postgres'), { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await sql`select 1`;
  } catch (error) {
    throw new Error(`global-setup: PostgreSQL does not answer at ${PG_BASE_URL}/postgres (${String(error)}). ` + 'Start it with `bash scripts/setup.sh`.');
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

async function checkRedis(): Promise<void> {
  const redis = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 5000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => {}); // reported below
  try {
    await redis.connect();
    const pong = await redis.ping();
    if (pong !== 'PONG') throw new Error(`PING answered ${pong}`);
  } catch (error) {
    throw new Error(`global-setup: Redis does not answer at ${REDIS_URL} (${String(error)}). Start it with \`bash scripts/setup.sh\`.`);
  } finally {
    redis.disconnect();
  }
}

/** Drops the run's databases, unlinks its Redis keys, stops its Dovecots and removes its temp folders. */
async function removeRun(runId: string): Promise<void> {
  const problems: string[] = [];
  const attempt = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (error) {
      problems.push(`${what}: ${String(error)}`);
    }
  };
  await attempt('dovecot', () => removeTempFolders((id) => id === runId));
  await attempt('databases', () => dropDatabases((id) => id === runId));
  await attempt('redis', () => unlinkRunKeys((id) => id === runId));
  if (problems.length > 0) throw new Error(`global-setup: cleaning up run ${runId} failed: ${problems.join('; ')}`);
}

/** What crashed or killed runs left behind: any run whose vitest process is gone. */
async function removeStaleRuns(): Promise<void> {
  // A run whose databases have connections is alive, whatever its pid says (another PID namespace).
  const busy = new Set<string>();
  const sql = postgres(pgUrl('postgres'), { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ datname: string }[]>`
      select distinct datname from pg_stat_activity where starts_with(datname, 'rdt_')`;
    for (const { datname } of rows) {
      const run = parseRunId(datname);
      if (run) busy.add(run.runId);
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
  const stale = (runId: string, pid: number) => pid !== process.pid && !busy.has(runId) && !processAlive(pid);
  await removeTempFolders(stale);
  await dropDatabases(stale);
  await unlinkRunKeys(stale);
}

type RunFilter = (runId: string, pid: number) => boolean;

function parseRunId(text: string): { runId: string; pid: number } | undefined {
  const match = RUN_ID_PATTERN.exec(text);
  return match ? { runId: match[1]!, pid: Number(match[2]) } : undefined;
}

async function dropDatabases(filter: RunFilter): Promise<void> {
  // Twice at most: a test file still creating a copy while we list would leave it behind.
  for (let pass = 1; ; pass++) {
    const names = await runDatabases(filter);
    if (names.length === 0) return;
    if (pass > 2) throw new Error(`databases left after dropping: ${names.join(', ')}`);
    // Copies first, the template last.
    names.sort((a, b) => Number(a.endsWith('_tpl')) - Number(b.endsWith('_tpl')));
    for (const name of names) await dropDatabase(name);
  }
}

async function runDatabases(filter: RunFilter): Promise<string[]> {
  const sql = postgres(pgUrl('postgres'), { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ datname: string }[]>`select datname from pg_database where starts_with(datname, 'rdt_')`;
    return rows
      .map((row) => row.datname)
      .filter((name) => {
        const run = parseRunId(name);
        return run !== undefined && filter(run.runId, run.pid);
      });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function unlinkRunKeys(filter: RunFilter): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    // Find the run ids that have keys, then unlink each run's keys.
    const runs = new Set<string>();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', 'rdt_*', 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const run = parseRunId(key);
        if (run && filter(run.runId, run.pid)) runs.add(run.runId);
      }
    } while (cursor !== '0');
    for (const runId of runs) await unlinkMatching(redis, `${escapeGlob(runId)}*`);
  } finally {
    redis.disconnect();
  }
}

/** Temp folders made by test/support/dovecot.ts: <tmpdir>/<runId>_dovecot_XXXXXX. */
async function removeTempFolders(filter: RunFilter): Promise<void> {
  const root = tmpdir();
  for (const entry of await readdir(root)) {
    const run = parseRunId(entry);
    if (!run || !filter(run.runId, run.pid)) continue;
    const folder = join(root, entry);
    await killDovecot(join(folder, 'run', 'master.pid'));
    await rm(folder, { recursive: true, force: true });
  }
}

async function killDovecot(pidFile: string): Promise<void> {
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 1 || !processAlive(pid)) return;
  // A stale pid file may name a pid that now belongs to something else.
  const exe = await readlink(`/proc/${pid}/exe`).catch(() => '');
  if (basename(exe) !== 'dovecot') return;
  log(`stopping a Dovecot left running (pid ${pid}, ${pidFile})`);
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + 10_000;
  while (processAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  if (processAlive(pid)) process.kill(pid, 'SIGKILL');
}
