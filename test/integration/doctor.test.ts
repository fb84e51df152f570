// `recovery-desk doctor` (SPEC §7.1, issue 13) against the real test stack: PostgreSQL, Redis,
// Dovecot, the SMTP sink and an offline DNS zone publishing our DKIM key. Every check passes
// there; each failure below is provoked for real and named, the other checks still passing.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DoctorReport } from '../../src/core/doctor.ts';
import { doctorReport } from '../../src/cli/doctor.ts';
import { createTestDatabase, dropDatabase, quoteIdent, type TestDatabase } from '../support/db.ts';
import { freePort, startDovecot, type Dovecot } from '../support/dovecot.ts';
import { cleanupPrefix, testQueuePrefix } from '../support/redis.ts';
import { REDIS_URL, currentRunId, pgUrl } from '../support/run.ts';
import { offlineZone, rsaKey } from '../support/security.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { waitFor } from '../support/wait.ts';

const CLI = path.resolve('src/cli.ts');
const zone = offlineZone();
const published = rsaKey();
const other = rsaKey();
let database: TestDatabase;
let dovecot: Dovecot;
let sink: SmtpSink;
let prefix: string;
let dir: string;
let lru: { url: string; child: ChildProcess };

/** A private redis-server on a free loopback port with this eviction policy, nothing saved. */
async function startRedis(policy: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', policy], {
    stdio: 'ignore',
  });
  const url = `redis://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      redis.on('error', () => undefined);
      try {
        await redis.connect();
        return (await redis.ping()) === 'PONG';
      } catch {
        return false;
      } finally {
        redis.disconnect();
      }
    },
    { timeoutMs: 10_000 },
  );
  return { url, child };
}

beforeAll(async () => {
  [database, dovecot, sink, lru] = await Promise.all([createTestDatabase('doctor'), startDovecot(), startSmtpSink(), startRedis('allkeys-lru')]);
  prefix = testQueuePrefix();
  dir = await mkdtemp(path.join(tmpdir(), `${currentRunId()}_doctor_`));
  await writeFile(path.join(dir, 'dkim.pem'), published.privateKey);
  await writeFile(path.join(dir, 'other.pem'), other.privateKey);
  zone.txt('recovery._domainkey.bpart.test', published.record);
  // The folder processed mail is moved to, as a delivery rule would have made it.
  await dovecot.append(undefined, 'From: a@b.test\r\nSubject: x\r\n\r\nx\r\n', [], 'Recovery');
}, 60_000);

afterAll(async () => {
  lru?.child.kill('SIGTERM');
  await Promise.all([database?.drop(), dovecot?.stop(), sink?.close(), prefix && cleanupPrefix(prefix), dir && rm(dir, { recursive: true, force: true })]);
});

/** The test stack, configured as for production (real keys, RECOVERY_DESK_ENV unset). */
function stack(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    DATABASE_URL: database.url,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    IMAP_URL: dovecot.imapUrl(),
    IMAP_PROCESSED_ACTION: 'move',
    IMAP_PROCESSED_FOLDER: 'Recovery',
    SMTP_URL: sink.url,
    SUPPORT_ADDRESS: 'support@bpart.test',
    SECRETS_KEY: '5a'.repeat(32),
    MESSAGE_HMAC_KEY: 'b7'.repeat(32),
    SENDER_AUTH_DNS: 'system',
    DKIM_PRIVATE_KEY_FILE: path.join(dir, 'dkim.pem'),
    DKIM_SELECTOR: 'recovery',
    ...overrides,
  };
}

const doctor = (overrides: Record<string, string | undefined> = {}, timeoutMs?: number) =>
  doctorReport(stack(overrides), { resolver: zone.resolver, ...(timeoutMs ? { timeoutMs } : {}) });

function check(report: DoctorReport, name: string) {
  const found = report.checks.find((c) => c.name === name || c.name.startsWith(`${name} `));
  if (!found) throw new Error(`no check ${name} in ${report.checks.map((c) => c.name).join(', ')}`);
  return found;
}

/** Only the named checks failed; every other one passed or was skipped. */
function onlyFailed(report: DoctorReport, ...names: string[]) {
  expect(report.ok).toBe(false);
  expect(report.checks.filter((c) => !c.ok).map((c) => c.name.split(' ')[0])).toEqual(names);
}

describe('doctor on the test stack', () => {
  test('every check passes, in the documented order, and nothing is sent', async () => {
    const report = await doctor();
    expect(
      report.checks.filter((c) => !c.ok),
      JSON.stringify(report, null, 2),
    ).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.name)).toEqual([
      'configuration',
      'development keys',
      'postgresql',
      'redis',
      `mailbox support@bpart.test@127.0.0.1:${dovecot.port}/INBOX`,
      'smtp',
      'dns',
      'dkim key published',
      'web exposure',
      'account directory',
    ]);
    expect(check(report, 'mailbox').detail).toContain('INBOX and Recovery found');
    expect(check(report, 'dkim').detail).toContain('matches');
    expect(check(report, 'account directory')).toMatchObject({ ok: true, skipped: true, detail: expect.stringContaining('builtin') });
    expect(sink.messages).toHaveLength(0);
    expect(JSON.stringify(report)).not.toContain(dovecot.users[0]!.password);
  });

  test('a wrong password on Dovecot fails the mailbox check, without printing the password', async () => {
    const wrong = dovecot.imapUrl().replace(encodeURIComponent(dovecot.users[0]!.password), 'wrong-secret-123');
    const report = await doctor({ IMAP_URL: wrong });
    onlyFailed(report, 'mailbox');
    expect(check(report, 'mailbox')).toMatchObject({ detail: expect.stringContaining('refused'), fix: expect.stringContaining('password in IMAP_URL') });
    expect(JSON.stringify(report)).not.toContain('wrong-secret-123');
  });

  test('a missing processed folder fails the mailbox check, naming the folder', async () => {
    const report = await doctor({ IMAP_PROCESSED_FOLDER: 'Treated' });
    onlyFailed(report, 'mailbox');
    expect(check(report, 'mailbox')).toMatchObject({
      detail: expect.stringContaining('folder Treated does not exist'),
      fix: expect.stringContaining('IMAP_PROCESSED_FOLDER'),
    });
    // Control: with the default action (flag), that folder is not needed.
    expect((await doctor({ IMAP_PROCESSED_FOLDER: 'Treated', IMAP_PROCESSED_ACTION: 'flag' })).ok).toBe(true);
  });

  test('a Redis with maxmemory-policy allkeys-lru fails the redis check', async () => {
    const report = await doctor({ REDIS_URL: lru.url });
    onlyFailed(report, 'redis');
    expect(check(report, 'redis')).toMatchObject({ detail: expect.stringContaining('allkeys-lru'), fix: expect.stringContaining('noeviction') });
  });

  test('an unmigrated database fails the postgresql check with the migrate command', async () => {
    const name = `${currentRunId()}_doctor_empty_${process.pid}`;
    const admin = postgres(pgUrl('postgres'), { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${quoteIdent(name)}`);
    await admin.end();
    try {
      const report = await doctor({ DATABASE_URL: pgUrl(name) });
      onlyFailed(report, 'postgresql');
      expect(check(report, 'postgresql')).toMatchObject({ detail: expect.stringContaining('no migration applied'), fix: "run 'recovery-desk migrate'" });
    } finally {
      await dropDatabase(name);
    }
  });

  test('an https console behind a proxy it does not trust fails the web exposure check, naming HTTP_TRUSTED_PROXIES', async () => {
    const report = await doctor({ PUBLIC_URL: 'https://desk.bpart.test' });
    onlyFailed(report, 'web');
    expect(check(report, 'web exposure')).toMatchObject({
      detail: expect.stringContaining('HTTP_TRUSTED_PROXIES is empty'),
      fix: expect.stringContaining('HTTP_TRUSTED_PROXIES'),
    });
    expect((await doctor({ PUBLIC_URL: 'https://desk.bpart.test', HTTP_TRUSTED_PROXIES: '127.0.0.1' })).ok).toBe(true);
  });

  test('a DKIM key that does not match the published one fails the dkim check', async () => {
    const report = await doctor({ DKIM_PRIVATE_KEY_FILE: path.join(dir, 'other.pem') });
    onlyFailed(report, 'dkim');
    expect(check(report, 'dkim')).toMatchObject({ detail: expect.stringContaining('does not match'), fix: expect.stringContaining(other.record) });
  });

  test('development keys in production fail; in development they are allowed', async () => {
    const report = await doctor({ SECRETS_KEY: undefined });
    onlyFailed(report, 'development');
    expect(check(report, 'development keys')).toMatchObject({
      detail: expect.stringContaining('SECRETS_KEY'),
      fix: expect.stringContaining('openssl rand -hex 32'),
    });
    expect((await doctor({ SECRETS_KEY: undefined, RECOVERY_DESK_ENV: 'development' })).ok).toBe(true);
  });

  test('an invalid variable fails the configuration check and the checks that need it; the others still run', async () => {
    const report = await doctor({ REDIS_URL: 'http://127.0.0.1:6379' });
    onlyFailed(report, 'configuration', 'redis');
    expect(check(report, 'configuration').detail).toContain('REDIS_URL');
    expect(check(report, 'redis').detail).toContain('not checked');
    expect(check(report, 'postgresql').ok).toBe(true);
  });

  test('a DNS resolver that fails and an SMTP server that never answers fail within the time limit', async () => {
    const silent: Server = createServer(() => undefined); // accepts, never greets
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    zone.fail('bpart.test', 'ESERVFAIL');
    try {
      const started = Date.now();
      const report = await doctor({ SMTP_URL: `smtp://127.0.0.1:${port}` }, 2_500);
      // Before the SMTP client's own 5 s greeting timeout: the runner's limit ended the check.
      expect(Date.now() - started).toBeLessThan(4_800);
      onlyFailed(report, 'smtp', 'dns');
      expect(check(report, 'smtp').detail).toContain('no answer within 2.5 s');
      expect(check(report, 'dns').detail).toContain('ESERVFAIL');
    } finally {
      zone.fail('bpart.test', '');
      silent.close();
    }
  });
});

