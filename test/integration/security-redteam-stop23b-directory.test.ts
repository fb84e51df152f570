// Attacks tried in stop 23, second pass (docs/security-log.md "Attacks tried in stop 23, second pass"): the
// external account directories around the reset (SPEC §9). The reset job checks the account's
// version, then calls the directory; between the two the holder may enrol a new authenticator
// (they found their phone, or they are fighting Eve's request). The approved reset must never clear
// it. And the http directory answering with redirects or fields outside the contract.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDirectory } from '../../src/adapters/directory/index.ts';
import { loadConfig } from '../../src/config.ts';
import type { AccountDirectory, DirectoryAccount } from '../../src/core/directory.ts';
import { decideAfterFailure } from '../../src/core/directory-reset.ts';
import { createEmptyDatabase } from '../support/app-database.ts';
import type { TestDatabase } from '../support/db.ts';
import { waitFor } from '../support/wait.ts';

const FIND = `select id, email, name as full_name, org as organisations, totp_secret is not null as totp_enabled,
  md5(email || coalesce(totp_secret, '')) as version from users where translate(email, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') = $1`;
const RESET = `update users set totp_secret = null, recovery_codes = '{}' where id = $1::int;
  delete from sessions where user_id = $1::int`;

let app: TestDatabase;
let appSql: postgres.Sql;
let directory: AccountDirectory;
let n = 0;

beforeAll(async () => {
  app = await createEmptyDatabase('rt23bdir');
  appSql = postgres(app.url, { max: 2, onnotice: () => {} });
  await appSql.unsafe(`
    create table users (id serial primary key, email text not null, name text, org text, totp_secret text, recovery_codes text[] not null default '{}');
    create table sessions (id serial primary key, user_id int not null references users(id), token text not null);`);
  const config = loadConfig({ ACCOUNT_DIRECTORY: 'sql', DIRECTORY_DATABASE_URL: app.url, DIRECTORY_SQL_FIND: FIND, DIRECTORY_SQL_RESET: RESET });
  directory = createDirectory(config, () => {
    throw new Error('the sql directory never needs our own database');
  });
});

afterAll(async () => {
  await directory?.close();
  await appSql?.end({ timeout: 5 });
  await app?.drop();
});

/** A user with 2FA, and the account as the approval saw it (the job passes the approved version). */
async function holder(): Promise<{ email: string; approved: DirectoryAccount }> {
  n += 1;
  const email = `holder${n}@example.com`;
  await appSql`insert into users (email, name, org, totp_secret, recovery_codes) values (${email}, 'Alice Martin', 'Good Example SRL', 'OLDSECRETOLDSECRET', '{r1}')`;
  const found = await directory.find(email);
  if (found.kind !== 'one') throw new Error(`expected one account, got ${found.kind}`);
  return { email, approved: found.account };
}
const secretOf = async (email: string) => (await appSql`select totp_secret from users where email = ${email}`)[0]!.totp_secret as string | null;

describe('the sql directory: the holder enrols again between the job’s check and the reset', () => {
  test('enrolled (committed) after the job read the version: the reset is refused, the new authenticator stays', async () => {
    const { email, approved } = await holder();
    await appSql`update users set totp_secret = 'NEWSECRETNEWSECRET' where email = ${email}`;
    // Before: RESET ran on the id alone and cleared the authenticator enrolled a moment earlier.
    await expect(directory.resetSecondFactor(approved, 'k1')).rejects.toMatchObject({ code: 'directory.version_changed' });
    expect(await secretOf(email)).toBe('NEWSECRETNEWSECRET');
    // What the job makes of it: a human, not a retry.
    expect(decideAfterFailure({ code: 'directory.version_changed', attempts: 1, now: new Date(), retryUntil: new Date(Date.now() + 60_000) })).toEqual({
      kind: 'needs_attention',
      reason: 'version_changed',
    });
  });

  test('enrolling while the reset runs (the holder’s row held): the reset fails and is retried, the new authenticator stays', async () => {
    const { email, approved } = await holder();
    const other = postgres(app.url, { max: 1, onnotice: () => {} });
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const enrolment = other.begin(async (t) => {
        await t`update users set totp_secret = 'NEWSECRETNEWSECRET' where email = ${email}`;
        locked();
        await held;
      });
      await isLocked;
      const reset = directory.resetSecondFactor(approved, 'k2').then(
        (report) => ({ report }),
        (error: unknown) => ({ error }),
      );
      // The reset read the account (the holder's change not yet committed) and waits on the row.
      await waitFor(
        async () => (await appSql`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`)[0]!.n > 0,
        {
          timeoutMs: 5000,
        },
      ).catch(() => undefined);
      release();
      await enrolment;
      const outcome = await reset;
      // Before: the reset's UPDATE ran after the holder's commit and cleared the new authenticator.
      expect(await secretOf(email)).toBe('NEWSECRETNEWSECRET');
      expect(outcome).toMatchObject({ error: { code: 'directory.unavailable' } });
      // The job's retry checks again and finds the new version.
      const again = await directory.find(email);
      expect(again.kind === 'one' && again.account.version !== approved.version).toBe(true);
    } finally {
      await other.end();
    }
  });

  test('control: an unchanged account is reset (and a second call with the same version changes nothing more)', async () => {
    const { email, approved } = await holder();
    await expect(directory.resetSecondFactor(approved, 'k3')).resolves.toMatchObject({ totpEnabled: false });
    expect(await secretOf(email)).toBeNull();
  });
});

