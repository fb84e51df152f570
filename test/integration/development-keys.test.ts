// SPEC §6 rule 17 (issue 10 item 8): start, worker and web refuse to run on the published
// development keys unless RECOVERY_DESK_ENV=development. Real child processes of the CLI.
import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEVELOPMENT_MESSAGE_HMAC_KEY, DEVELOPMENT_SECRETS_KEY } from '../../src/core/development-keys.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { cleanupPrefix, testQueuePrefix } from '../support/redis.ts';
import { REDIS_URL } from '../support/run.ts';

const CLI = path.resolve('src/cli.ts');
const REAL = { SECRETS_KEY: '5a'.repeat(32), MESSAGE_HMAC_KEY: 'b7'.repeat(32) };
let database: TestDatabase;
let prefix: string;

beforeAll(async () => {
  database = await createTestDatabase('devkeys');
  prefix = testQueuePrefix();
});
afterAll(async () => {
  await database?.drop();
  await cleanupPrefix(prefix);
});

interface Run {
  code: number | null;
  stderr: string;
  /** True when the process got as far as serving (then it was stopped with SIGTERM). */
  served: boolean;
}

/**
 * `node src/cli.ts <command>` with exactly this environment (no RECOVERY_DESK_ENV unless given):
 * resolves when it exits, or stops it with SIGTERM once its log says it is serving.
 */
function serve(command: 'start' | 'worker' | 'web', settings: Record<string, string>): Promise<Run> {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    DATABASE_URL: database.url,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    HTTP_PORT: '0',
    SENDER_AUTH_DNS: 'off',
    INSPECT_THREADS: '0',
    LOG_LEVEL: 'info',
    ...settings,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, command], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let served = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      if (!served && /"msg":"(web listening|worker started)"/.test(stderr)) {
        served = true;
        child.kill('SIGTERM');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      // SIGTERM right after start-up may land before the graceful handler is installed
      resolve({ code: signal === 'SIGTERM' ? 0 : code, stderr, served });
    });
  });
}

describe('no production run on development keys', () => {
  test.each(['start', 'worker', 'web'] as const)('%s with both keys unset: exits non-zero, naming both and how to generate one', async (command) => {
    const run = await serve(command, {});
    expect(run.served).toBe(false);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('SECRETS_KEY');
    expect(run.stderr).toContain('MESSAGE_HMAC_KEY');
    expect(run.stderr).toContain('openssl rand -hex 32');
    expect(run.stderr).not.toContain(DEVELOPMENT_MESSAGE_HMAC_KEY); // the message names variables, not values
  });

  test('the documented development values set explicitly are refused too, each named on its own', async () => {
    const secrets = await serve('worker', { SECRETS_KEY: DEVELOPMENT_SECRETS_KEY, MESSAGE_HMAC_KEY: REAL.MESSAGE_HMAC_KEY });
    expect(secrets.code).not.toBe(0);
    expect(secrets.stderr).toContain('SECRETS_KEY is unset or set to the published development value');
    expect(secrets.stderr).not.toContain('MESSAGE_HMAC_KEY is');
    const hmac = await serve('web', { SECRETS_KEY: REAL.SECRETS_KEY, MESSAGE_HMAC_KEY: DEVELOPMENT_MESSAGE_HMAC_KEY, RECOVERY_DESK_ENV: 'production' });
    expect(hmac.code).not.toBe(0);
    expect(hmac.stderr).toContain('MESSAGE_HMAC_KEY is unset or set to the published development value');
    expect(hmac.stderr).not.toContain('SECRETS_KEY is');
  });

  test('control: with real keys, worker and web start (production is the default)', async () => {
    for (const command of ['worker', 'web'] as const) {
      const run = await serve(command, REAL);
      expect(run, run.stderr).toMatchObject({ served: true, code: 0 });
      expect(run.stderr).not.toContain('refusing');
    }
  });

  test('control: RECOVERY_DESK_ENV=development runs on the development keys, with a warning', async () => {
    const run = await serve('start', { RECOVERY_DESK_ENV: 'development' });
    expect(run, run.stderr).toMatchObject({ served: true, code: 0 });
    expect(run.stderr).toContain('RECOVERY_DESK_ENV=development');
  });

  test('siblings: the commands that seal secrets with SECRETS_KEY or run the workers in-process are held to the same rule', async () => {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', DATABASE_URL: database.url, REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'silent' };
    const cli = (args: string[], extra: Record<string, string> = {}) =>
      new Promise<{ code: number; stderr: string }>((resolve) => {
        const child = execFile(process.execPath, [CLI, ...args], { env: { ...env, ...extra }, timeout: 30_000 }, (error, _stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
        );
        child.stdin?.end('');
      });
    for (const args of [
      ['secrets', 'rotate'],
      ['agents', 'create', '--email', 'a@bpart.test', '--name', 'A'],
      ['ingest', '-', '--wait'],
    ]) {
      const run = await cli(args);
      expect(run.code, args.join(' ')).not.toBe(0);
      expect(run.stderr).toContain('SECRETS_KEY is unset or set to the published development value');
    }
    // control: with real keys the same command gets past the check
    expect(await cli(['secrets', 'rotate', '--json'], REAL)).toMatchObject({ code: 0 });
  });
});
