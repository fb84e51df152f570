// The sql account directory (SPEC §9) against a separate database shaped like a plain
// application: configured FIND and RESET, ambiguity, and check() naming the wrong variable.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkDirectory } from '../../src/adapters/directory/health.ts';
import { createDirectory } from '../../src/adapters/directory/index.ts';
import { connectDatabase } from '../../src/adapters/db/client.ts';
import { loadConfig } from '../../src/config.ts';
import type { AccountDirectory } from '../../src/core/directory.ts';
import { createEmptyDatabase } from '../support/app-database.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

const FIND = `select id, email, name as full_name, org as organisations, totp_secret is not null as totp_enabled,
  md5(email || coalesce(totp_secret, '')) as version from users where lower(email) = $1`;
const RESET = `update users set totp_secret = null, recovery_codes = '{}' where id = $1::int;
  delete from sessions where user_id = $1::int`;

let app: TestDatabase;
let own: TestDatabase;
let appSql: postgres.Sql;
const opened: AccountDirectory[] = [];

function directory(env: Record<string, string>): AccountDirectory {
  const config = loadConfig({ ACCOUNT_DIRECTORY: 'sql', DIRECTORY_DATABASE_URL: app.url, DIRECTORY_SQL_FIND: FIND, DIRECTORY_SQL_RESET: RESET, ...env });
  const made = createDirectory(config, () => {
    throw new Error('the sql directory never needs our own database');
  });
  opened.push(made);
  return made;
}

beforeAll(async () => {
  app = await createEmptyDatabase('dirapp');
  own = await createTestDatabase('dirown');
  appSql = postgres(app.url, { max: 1, onnotice: () => {} });
  await appSql.unsafe(`
    create table users (id serial primary key, email text not null, name text, org text, totp_secret text, recovery_codes text[] not null default '{}');
    create table sessions (id serial primary key, user_id int not null references users(id), token text not null);
    insert into users (email, name, org, totp_secret, recovery_codes) values
      ('alice@example.com', 'Alice Martin', 'Acme, Beta', 'JBSWY3DPEHPK3PXP', '{a1,a2}'),
      ('Bob@Example.COM', 'Bob Stone', null, 'KRSXG5CTMVRXEZLU', '{b1}'),
      ('shared@example.com', 'One', null, null, '{}'),
      ('shared@example.com', 'Two', null, null, '{}');
    insert into sessions (user_id, token) values (1, 's1'), (1, 's2'), (2, 's3');`);
});

afterAll(async () => {
  await Promise.all(opened.map((d) => d.close()));
  await appSql?.end({ timeout: 5 });
  await app?.drop();
  await own?.drop();
});

describe('the sql directory with configured queries', () => {
  test('an address of one user is one account with its profile', async () => {
    const found = await directory({}).find('alice@example.com');
    expect(found).toMatchObject({
      kind: 'one',
      account: { id: '1', email: 'alice@example.com', fullName: 'Alice Martin', organisations: ['Acme', 'Beta'], totpEnabled: true },
    });
    expect(found.kind === 'one' && found.account.version).toMatch(/^[0-9a-f]{32}$/);
  });

  test('a case-different stored address is found when FIND compares lower-cased', async () => {
    expect(await directory({}).find('bob@example.com')).toMatchObject({ kind: 'one', account: { id: '2', fullName: 'Bob Stone', organisations: [] } });
  });

  test('a FIND that folds more than ASCII (lower() on both sides, a _ci collation) does not match another spelling (SPEC §5)', async () => {
    // lower() folds the Kelvin sign U+212A to k in a UTF-8 locale: the mailbox \u212Aarl@ would be karl's.
    await appSql.unsafe(`insert into users (email, name, org, totp_secret) values ('karl@example.com', 'Karl Peeters', null, null)`);
    const folding = { DIRECTORY_SQL_FIND: FIND.replace('lower(email) = $1', 'lower(email) = lower($1)') };
    expect((await appSql.unsafe(`select lower($1) as l`, ['\u212Aarl@example.com']))[0]?.l).toBe('karl@example.com');
    expect(await directory(folding).find('\u212Aarl@example.com')).toEqual({ kind: 'none' });
    // control: the address as matched finds the account, ASCII capitals stored or not
    expect(await directory(folding).find('karl@example.com')).toMatchObject({ kind: 'one', account: { fullName: 'Karl Peeters' } });
    expect(await directory(folding).find('bob@example.com')).toMatchObject({ kind: 'one', account: { email: 'Bob@Example.COM' } });
  });

  test('two users sharing an address are ambiguous, never the first hit', async () => {
    expect(await directory({}).find('shared@example.com')).toEqual({ kind: 'ambiguous', count: 2 });
    expect(await directory({}).find('nobody@example.com')).toEqual({ kind: 'none' });
  });

  test('the reset clears the secret and codes, deletes the sessions, and is safe to run twice', async () => {
    const dir = directory({});
    const found = await dir.find('alice@example.com');
    if (found.kind !== 'one') throw new Error('expected one');
    const report = await dir.resetSecondFactor(found.account, 'ticket:1');
    expect(report).toEqual({ totpEnabled: false, recoveryCodesRemoved: true, sessionsRevoked: true });
    expect(await dir.resetSecondFactor(found.account, 'ticket:1')).toEqual(report);
    const [user] = await appSql`select totp_secret, recovery_codes from users where id = 1`;
    expect(user).toEqual({ totp_secret: null, recovery_codes: [] });
    expect(await appSql`select token from sessions order by id`).toEqual([{ token: 's3' }]);
    expect(await dir.find('alice@example.com')).toMatchObject({ kind: 'one', account: { totpEnabled: false } });
  });

  test('check() passes on a sound configuration and changes nothing', async () => {
    await directory({}).check();
    expect(await appSql`select count(*)::int as n from sessions`).toEqual([{ n: 1 }]);
  });
});