describe('the http directory answering outside the contract', () => {
  let server: Server;
  let base: string;
  let answer: (path: string) => { status: number; headers?: Record<string, string>; body?: unknown } = () => ({ status: 404 });
  const seen: string[] = [];
  const http = () =>
    createDirectory(
      loadConfig({ ACCOUNT_DIRECTORY: 'http', DIRECTORY_HTTP_URL: `${base}/dir`, DIRECTORY_HTTP_SECRET: 'test-secret-0123456789-0123456789-abcdef' }),
      () => {
        throw new Error('the http directory never needs our own database');
      },
    );

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.url ?? '');
      req.resume();
      req.on('end', () => {
        const a = answer(req.url ?? '');
        res.writeHead(a.status, { 'content-type': 'application/json', ...(a.headers ?? {}) });
        res.end(a.body === undefined ? '' : JSON.stringify(a.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const alice = { id: '7', email: 'alice@example.com', fullName: 'Alice Martin', organisations: ['Good Example SRL'], totpEnabled: true, version: 'v1' };

  test.each([301, 302, 307, 308])('a lookup answered with a %i redirect is never followed: an error, no account', async (status) => {
    seen.length = 0;
    answer = (path) => (path === '/dir/lookup' ? { status, headers: { location: `${base}/elsewhere/lookup` } } : { status: 200, body: { accounts: [alice] } });
    await expect(http().find('alice@example.com')).rejects.toMatchObject({ code: 'directory.unavailable' });
    expect(seen).toEqual(['/dir/lookup']);
  });

  test('a reset answered with a redirect is never followed (the signed request goes nowhere else)', async () => {
    seen.length = 0;
    answer = () => ({ status: 307, headers: { location: `${base}/elsewhere/reset-2fa` } });
    await expect(http().resetSecondFactor(alice, 'key-1')).rejects.toMatchObject({ code: 'directory.unavailable' });
    expect(seen).toEqual(['/dir/accounts/7/reset-2fa']);
  });

  test('extra fields in a lookup (an "admin" flag, a second address, a "verified" claim) are not read', async () => {
    answer = () => ({
      status: 200,
      body: { accounts: [{ ...alice, admin: true, emails: ['eve@evil.example'], verified: true, senderAuthenticated: true }], matched: 'eve@evil.example' },
    });
    const found = await http().find('alice@example.com');
    expect(found).toEqual({ kind: 'one', account: alice });
  });

  test('a lookup answering the asked address beside a case variant of it is two accounts: ambiguous, no match', async () => {
    answer = () => ({ status: 200, body: { accounts: [alice, { ...alice, id: '8', email: 'Alice@example.com' }] } });
    expect(await http().find('alice@example.com')).toEqual({ kind: 'ambiguous', count: 2 });
  });

  test('control: the contract’s answer is one account', async () => {
    answer = () => ({ status: 200, body: { accounts: [alice] } });
    expect(await http().find('alice@example.com')).toEqual({ kind: 'one', account: alice });
  });
});