describe('the doctor command', () => {
  function run(settings: Record<string, string | undefined>, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    // No DNS from a child process: SENDER_AUTH_DNS=off and no DKIM key (both skipped).
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...stack({ SENDER_AUTH_DNS: 'off', DKIM_PRIVATE_KEY_FILE: undefined }), ...settings };
    const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as Record<string, string>;
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [CLI, 'doctor', ...args], { env: clean, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  test('--json prints one document and exits 0 when every check passes', async () => {
    const { code, stdout } = await run({}, ['--json']);
    const report = JSON.parse(stdout) as DoctorReport;
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    for (const c of report.checks) expect(Object.keys(c).sort()).toEqual(expect.arrayContaining(['detail', 'ms', 'name', 'ok']));
    expect(check(report, 'dns')).toMatchObject({ ok: true, skipped: true });
  }, 30_000);

  test('a failing check: one line per check with its fix, and a non-zero exit', async () => {
    const { code, stdout, stderr } = await run({ REDIS_URL: lru.url }, []);
    expect(code).not.toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines.find((line) => line.includes('redis'))).toMatch(/^\[FAIL\] redis .*allkeys-lru.* — fix: .*noeviction/);
    expect(lines.find((line) => line.includes('postgresql'))).toMatch(/^\[ ok \]/);
    expect(lines.at(-1)).toBe('1 of 10 checks failed');
    expect(stderr).toContain('redis');
    expect(stdout + stderr).not.toContain(dovecot.users[0]!.password);
  }, 30_000);
});