describe('check() finds a wrong configuration at start, naming the variable', () => {
  test('a FIND without full_name', async () => {
    const find = 'select id, email, org as organisations, true as totp_enabled from users where email = $1';
    await expect(directory({ DIRECTORY_SQL_FIND: find }).check()).rejects.toThrow('DIRECTORY_SQL_FIND does not return full_name');
  });

  test('a FIND that does not parse or names a missing table', async () => {
    await expect(directory({ DIRECTORY_SQL_FIND: 'selec id from users where email = $1' }).check()).rejects.toThrow(/^DIRECTORY_SQL_FIND: .*syntax/);
    await expect(directory({ DIRECTORY_SQL_FIND: 'select * from people where email = $1' }).check()).rejects.toThrow(/^DIRECTORY_SQL_FIND: .*people/);
  });

  test('a RESET statement naming a missing column, before any reset', async () => {
    const reset = `update users set totp_secret = null where id = $1::int; delete from sessions where account_id = $1::int`;
    const error = await directory({ DIRECTORY_SQL_RESET: reset })
      .check()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'directory.misconfigured', message: expect.stringMatching(/^DIRECTORY_SQL_RESET \(statement 2\): .*account_id/) });
    expect(await appSql`select count(*)::int as n from users where totp_secret is not null`).toEqual([{ n: 1 }]);
  });

  test('an unreachable directory database is named without its password', async () => {
    const error = await directory({ DIRECTORY_DATABASE_URL: 'postgres://app:S3cretPassw0rd@127.0.0.1:1/app' })
      .check()
      .catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ code: 'directory.unavailable', message: expect.stringContaining('DIRECTORY_DATABASE_URL') });
    expect(String((error as Error).message)).not.toContain('S3cretPassw0rd');
  });

  test('the configuration refuses sql without its database or queries', () => {
    expect(() => loadConfig({ ACCOUNT_DIRECTORY: 'sql' })).toThrow(
      /DIRECTORY_DATABASE_URL: required[\s\S]*DIRECTORY_SQL_FIND: required[\s\S]*DIRECTORY_SQL_RESET: required/,
    );
    expect(() => loadConfig({ ACCOUNT_DIRECTORY: 'sql', DIRECTORY_DATABASE_URL: 'postgres://x@h/db', DIRECTORY_SQL_PRESET: 'django-otp' })).not.toThrow();
  });
});

describe('the builtin directory', () => {
  test("today's reset behind the port: secret and codes cleared, sessions revoked, version moved", async () => {
    const database = connectDatabase(own.url, { max: 1 });
    try {
      const [row] = await database.sql<{ id: number }[]>`insert into accounts (email, full_name, organisations, totp_secret, recovery_codes)
        values ('erin@example.com', 'Erin Hall', '[]'::jsonb, 'sealed', '["c1"]'::jsonb) returning id`;
      await database.sql`insert into account_sessions (account_id) values (${row!.id})`;
      const dir = createDirectory(loadConfig({}), () => database.db);
      const found = await dir.find('erin@example.com');
      if (found.kind !== 'one') throw new Error('expected one');
      expect(found.account).toMatchObject({ id: String(row!.id), fullName: 'Erin Hall', totpEnabled: true });
      expect(await dir.resetSecondFactor(found.account, 'ticket:1')).toEqual({ totpEnabled: false, recoveryCodesRemoved: true, sessionsRevoked: true });
      const [after] = await database.sql`select totp_secret, recovery_codes, must_enrol_totp from accounts where id = ${row!.id}`;
      expect(after).toEqual({ totp_secret: null, recovery_codes: [], must_enrol_totp: true });
      expect(await database.sql`select count(*)::int as n from account_sessions where revoked_at is null`).toEqual([{ n: 0 }]);
      const again = await dir.find('erin@example.com');
      expect(again.kind === 'one' && again.account.totpEnabled).toBe(false);
      expect(again.kind === 'one' && again.account.version).not.toBe(found.account.version);
      expect(() => loadConfig({ ACCOUNT_DIRECTORY: 'http' })).toThrow(/DIRECTORY_HTTP_URL/);
      const http = createDirectory(
        loadConfig({ ACCOUNT_DIRECTORY: 'http', DIRECTORY_HTTP_URL: 'http://127.0.0.1:9/directory', DIRECTORY_HTTP_SECRET: 'x'.repeat(32) }),
        () => database.db,
      );
      expect(http.kind).toBe('http');
    } finally {
      await database.close();
    }
  });
});

