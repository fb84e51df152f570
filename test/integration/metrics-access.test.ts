// Who reads /metrics (security log, stop 25: its counters tell an outsider when an approval notice went out). The
// real `web` command on loopback ports: the console's public port serves /metrics only with METRICS_TOKEN as a
// bearer token, and not at all without one; METRICS_PORT, the operators' port, serves it too, behind the same token.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { freePort } from '../support/dovecot.ts';
import { cleanupPrefix, testQueuePrefix } from '../support/redis.ts';

const CLI = path.resolve('src/cli.ts');
const TOKEN = 'c0ffee'.repeat(8);
let database: TestDatabase;
let prefix: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase('metrics_access');
  prefix = testQueuePrefix();
});
afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)))));
  await database?.drop();
  await cleanupPrefix(prefix);
});

/** `recovery-desk web` with these settings, once its /healthz answers. */
async function web(settings: Record<string, string>): Promise<{ port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'web'], {
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: database.url,
      QUEUE_PREFIX: prefix,
      SUPPORT_ADDRESS: 'support@bpart.test',
      SENDER_AUTH_DNS: 'off',
      RECOVERY_DESK_ENV: 'development',
      LOG_LEVEL: 'silent',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
      ...settings,
    },
    stdio: 'ignore',
  });
  children.push(child);
  for (let waited = 0; waited < 30_000; waited += 200) {
    if (child.exitCode !== null) throw new Error(`web exited with ${child.exitCode}`);
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) return { port };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('web did not answer /healthz within 30 s');
}

const scrape = (port: number, authorization?: string) => fetch(`http://127.0.0.1:${port}/metrics`, authorization ? { headers: { authorization } } : {});

describe('/metrics on the public port', () => {
  test('without METRICS_TOKEN there is none: an outsider gets 404, not the counters, and not the login page', async () => {
    const { port } = await web({});
    const response = await scrape(port);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('recovery_desk_');
    // Health stays open for probes.
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });

  test('with METRICS_TOKEN only its bearer reads them; a wrong or missing token gets 401 with the scheme to use', async () => {
    const operators = await freePort();
    const { port } = await web({ METRICS_TOKEN: TOKEN, METRICS_PORT: String(operators) });
    for (const authorization of [undefined, `Bearer ${TOKEN.slice(0, -1)}x`, `Basic ${TOKEN}`, TOKEN, `Bearer ${TOKEN} extra`]) {
      const refused = await scrape(port, authorization);
      expect(refused.status, String(authorization)).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(await refused.text()).not.toContain('recovery_desk_');
    }
    const allowed = await scrape(port, `Bearer ${TOKEN}`);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('cache-control')).toBe('no-store');
    expect(await allowed.text()).toMatch(/^recovery_desk_replies_total|^# HELP recovery_desk_/m);
    // The operators' port of the same process: the same token, the same counters; its health open.
    expect((await scrape(operators)).status).toBe(401);
    const internal = await scrape(operators, `bearer ${TOKEN}`);
    expect(internal.status).toBe(200);
    expect(await internal.text()).toContain('recovery_desk_');
    expect((await fetch(`http://127.0.0.1:${operators}/readyz`)).status).not.toBe(401);
  });

  test('METRICS_PORT without a token: the operators scrape it there, and the public port still serves none', async () => {
    const operators = await freePort();
    const { port } = await web({ METRICS_PORT: String(operators) });
    expect((await scrape(port)).status).toBe(404);
    const internal = await scrape(operators);
    expect(internal.status).toBe(200);
    expect(await internal.text()).toContain('recovery_desk_');
  });
});
