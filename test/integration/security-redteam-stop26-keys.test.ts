// Stop 26 (docs/security-log.md "Attacks tried in stop 26"), SPEC §6 rule 17: no production run on
// development keys, for every command that runs the workers or uses a key, with the keys unset,
// empty, or at the documented development values spelled another way. `tickets approve` and
// `tickets reject` start the queue workers in their own process when none runs (to send the
// decision's mail): with the published MESSAGE_HMAC_KEY anyone can compute our Message-IDs, and
// with the published SECRETS_KEY the agents' TOTP secrets are opened. The command line as its own
// process against the suite's PostgreSQL and Redis.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { outbox, tickets } from '../../src/adapters/db/schema/index.ts';
import { DEVELOPMENT_MESSAGE_HMAC_KEY, DEVELOPMENT_SECRETS_KEY } from '../../src/core/development-keys.ts';
import { createTestEnv, seedAccount, seedAgent, type TestEnv } from '../support/app.ts';
import { deliverOne, rawMessage } from '../support/security.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';

const CLI = path.resolve('src/cli.ts');
/** The keys the suite's installation really uses (createTestEnv's). */
const REAL = { SECRETS_KEY: '11'.repeat(32), MESSAGE_HMAC_KEY: 'test-hmac-key-0123456789' };
let env: TestEnv;
let sink: SmtpSink;
let ref: string;
let ticketId: number;
let agent: string;

beforeAll(async () => {
  sink = await startSmtpSink();
  env = await createTestEnv({ SMTP_URL: sink.url });
  await seedAccount(env, { email: 'alice@keys-holder.example', fullName: 'Alice Martin', organisations: ['Good Example SRL'] });
  agent = (await seedAgent(env, 'keys-agent@bpart.test')).email;
  env.startWorker();
  // Eve's forgery as the holder: an unauthenticated ticket an agent may reject.
  const row = await deliverOne(env, rawMessage({ from: 'Alice Martin <alice@keys-holder.example>' }));
  await env.stopWorker();
  ticketId = row.ticketId!;
  ref = (await env.app.deps.db.select({ ref: tickets.ref }).from(tickets).where(eq(tickets.id, ticketId)))[0]!.ref;
}, 60_000);
afterAll(async () => {
  await env?.close();
  await sink?.close();
});

/** `node src/cli.ts …` in production (no RECOVERY_DESK_ENV) with exactly these keys; serving commands are stopped after 8 s. */
async function cli(args: string[], keys: Record<string, string>): Promise<{ code: number; stderr: string }> {
  const vars = {
    PATH: process.env.PATH ?? '',
    DATABASE_URL: env.config.DATABASE_URL,
    REDIS_URL: env.config.REDIS_URL,
    QUEUE_PREFIX: env.config.QUEUE_PREFIX,
    SUPPORT_ADDRESS: env.config.SUPPORT_ADDRESS,
    SMTP_URL: sink.url,
    HTTP_PORT: '0',
    SENDER_AUTH_DNS: 'off',
    INSPECT_THREADS: '0',
    NOTIFY_AGENTS: 'off',
    LOG_LEVEL: 'silent',
    ...keys,
  };
  try {
    const { stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { env: vars, timeout: 8_000, killSignal: 'SIGTERM' });
    return { code: 0, stderr };
  } catch (error) {
    const e = error as { code: number | null; signal?: string; stderr: string };
    // Stopped by the timeout: it was running (serving), which is what must not happen.
    return { code: e.signal ? -1 : (e.code ?? -1), stderr: e.stderr };
  }
}

/** The documented development values, and spellings of them the configuration reads as the same key. */
const DEVELOPMENT_SPELLINGS: [string, Record<string, string>][] = [
  ['unset', {}],
  ['empty', { SECRETS_KEY: '', MESSAGE_HMAC_KEY: '' }],
  ['blank', { SECRETS_KEY: '   ', MESSAGE_HMAC_KEY: '\t ' }],
  ['the values themselves', { SECRETS_KEY: DEVELOPMENT_SECRETS_KEY, MESSAGE_HMAC_KEY: DEVELOPMENT_MESSAGE_HMAC_KEY }],
  ['padded and upper-cased', { SECRETS_KEY: ` ${DEVELOPMENT_SECRETS_KEY}\n`, MESSAGE_HMAC_KEY: `\u00a0${DEVELOPMENT_MESSAGE_HMAC_KEY.toUpperCase()}\u00a0` }],
  ['the zero key in base64', { SECRETS_KEY: Buffer.alloc(32).toString('base64'), MESSAGE_HMAC_KEY: DEVELOPMENT_MESSAGE_HMAC_KEY }],
];

const COMMANDS: [string, () => string[]][] = [
  ['tickets reject', () => ['tickets', 'reject', ref, '--agent', agent, '--reason', 'not the holder']],
  ['tickets approve', () => ['tickets', 'approve', ref, '--agent', agent, '--totp', '123456', '--reason', 'called the holder back']],
  ['tickets retry-reset', () => ['tickets', 'retry-reset', ref, '--agent', agent, '--totp', '123456']],
  ['worker', () => ['worker']],
];

describe('every command that runs the workers or uses a key refuses the development keys in production', () => {
  test.each(COMMANDS.flatMap(([name, args]) => DEVELOPMENT_SPELLINGS.map(([spelling, keys]) => [name, spelling, args, keys] as const)))(
    '%s with the keys %s: exits non-zero naming the variables, the ticket and the outbox unchanged',
    async (_name, spelling, args, keys) => {
      const run = await cli(args(), keys);
      expect(run.code).toBeGreaterThan(0);
      // A value that is not a key at all is refused by the configuration (naming the variable); the
      // development values by rule 17 (naming both).
      if (spelling === 'the zero key in base64') expect(run.stderr).toContain('SECRETS_KEY');
      else expect(run.stderr).toMatch(/SECRETS_KEY[\s\S]*MESSAGE_HMAC_KEY/);
      const [ticket] = await env.app.deps.db.select().from(tickets).where(eq(tickets.id, ticketId));
      expect(ticket!.status).not.toBe('rejected');
      expect(await env.app.deps.db.select().from(outbox).where(eq(outbox.ticketId, ticketId))).toEqual([]);
    },
    20_000,
  );
});

test('control: the same rejection with the installation’s own keys, in production, goes through', { timeout: 30_000 }, async () => {
  const run = await cli(['tickets', 'reject', ref, '--agent', agent, '--reason', 'not the holder'], REAL);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const [ticket] = await env.app.deps.db.select().from(tickets).where(eq(tickets.id, ticketId));
  expect(ticket!.status).toBe('rejected');
});