describe("doctor's account directory line", () => {
  const cfg = (env: Record<string, string>) =>
    loadConfig({ ACCOUNT_DIRECTORY: 'sql', DIRECTORY_DATABASE_URL: app.url, DIRECTORY_SQL_FIND: FIND, DIRECTORY_SQL_RESET: RESET, ...env });

  test('passes on a sound configuration, fails naming the variable, skips builtin', async () => {
    expect(await checkDirectory(cfg({}))).toMatchObject({ status: 'pass' });
    expect(await checkDirectory(cfg({ DIRECTORY_SQL_RESET: 'delete from nowhere where id = $1::int' }))).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/^DIRECTORY_SQL_RESET \(statement 1\): .*nowhere/),
    });
    expect(await checkDirectory(loadConfig({}))).toMatchObject({ status: 'skip' });
  });
});

describe('recovery-desk directory check', () => {
  const run = promisify(execFile);
  async function cli(args: string[], env: Record<string, string>) {
    try {
      const { stdout, stderr } = await run(process.execPath, [path.resolve('src/cli.ts'), 'directory', 'check', ...args], {
        env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      return error as { code: number; stdout: string; stderr: string };
    }
  }
  const sqlEnv = () => ({ ACCOUNT_DIRECTORY: 'sql', DIRECTORY_DATABASE_URL: app.url, DIRECTORY_SQL_FIND: FIND, DIRECTORY_SQL_RESET: RESET });

  test('sql: one, ambiguous and none as JSON, and a short text line', async () => {
    const one = await cli(['Bob@Example.com', '--json'], sqlEnv());
    expect(JSON.parse(one.stdout)).toEqual({
      directory: 'sql',
      result: 'one',
      account: { id: '2', email: 'Bob@Example.COM', fullName: 'Bob Stone', organisations: [], totpEnabled: true },
    });
    expect(JSON.parse((await cli(['shared@example.com', '--json'], sqlEnv())).stdout)).toEqual({ directory: 'sql', result: 'ambiguous' });
    expect((await cli(['nobody@example.com'], sqlEnv())).stdout).toBe('sql directory: no account with this address\n');
  });

  test('sql: a wrong query exits non-zero with the variable named, and no password', async () => {
    const bad = await cli(['bob@example.com', '--json'], { ...sqlEnv(), DIRECTORY_SQL_FIND: 'select id, email from users where email = $1' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('DIRECTORY_SQL_FIND does not return full_name');
    const down = await cli(['bob@example.com'], { ...sqlEnv(), DIRECTORY_DATABASE_URL: 'postgres://app:S3cretPassw0rd@127.0.0.1:1/app' });
    expect(down.code).toBe(2);
    expect(down.stderr).toContain('DIRECTORY_DATABASE_URL');
    expect(down.stderr + down.stdout).not.toContain('S3cretPassw0rd');
  });

  test('builtin: the account imported into our own table', async () => {
    const sql = postgres(own.url, { max: 1, onnotice: () => {} });
    await sql`insert into accounts (email, full_name, organisations, totp_secret) values ('carol@example.com', 'Carol Day', '["Acme"]'::jsonb, 'sealed')`;
    await sql.end({ timeout: 5 });
    const one = await cli(['Carol@example.com', '--json'], { DATABASE_URL: own.url });
    expect(JSON.parse(one.stdout)).toMatchObject({
      directory: 'builtin',
      result: 'one',
      account: { email: 'carol@example.com', fullName: 'Carol Day', organisations: ['Acme'], totpEnabled: true },
    });
    expect(JSON.parse((await cli(['dave@example.com', '--json'], { DATABASE_URL: own.url })).stdout)).toEqual({ directory: 'builtin', result: 'none' });
  });
});
