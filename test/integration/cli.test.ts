// The command line of SPEC §7.1 as scripts use it: child processes, JSON on stdout,
// errors on stderr with a non-zero exit code.
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { totpCode, verifyTotp } from '../../src/adapters/totp/totp.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { buildMail, COMPLETE_REQUEST_EN } from '../support/mail.ts';
import { cleanupPrefix, testQueuePrefix } from '../support/redis.ts';
import { TEST_AUTHSERV } from '../support/app.ts';

const run = promisify(execFile);
const CLI = path.resolve('src/cli.ts');
let database: TestDatabase;
let prefix: string;
let dir: string;
let env: Record<string, string>;

async function cli(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const child = run(process.execPath, [CLI, ...args], { env, maxBuffer: 10 * 1024 * 1024 });
    if (input !== undefined) {
      child.child.stdin?.end(input);
    } else {
      child.child.stdin?.end();
    }
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  database = await createTestDatabase('cli');
  await database.drop(); // `migrate` must create it
  prefix = testQueuePrefix();
  dir = await mkdtemp(path.join(tmpdir(), 'rd-cli-'));
  env = {
    PATH: process.env.PATH ?? '',
    DATABASE_URL: database.url,
    QUEUE_PREFIX: prefix,
    MAIL_OUTBOX_DIR: path.join(dir, 'outbox'),
    // The holder's mail only: agents' notices (tested in notify.test.ts) would land in the same folder.
    NOTIFY_AGENTS: 'off',
    SUPPORT_ADDRESS: 'support@bpart.test',
    TRUSTED_AUTHSERV_IDS: TEST_AUTHSERV,
    SENDER_AUTH_DNS: 'off',
    RECOVERY_CHALLENGE: 'off',
    RECOVERY_CANCEL_WINDOW: '0',
    SECRETS_KEY: '22'.repeat(32),
    RECOVERY_DESK_ENV: 'development',
    LOG_LEVEL: 'silent',
  };
});
afterAll(async () => {
  await database?.drop();
  await cleanupPrefix(prefix);
  await rm(dir, { recursive: true, force: true });
});

