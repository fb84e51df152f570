// A private PostgreSQL cluster for tests that restart PostgreSQL: initdb into a temp folder
// (owned by the postgres system user), unix socket in that folder, a free port on 127.0.0.1,
// trust authentication for the loopback only. The shared server on 5432 is never touched.
import { execFile, execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { migrateDatabase } from '../../../src/adapters/db/migrate.ts';
import { freePort } from '../dovecot.ts';
import { currentRunId } from '../run.ts';

const run = promisify(execFile);

export interface PrivatePostgres {
  port: number;
  /** postgres://postgres@127.0.0.1:PORT/recovery_desk, migrated */
  url: string;
  dir: string;
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** pg_ctl restart: every connection is cut. */
  restart(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Stops the cluster and removes its folder. Safe to call twice. */
  close(): Promise<void>;
}

function binDir(): string {
  const versions = readdirSync('/usr/lib/postgresql')
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql');
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

const asPostgres = (bin: string, args: string[], timeout = 60_000) => run('runuser', ['-u', 'postgres', '--', bin, ...args], { timeout });

/** Clusters started by this process: stopped when it exits, even after a failed test. */
const clusters = new Set<string>();
let hooked = false;
function stopAtExit(pgCtl: string, data: string): void {
  clusters.add(data);
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const dir of clusters) {
      try {
        execFileSync('runuser', ['-u', 'postgres', '--', pgCtl, '-D', dir, 'stop', '-m', 'immediate', '-w', '-t', '10'], { stdio: 'ignore', timeout: 15_000 });
      } catch {
        // not running
      }
    }
  });
}

export async function startPrivatePostgres(database = 'recovery_desk'): Promise<PrivatePostgres> {
  const bin = binDir();
  const dir = await mkdtemp(join(tmpdir(), `${currentRunId()}_pg_`));
  const data = join(dir, 'data');
  const socket = join(dir, 'sock');
  const logFile = join(dir, 'postgres.log');
  let port = await freePort();
  let closed = false;
  await chmod(dir, 0o755);
  await mkdir(socket);
  const pgUid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
  const pgGid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
  await chown(socket, pgUid, pgGid);
  await writeFile(logFile, '');
  await chown(logFile, pgUid, pgGid);
  await mkdir(data);
  await chown(data, pgUid, pgGid);

  const pgCtl = (...args: string[]) => asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-l', logFile, ...args]);
  const options = () =>
    `-p ${port} -k ${socket} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const start = async () => {
    await pgCtl('start', '-w', '-t', '30', '-o', options());
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    await pgCtl('stop', '-w', '-t', '30', '-m', mode).catch(() => undefined);
  };

  stopAtExit(join(bin, 'pg_ctl'), data);
  try {
    await asPostgres(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
    // initdb's trust auth covers local and host 127.0.0.1/32 already; keep it to the loopback.
    await writeFile(join(data, 'pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
    try {
      await start();
    } catch {
      port = await freePort(); // taken meanwhile
      await start();
    }
    await migrateDatabase(`postgres://postgres@127.0.0.1:${port}/${database}`);
  } catch (error) {
    await stop('immediate');
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    get port() {
      return port;
    },
    get url() {
      return `postgres://postgres@127.0.0.1:${port}/${database}`;
    },
    dir,
    stop,
    start,
    async restart(mode: 'fast' | 'immediate' = 'fast') {
      await stop(mode);
      await start();
    },
    async close() {
      if (closed) return;
      closed = true;
      await stop('immediate');
      clusters.delete(data);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
