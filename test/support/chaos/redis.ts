// A private redis-server for tests that flush, stop or restart Redis: its own port on
// 127.0.0.1, its own temp folder, no persistence. The shared Redis on 6379 is never touched.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '../dovecot.ts';
import { currentRunId } from '../run.ts';
import { waitFor } from '../wait.ts';
import { track } from './processes.ts';

export interface PrivateRedis {
  port: number;
  url: string;
  /** FLUSHALL on this private server only. */
  flushAll(): Promise<void>;
  /** SIGKILL: Redis is gone (its data too: no persistence). */
  kill(): Promise<void>;
  /** Starts again on the same port (empty). */
  start(): Promise<void>;
  restart(): Promise<void>;
  /** Stops it and removes its folder. Safe to call twice. */
  close(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const dir = await mkdtemp(join(tmpdir(), `${currentRunId()}_redis_`));
  let port = await freePort();
  let child: ChildProcess | null = null;
  let closed = false;

  const ping = async () => {
    const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
    client.on('error', () => {});
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  };

  const start = async () => {
    if (child) return;
    const proc = track(
      spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'no',
          '--dir',
          dir,
          '--daemonize',
          'no',
          '--maxmemory-policy',
          'noeviction',
          '--loglevel',
          'warning',
        ],
        { stdio: 'ignore' },
      ),
    );
    child = proc;
    proc.once('exit', () => {
      if (child === proc) child = null;
    });
    await waitFor(
      async () => {
        if (!child) throw new Error(`redis-server on port ${port} exited at start`);
        return ping();
      },
      { timeoutMs: 10_000, intervalMs: 50, what: `redis-server on 127.0.0.1:${port}` },
    );
  };

  const kill = async () => {
    const proc = child;
    if (!proc) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
    child = null;
  };

  try {
    await start();
  } catch (error) {
    // Port taken meanwhile: one more try on another port.
    port = await freePort();
    await start().catch(async (again: unknown) => {
      await rm(dir, { recursive: true, force: true });
      throw again ?? error;
    });
  }

  return {
    get port() {
      return port;
    },
    get url() {
      return `redis://127.0.0.1:${port}`;
    },
    async flushAll() {
      const client = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1 });
      try {
        await client.flushall();
      } finally {
        client.disconnect();
      }
    },
    kill,
    start,
    async restart() {
      await kill();
      await start();
    },
    async close() {
      if (closed) return;
      closed = true;
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