describe('recovery-desk on the command line', () => {
  let agentSecret = '';
  let ref = '';

  test('migrate creates the database and applies every migration', async () => {
    const result = await cli(['migrate']);
    expect(result.code, result.stderr).toBe(0);
    expect((await cli(['migrate'])).code).toBe(0); // again: nothing to do
  });

  test('accounts import upserts accounts and accounts show prints them', async () => {
    const file = path.join(dir, 'accounts.json');
    await writeFile(
      file,
      JSON.stringify([
        {
          email: 'Sarah.Connor@Northwind.example',
          fullName: 'Sarah Connor',
          organisations: ['Northwind Traders'],
          totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
          emailChangedAt: new Date(Date.now() - 5 * 86_400_000).toISOString(),
        },
      ]),
    );
    expect((await cli(['accounts', 'import', file])).code).toBe(0);
    const shown = await cli(['accounts', 'show', 'sarah.connor@northwind.example', '--json']);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      email: 'sarah.connor@northwind.example',
      fullName: 'Sarah Connor',
      organisations: ['Northwind Traders'],
      totpEnabled: true,
    });
  });

  test('a malformed accounts file is refused with what is wrong, and nothing is imported', async () => {
    const file = path.join(dir, 'bad.json');
    await writeFile(file, JSON.stringify([{ email: 'x@y.example', organisations: [] }]));
    const result = await cli(['accounts', 'import', file]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/fullName/);
    expect((await cli(['accounts', 'show', 'x@y.example', '--json'])).code).not.toBe(0);
    expect((await cli(['accounts', 'import', path.join(dir, 'missing.json')])).stderr).toContain('missing.json: no such file');
  });

  test('agents create prints the TOTP secret, its otpauth URI and a generated password', async () => {
    const result = await cli(['agents', 'create', '--email', 'alice@bpart.test', '--name', 'Alice', '--role', 'admin', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const agent = JSON.parse(result.stdout);
    expect(agent).toMatchObject({ email: 'alice@bpart.test', role: 'admin' });
    expect(agent.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect(agent.password.length).toBeGreaterThanOrEqual(12);
    agentSecret = agent.totpSecret;
    const withPassword = await cli(
      ['agents', 'create', '--email', 'bob@bpart.test', '--name', 'Bob', '--password-stdin', '--json'],
      'a long enough password\n',
    );
    expect(JSON.parse(withPassword.stdout).password).toBeUndefined();
    expect((await cli(['agents', 'create', '--email', 'alice@bpart.test', '--name', 'Again'])).stderr).toMatch(/exists already/);
  });

  test("agents code prints the agent's current TOTP code in development mode, and refuses in production", async () => {
    const code = await cli(['agents', 'code', '--email', 'Alice@bpart.test']);
    expect(code.code, code.stderr).toBe(0);
    expect(code.stdout.trim()).toMatch(/^\d{6}$/);
    expect(await verifyTotp(agentSecret, code.stdout.trim())).toMatchObject({ valid: true });
    expect(JSON.parse((await cli(['agents', 'code', '--email', 'alice@bpart.test', '--json'])).stdout)).toMatchObject({
      email: 'alice@bpart.test',
      code: expect.stringMatching(/^\d{6}$/),
    });
    expect((await cli(['agents', 'code', '--email', 'nobody@bpart.test'])).stderr).toMatch(/no agent nobody@bpart.test/);

    const saved = env;
    const { RECOVERY_DESK_ENV: _development, ...production } = env;
    env = { ...production, MESSAGE_HMAC_KEY: '44'.repeat(32) };
    const refused = await cli(['agents', 'code', '--email', 'alice@bpart.test']);
    env = saved;
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/only with RECOVERY_DESK_ENV=development/);
  });

  test('inspect prints the §4 JSON without touching any service', async () => {
    const file = path.join(dir, 'request.eml');
    await writeFile(file, buildMail({ from: 'sarah.connor@northwind.example', body: COMPLETE_REQUEST_EN }));
    const result = await cli(['inspect', file]);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ kind: 'recovery_request', language: 'en', sender: { address: 'sarah.connor@northwind.example' }, missing: [] });
    expect(Object.keys(json.fields).sort()).toEqual(['explanation', 'fullName', 'organisation']);
  });

  test("inspect --explain prints each field's candidates, the rule that chose and why the others were refused", async () => {
    const file = path.join(dir, 'council.eml');
    const body =
      'My phone was stolen, please reset my 2FA.\n\nKind regards,\n\nOlivier Dumont\nÉchevin des Sports\nAdministration communale de Gembloux\nTél. 081 62 63 00\n';
    await writeFile(file, buildMail({ from: 'olivier.dumont@gembloux.example', body }));
    const result = await cli(['inspect', file, '--explain']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('organisation: "Administration communale de Gembloux"');
    expect(result.stdout).toMatch(/"Échevin des Sports" from block-role: refused, a role or job title, not an organisation/);
  });

  test('ingest --wait stores, processes and prints the outcome; the reply is written as an .eml file', async () => {
    const raw = buildMail({ from: 'sarah.connor@northwind.example', body: COMPLETE_REQUEST_EN }).toString('utf8');
    const result = await cli(['ingest', '-', '--wait', '--json'], raw);
    expect(result.code, result.stderr).toBe(0);
    const outcome = JSON.parse(result.stdout);
    expect(outcome).toMatchObject({ status: 'ticket_opened', kind: 'recovery_request', ticketRef: expect.stringMatching(/^REC-\d{4}-\d{6}$/) });
    expect(typeof outcome.messageId).toBe('number');
    ref = outcome.ticketRef;
    const files = await readdir(path.join(dir, 'outbox'));
    expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(1);
  });

  test('tickets list and show give the documented shapes', async () => {
    const list = JSON.parse((await cli(['tickets', 'list', '--json'])).stdout);
    expect(list[0]).toMatchObject({ ref, status: 'ready', accountEmail: 'sarah.connor@northwind.example', kind: 'recovery_request', missing: [] });
    expect(list[0].createdAt).toMatch(/^\d{4}-/);
    const show = JSON.parse((await cli(['tickets', 'show', ref, '--json'])).stdout);
    expect(show).toMatchObject({ ref, status: 'ready', account: { email: 'sarah.connor@northwind.example' }, language: 'en', missing: [] });
    expect(show.signals).toMatchObject({
      senderAuthenticated: true,
      authReason: 'trusted_authserv_dmarc_pass',
      nameMatch: 'match',
      organisationMatch: 'match',
      flags: [],
    });
    expect(show.signals.emailChangedRecently).toBe(true); // the account's email changed 5 days ago
    expect(show.replies[0]).toMatchObject({ to: 'sarah.connor@northwind.example', kind: 'acknowledgement' });
    expect(show.replies[0].subject).toContain(ref);
    expect(show.events.length).toBeGreaterThan(0);
    expect((await cli(['tickets', 'list', '--status', 'nonsense', '--json'])).code).not.toBe(0);
    // an empty list says so, rather than printing nothing
    expect((await cli(['tickets', 'list', '--status', 'cancelled'])).stdout).toBe('no cancelled tickets\n');
    expect((await cli(['tickets', 'list', '--status', 'cancelled', '--json'])).stdout.trim()).toBe('[]');
  });

  test('tickets approve refuses a wrong code, then clears the account 2FA with a fresh one', async () => {
    const wrong = await cli(['tickets', 'approve', ref, '--agent', 'alice@bpart.test', '--totp', '000000']);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/code/);
    const ok = await cli(['tickets', 'approve', ref, '--agent', 'alice@bpart.test', '--totp', await totpCode(agentSecret)]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ status: 'done', ref });
    expect(JSON.parse((await cli(['accounts', 'show', 'sarah.connor@northwind.example', '--json'])).stdout).totpEnabled).toBe(false);
    const files = await readdir(path.join(dir, 'outbox'));
    expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(2); // the confirmation
  });

  test('tickets reject needs a reason and closes the ticket', async () => {
    const raw = buildMail({
      from: 'nobody@unknown.example',
      body: 'I lost my phone with my authenticator, please reset my 2FA. My name is No Body, I run Unknown BV.',
    }).toString('utf8');
    const outcome = JSON.parse((await cli(['ingest', '-', '--wait', '--json'], raw)).stdout);
    expect((await cli(['tickets', 'reject', outcome.ticketRef, '--agent', 'alice@bpart.test'])).code).not.toBe(0);
    const rejected = await cli(['tickets', 'reject', outcome.ticketRef, '--agent', 'alice@bpart.test', '--reason', 'No account uses this address.']);
    expect(rejected.code, rejected.stderr).toBe(0);
    expect(JSON.parse((await cli(['tickets', 'show', outcome.ticketRef, '--json'])).stdout).status).toBe('rejected');
  });

  // Many CLI processes in a row: the time is theirs to start, not a speed target.
  test('five wrong codes lock an agent out of approving until agents unlock', { timeout: 180_000 }, async () => {
    const created = JSON.parse((await cli(['agents', 'create', '--email', 'locky@bpart.test', '--name', 'Locky', '--json'])).stdout);
    for (let i = 0; i < 5; i++) await cli(['tickets', 'approve', ref, '--agent', 'locky@bpart.test', '--totp', '000000']);
    const locked = await cli(['tickets', 'approve', ref, '--agent', 'locky@bpart.test', '--totp', await totpCode(created.totpSecret)]);
    expect(locked.stderr).toMatch(/locked/);
    const unlock = await cli(['agents', 'unlock', '--email', 'locky@bpart.test', '--json']);
    expect(unlock.code, unlock.stderr).toBe(0);
    const after = await cli([
      'tickets',
      'approve',
      ref,
      '--agent',
      'locky@bpart.test',
      '--totp',
      await totpCode(created.totpSecret, Math.floor(Date.now() / 1000) + 30),
    ]);
    expect(after.stderr).not.toMatch(/locked/);
    expect(after.stderr).toMatch(/done ticket cannot be approved/); // past the step-up: only the ticket's state refuses now
  });

  test('secrets rotate re-seals every TOTP secret with the new key; the old key can then go', async () => {
    const saved = env;
    env = { ...env, SECRETS_KEY: '33'.repeat(32), SECRETS_KEY_ID: 'k2', SECRETS_PREVIOUS_KEYS: `k1:${saved.SECRETS_KEY}` };
    const rotated = await cli(['secrets', 'rotate', '--json']);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(JSON.parse(rotated.stdout).resealed).toBeGreaterThanOrEqual(3); // one account, three agents
    const sql = postgres(database.url, { max: 1 });
    const rows = await sql<
      { secret: string }[]
    >`select totp_secret as secret from agents union all select totp_secret from accounts where totp_secret is not null`;
    await sql.end();
    expect(rows.every((row) => row.secret.startsWith('v1:k2:'))).toBe(true);
    env = { ...saved, SECRETS_KEY: '33'.repeat(32), SECRETS_KEY_ID: 'k2' }; // the old key is gone
    const approve = await cli([
      'tickets',
      'approve',
      ref,
      '--agent',
      'alice@bpart.test',
      '--totp',
      await totpCode(agentSecret, Math.floor(Date.now() / 1000) + 30),
    ]);
    expect(approve.stderr).toMatch(/done ticket cannot be approved/); // the agent's secret still opens: past the step-up
    env = saved;
  });

  test('a wrong configuration names the variable and stops', async () => {
    const saved = env;
    env = { ...env, HTTP_PORT: 'eighty', RECOVERY_APPROVERS: '3' };
    const result = await cli(['tickets', 'list', '--json']);
    env = saved;
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/HTTP_PORT/);
    expect(result.stderr).toMatch(/RECOVERY_APPROVERS/);
  });

  test('a DKIM key file that cannot be read is named with the fix, before any connection', async () => {
    const saved = env;
    env = { ...env, DKIM_PRIVATE_KEY_FILE: path.join(dir, 'no-such-dkim.pem') };
    const result = await cli(['tickets', 'list']);
    env = saved;
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DKIM_PRIVATE_KEY_FILE: cannot read');
    expect(result.stderr).toContain('(ENOENT): point it at a PEM private key readable by this user');
  });

  test('an unknown option, `help` and a taken HTTP_PORT each say what to do', async () => {
    const typo = await cli(['tickets', 'list', '--sttus', 'ready']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("unknown option --sttus: see 'recovery-desk --help'");
    const help = await cli(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: recovery-desk <command>');
    const directory = await cli(['inspect', dir]);
    expect(directory.stderr).toContain('a directory: give one message file (.eml)');
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    const saved = env;
    env = { ...env, HTTP_PORT: String(port), INSPECT_THREADS: '0' };
    const web = await cli(['web']);
    env = saved;
    taken.close();
    expect(web.code).not.toBe(0);
    expect(web.stderr).toContain('EADDRINUSE');
    expect(web.stderr).toContain('set HTTP_PORT (METRICS_PORT for a worker) to a free port');
  });
});
