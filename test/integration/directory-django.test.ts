// The django-otp preset verified against the real thing: a Django project using django_otp,
// otp_totp and otp_static on a PostgreSQL database of its own; what the reset did is checked
// through Django's and django-otp's own code (test/support/django/app.py).
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDirectory } from '../../src/adapters/directory/index.ts';
import { loadConfig } from '../../src/config.ts';
import type { AccountDirectory, DirectoryAccount } from '../../src/core/directory.ts';
import { createEmptyDatabase } from '../support/app-database.ts';
import type { TestDatabase } from '../support/db.ts';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const PACKAGES = ['python3-django', 'python3-django-otp', 'python3-psycopg2'];

let database: TestDatabase;
let project: string;
let directory: AccountDirectory;

async function django(args: string[]): Promise<string> {
  const env = { PATH: process.env.PATH ?? '', DJANGO_DB_NAME: database.name, PYTHONDONTWRITEBYTECODE: '1' };
  const { stdout } = await run(PYTHON, args, { cwd: project, env, timeout: 120_000 });
  return stdout;
}

const app = async <T>(...args: string[]): Promise<T> => JSON.parse(await django(['app.py', ...args])) as T;

interface DjangoUser {
  id: number;
  key: string;
  session: string;
}

/** Django and django-otp from Debian's packages, installed when missing (root only, as in scripts/setup.sh). */
async function ensureDjango(): Promise<void> {
  const present = () =>
    run(PYTHON, ['-c', 'import django, django_otp, psycopg2']).then(
      () => true,
      () => false,
    );
  if (await present()) return;
  if (process.getuid?.() !== 0) throw new Error(`Django is missing: run scripts/setup.sh as root (apt-get install -y ${PACKAGES.join(' ')})`);
  await run('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'install', '-y', ...PACKAGES], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    timeout: 600_000,
  });
}

async function findOne(email: string): Promise<DirectoryAccount> {
  const found = await directory.find(email);
  if (found.kind !== 'one') throw new Error(`expected one account for ${email}, got ${found.kind}`);
  return found.account;
}

let alice: DjangoUser;
let bob: DjangoUser;

beforeAll(async () => {
  await ensureDjango();
  database = await createEmptyDatabase('django');
  project = await mkdtemp(path.join(tmpdir(), 'rd-django-'));
  await cp(path.resolve('test/support/django'), project, { recursive: true });
  await django(['manage.py', 'migrate', '--no-input', '-v', '0']);
  alice = await app<DjangoUser>('user', 'alice', 'Alice@Example.com');
  bob = await app<DjangoUser>('user', 'bob', 'bob@example.com');
  const config = loadConfig({ ACCOUNT_DIRECTORY: 'sql', DIRECTORY_DATABASE_URL: database.url, DIRECTORY_SQL_PRESET: 'django-otp' });
  directory = createDirectory(config, () => {
    throw new Error('the sql directory never needs our own database');
  });
}, 900_000);

afterAll(async () => {
  await directory?.close();
  await database?.drop();
  if (project) await rm(project, { recursive: true, force: true });
});

describe('the django-otp preset on a real Django project', () => {
  test('check() accepts the preset against the migrated schema', async () => {
    await directory.check();
  });

  // Django's create_user lower-cases the domain only: the local part's capital stays stored.
  test('a user is found by the address with ASCII letters lower-cased, with name, groups and 2FA', async () => {
    const account = await findOne('alice@example.com');
    expect(account).toMatchObject({ id: String(alice.id), email: 'Alice@example.com', fullName: 'Alice Martin', organisations: ['Acme'], totpEnabled: true });
    expect(account.version).toMatch(/^[0-9a-f]{32}$/);
  });

  test('before the reset, Django sees the devices, the recovery tokens and a verified session', async () => {
    expect(await app('state', 'alice', alice.session)).toEqual({ devices: 2, recoveryTokens: 2, sessionExists: true, authenticated: true, verified: true });
    // Django compressed it ("." prefix): no SQL text could have told whose session it is.
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    const [row] = await sql`select session_data from django_session where session_key = ${alice.session}`;
    await sql.end({ timeout: 5 });
    expect(String(row?.session_data)).toMatch(/^\./);
  });

  test('after the reset Django finds no device, no code verifies and the sessions are gone; twice is fine', async () => {
    const before = await findOne('alice@example.com');
    const report = await directory.resetSecondFactor(before, 'ticket:1');
    expect(report).toEqual({ totpEnabled: false, recoveryCodesRemoved: true, sessionsRevoked: true });
    expect(await directory.resetSecondFactor(before, 'ticket:1')).toEqual(report);

    expect(await app('state', 'alice', alice.session)).toEqual({ devices: 0, recoveryTokens: 0, sessionExists: false, authenticated: false, verified: false });
    expect(await app('verify', 'alice', alice.key)).toEqual({ totpVerifies: false, recoveryCodeVerifies: false });
    const after = await findOne('alice@example.com');
    expect(after.totpEnabled).toBe(false);
    expect(after.version).not.toBe(before.version);
  });

  test('another user keeps their devices and session', async () => {
    expect(await app('state', 'bob', bob.session)).toEqual({ devices: 2, recoveryTokens: 2, sessionExists: true, authenticated: true, verified: true });
  });

  test('a second user whose address differs only in ASCII case makes the address ambiguous', async () => {
    await app('user', 'alice2', 'alice@example.com');
    expect(await directory.find('alice@example.com')).toEqual({ kind: 'ambiguous', count: 2 });
  });

  test('nothing but ASCII letters is folded: a non-ASCII capital stays as it is', async () => {
    await app('user', 'elodie', 'Élodie@example.com');
    expect(await directory.find('élodie@example.com')).toEqual({ kind: 'none' });
    expect(await directory.find('Élodie@example.com')).toMatchObject({ kind: 'one', account: { fullName: 'Elodie Martin' } });
  });
});
