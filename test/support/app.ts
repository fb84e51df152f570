// A whole recovery-desk (app + workers) on the test's own database, queue prefix, Dovecot
// and SMTP sink: the same composition the `start` command uses.
import pino from 'pino';
import { loadConfig, type Config } from '../../src/config.ts';
import { upsertAccount } from '../../src/adapters/db/accounts.repository.ts';
import { insertAgent } from '../../src/adapters/db/agents.repository.ts';
import { hashPassword } from '../../src/adapters/crypto/password.ts';
import { newTotpSecret } from '../../src/adapters/totp/totp.ts';
import type { DnsResolver } from '../../src/adapters/auth/sender-auth.ts';
import { createApp, startWorker, type App, type Running } from '../../src/main.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { cleanupPrefix, testQueuePrefix } from './redis.ts';

export const TEST_AUTHSERV = 'mx.bpart.test';

export interface TestEnv {
  app: App;
  config: Config;
  database: TestDatabase;
  prefix: string;
  worker: Running | null;
  startWorker(): Running;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/** No DNS in tests: every name is unknown unless the test's own resolver knows it. */
export const offlineResolver: DnsResolver = async (name) => {
  throw Object.assign(new Error(`offline resolver: ${name} not found`), { code: 'ENOTFOUND' });
};

export async function createTestEnv(
  overrides: Record<string, string | undefined> = {},
  options: { resolver?: DnsResolver; logTo?: pino.DestinationStream; onStatement?: (query: string) => void } = {},
): Promise<TestEnv> {
  const database = await createTestDatabase('app');
  const prefix = testQueuePrefix();
  const config = loadConfig({
    DATABASE_URL: database.url,
    QUEUE_PREFIX: prefix,
    SUPPORT_ADDRESS: 'support@bpart.test',
    TRUSTED_AUTHSERV_IDS: TEST_AUTHSERV,
    RECOVERY_CANCEL_WINDOW: '0',
    RECOVERY_CHALLENGE: 'off',
    IMAP_POLL_INTERVAL: '30s',
    // Tests fill a mailbox before the worker starts: a deliberate back-fill (first-start.test.ts
    // covers the default, now).
    IMAP_START: 'all',
    SECRETS_KEY: '11'.repeat(32),
    MESSAGE_HMAC_KEY: 'test-hmac-key-0123456789',
    RECOVERY_DESK_ENV: 'development',
    SENDER_AUTH_DNS: 'off',
    INSPECT_THREADS: '1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // Agents' notices (on in production) would land, 30 s later, in the sink of whatever test
    // runs then: only the tests about them turn them on (test/integration/notify.test.ts).
    NOTIFY_AGENTS: 'off',
    MAIL_OUTBOX_DIR: `/tmp/${prefix.replace(/[^a-z0-9_-]/gi, '_')}-outbox`,
    ...overrides,
  });
  // Without a resolver of the test's own, SENDER_AUTH_DNS=off keeps the run offline and lets the
  // app use its pool of inspection threads, as in production.
  // logTo: the test reads the logs an operator would (info and up).
  const log = options.logTo ? pino({ level: 'info' }, options.logTo) : pino({ level: config.LOG_LEVEL });
  const app = createApp(config, log, {
    ...(options.resolver ? { resolver: options.resolver } : {}),
    ...(options.onStatement ? { onStatement: options.onStatement } : {}),
  });
  const env: TestEnv = {
    app,
    config,
    database,
    prefix,
    worker: null,
    startWorker() {
      env.worker = startWorker(app);
      return env.worker;
    },
    async stopWorker() {
      await env.worker?.stop();
      env.worker = null;
    },
    async close() {
      await env.stopWorker();
      await app.close();
      await cleanupPrefix(prefix);
      await database.drop();
    },
  };
  return env;
}

export async function seedAccount(
  env: TestEnv,
  account: { email: string; fullName: string; organisations: string[]; totpSecret?: string },
): Promise<{ id: number; totpSecret: string }> {
  const totpSecret = account.totpSecret ?? newTotpSecret();
  const { deps } = env.app;
  const id = await deps.db.transaction((tx) =>
    upsertAccount(tx, { ...account, recoveryCodes: ['hash-1', 'hash-2'], sealedTotpSecret: (rowId) => deps.secrets.seal(totpSecret, `account:${rowId}`) }),
  );
  return { id, totpSecret };
}

export async function seedAgent(
  env: TestEnv,
  email: string,
  role: 'agent' | 'admin' = 'agent',
): Promise<{ id: number; email: string; totpSecret: string; password: string }> {
  const totpSecret = newTotpSecret();
  const password = 'correct horse battery staple';
  const { deps } = env.app;
  const id = await insertAgent(deps.db, {
    email,
    name: email.split('@')[0] ?? email,
    role,
    passwordHash: await hashPassword(password),
    sealTotp: (rowId) => deps.secrets.seal(totpSecret, `agent:${rowId}`),
  });
  return { id, email, totpSecret, password };
}
