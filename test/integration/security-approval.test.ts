// Issue 3 / SPEC §6 rule 6 through the real command line: approving an unauthenticated ticket
// needs a written override reason and a second, different approver. `recovery-desk tickets
// approve` runs as a child process on the test's database and queue prefix.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { accounts } from '../../src/adapters/db/schema/index.ts';
import { totpCode } from '../../src/adapters/totp/totp.ts';
import { approveTicket } from '../../src/steps/approve-ticket.ts';
import { seedAccount, seedAgent, type TestEnv } from '../support/app.ts';
import { REDIS_URL } from '../support/run.ts';
import {
  deliverOne,
  detailOf,
  expectTwoFactorUntouched,
  guardRealDns,
  offlineZone,
  rawMessage,
  recipients,
  request,
  settleOutbox,
  usePipelineWithSink,
} from '../support/security.ts';
import { type SmtpSink } from '../support/smtp-sink.ts';

const zone = offlineZone();
guardRealDns(zone);

const running = usePipelineWithSink(zone);
let sink: SmtpSink;
let env: TestEnv;
beforeAll(() => {
  ({ sink, env } = running());
});

const ROOT = resolve(import.meta.dirname, '../..');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `node src/cli.ts …` with the test installation's environment, and nothing else of ours. */
function cli(args: string[]): Promise<CliResult> {
  const c = env.config;
  const childEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    DATABASE_URL: c.DATABASE_URL,
    REDIS_URL: REDIS_URL,
    QUEUE_PREFIX: c.QUEUE_PREFIX,
    SUPPORT_ADDRESS: c.SUPPORT_ADDRESS,
    TRUSTED_AUTHSERV_IDS: c.TRUSTED_AUTHSERV_IDS.join(','),
    SECRETS_KEY: c.SECRETS_KEY,
    SECRETS_KEY_ID: c.SECRETS_KEY_ID,
    MESSAGE_HMAC_KEY: c.MESSAGE_HMAC_KEY,
    RECOVERY_DESK_ENV: 'development',
    SMTP_URL: sink.url,
    RECOVERY_CHALLENGE: c.RECOVERY_CHALLENGE,
    RECOVERY_CANCEL_WINDOW: '0',
    RECOVERY_APPROVERS: String(c.RECOVERY_APPROVERS),
    MAIL_OUTBOX_DIR: c.MAIL_OUTBOX_DIR,
    LOG_LEVEL: 'silent',
  };
  return new Promise((done) => {
    execFile(process.execPath, ['src/cli.ts', ...args], { cwd: ROOT, env: childEnv, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

/** A fresh code for the agent: `ahead` steps of 30 s on (within the one-step drift the check allows). */
const code = (secret: string, ahead = 0) => totpCode(secret, Math.floor(Date.now() / 1000) + ahead * 30);

async function totpSecretOf(email: string): Promise<string | null> {
  const [row] = await env.app.deps.db.select({ totpSecret: accounts.totpSecret }).from(accounts).where(eq(accounts.email, email));
  return row!.totpSecret;
}

describe('approving an unauthenticated ticket from the command line', () => {
  // Many CLI processes in a row: the time is theirs to start, not a speed target.
  test('refused without an override reason, refused twice by the same agent, done only with a second, different approver', { timeout: 180_000 }, async () => {
    await seedAccount(env, { email: 'alice@override.example', fullName: 'Alice Martin', organisations: ['Override SRL'] });
    const first = await seedAgent(env, 'first@bpart.test');
    const second = await seedAgent(env, 'second@bpart.test');
    const third = await seedAgent(env, 'third@bpart.test');
    // a forged request (no signature, a Reply-To to the attacker)
    const row = await deliverOne(
      env,
      rawMessage({ from: 'alice@override.example', body: request('Alice Martin', 'Override SRL'), headers: ['Reply-To: mallory@evil.example'] }),
    );
    const ticket = await detailOf(env, row);
    expect(ticket.status).toBe('ready');
    expect(recipients(sink)).toEqual([]);

    // `tickets show --json` has the §7.1 shape with the verdict
    const shown = await cli(['tickets', 'show', ticket.ref, '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      ref: ticket.ref,
      account: { email: 'alice@override.example' },
      signals: { senderAuthenticated: false, authReason: 'no_aligned_pass', flags: ['reply_to_differs'] },
    });

    // 1. no --reason: refused, non-zero exit, a message saying what to do
    const noReason = await cli(['tickets', 'approve', ticket.ref, '--agent', second.email, '--totp', await code(second.totpSecret)]);
    expect(noReason.code).not.toBe(0);
    expect(noReason.stderr).toMatch(/override reason/i);
    expect(noReason.stderr).toContain('--reason');
    expect(noReason.stdout).toBe('');
    expect(noReason.stderr).not.toMatch(/^\s+at /m); // a refusal, not a crash
    expect(await totpSecretOf('alice@override.example')).not.toBeNull();

    // an empty reason is no reason
    const blank = await cli(['tickets', 'approve', ticket.ref, '--agent', third.email, '--totp', await code(third.totpSecret), '--reason', '   ']);
    expect(blank.code).not.toBe(0);
    expect(blank.stderr).toMatch(/override reason/i);

    // 2. with a reason: recorded, but one approver is not enough
    const one = await cli([
      'tickets',
      'approve',
      ticket.ref,
      '--agent',
      first.email,
      '--totp',
      await code(first.totpSecret),
      '--reason',
      'Called the customer on the phone number on file',
    ]);
    expect(one.code, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout)).toMatchObject({ status: 'awaiting_second_approver', ref: ticket.ref });
    expect(await totpSecretOf('alice@override.example')).not.toBeNull();

    // 3. the same agent again, with a fresh code: refused
    const again = await cli(['tickets', 'approve', ticket.ref, '--agent', first.email, '--totp', await code(first.totpSecret, 1), '--reason', 'me again']);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/second, different approver/i);
    expect(await totpSecretOf('alice@override.example')).not.toBeNull();
    await expectTwoFactorUntouched(env, ['alice@override.example']);

    // 4. a second, different agent with a reason: the reset runs (cancel window 0 here)
    const two = await cli([
      'tickets',
      'approve',
      ticket.ref,
      '--agent',
      second.email,
      '--totp',
      await code(second.totpSecret, 1),
      '--reason',
      'Checked the organisation with its director',
    ]);
    expect(two.code, two.stderr).toBe(0);
    expect(JSON.parse(two.stdout)).toMatchObject({ status: 'done' });
    expect(await totpSecretOf('alice@override.example')).toBeNull();
    await settleOutbox(env);
    // only the stored address is told, never the Reply-To
    expect(recipients(sink)).toEqual(['alice@override.example']);

    const done = await detailOf(env, row);
    const types = done.events.map((e) => e.type);
    expect(types.filter((t) => t === 'approval_refused').length).toBeGreaterThanOrEqual(2);
    expect(types.filter((t) => t === 'approval_override')).toHaveLength(2);
    expect(types).toContain('reset_done');
    const overrides = done.events.filter((e) => e.type === 'approval_override');
    expect(new Set(overrides.map((e) => e.actor))).toEqual(new Set([first.email, second.email]));
  });
});

describe('an agent who is also an account holder', () => {
  // Separation of duties: an agent's console login and code are not proof of who writes from
  // their mailbox, and nobody vouches for their own identity.
  test("cannot approve a reset of their own account, by the account's address or the request's; another agent can", { timeout: 60_000 }, async () => {
    await seedAccount(env, { email: 'dana@bpart.test', fullName: 'Dana Wouters', organisations: ['Wouters Consulting'] });
    const dana = await seedAgent(env, 'dana@bpart.test');
    const other = await seedAgent(env, 'erik@bpart.test');
    const row = await deliverOne(env, rawMessage({ from: 'dana@bpart.test', body: request('Dana Wouters', 'Wouters Consulting') }));
    const ticket = await detailOf(env, row);
    expect(ticket.status).toBe('ready');
    const reason = 'I know it is me';

    await expect(approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: dana.email, totpCode: await code(dana.totpSecret), reason })).rejects.toMatchObject(
      {
        code: 'approval.own_account',
      },
    );
    expect(await totpSecretOf('dana@bpart.test')).not.toBeNull();
    const refused = (await detailOf(env, row)).events.filter((e) => e.type === 'approval_refused');
    expect(refused.at(-1)).toMatchObject({ actor: dana.email, data: { code: 'approval.own_account' } });

    // control: the same ticket, another agent: recorded as usual
    const first = await approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: other.email, totpCode: await code(other.totpSecret), reason });
    expect(first.status).not.toBe('refused');
    // and Dana cannot be the second approver either
    await expect(
      approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: dana.email, totpCode: await code(dana.totpSecret, 1), reason }),
    ).rejects.toMatchObject({ code: 'approval.own_account' });
  });
});
