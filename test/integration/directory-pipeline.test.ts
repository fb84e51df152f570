// The pipeline matching through the sql account directory (SPEC §9): a separate database shaped
// like a plain application; the profile on file is the directory's at processing time, an
// address shared by several users is unmatched as `ambiguous_account`, and an approval resets the
// user in the application's own tables (the outbox and its failures: directory-reset.test.ts).
// The local stand-in follows the directory's account id, never its address: an address that
// changes keeps the account's recovery lock and tickets, an account recreated under an old
// address inherits neither (docs/security-log.md, "Attacks tried in stop 22, fourth pass").
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { accounts, tickets } from '../../src/adapters/db/schema/index.ts';
import { totpCode } from '../../src/adapters/totp/totp.ts';
import { approveTicket } from '../../src/steps/approve-ticket.ts';
import { disputeByToken } from '../../src/steps/holder-dispute.ts';
import { directoryOperations } from '../../src/adapters/db/schema/index.ts';
import { seedAccount, seedAgent, type TestEnv } from '../support/app.ts';
import { createEmptyDatabase } from '../support/app-database.ts';
import { MIGRATIONS_FOLDER, migrateDatabase } from '../../src/adapters/db/migrate.ts';
import type { TestDatabase } from '../support/db.ts';
import { startReceiver, type Receiver } from '../support/directory-receiver.ts';
import { waitFor } from '../support/wait.ts';
import { deliverOne, detailOf, rawMessage, recipients, request, settleOutbox, sign, signingZone, useFreshEnvsWithSink } from '../support/security.ts';

const FIND = `select id, email, name as full_name, org as organisations, totp_secret is not null as totp_enabled,
  md5(email || coalesce(totp_secret, '')) as version from users where lower(email) = $1`;
const RESET = `update users set totp_secret = null, recovery_codes = '{}' where id = $1::int;
  delete from sessions where user_id = $1::int`;

const { zone, key } = signingZone();
const pipeline = useFreshEnvsWithSink(zone);

let appDb: TestDatabase;
let appSql: postgres.Sql;
let receiver: Receiver;
const HTTP_SECRET = 'directory-pipeline-secret-0123456789';

beforeAll(async () => {
  appDb = await createEmptyDatabase('dirpipe');
  appSql = postgres(appDb.url, { max: 1, onnotice: () => {} });
  await appSql.unsafe(`
    create table users (id serial primary key, email text not null, name text, org text, totp_secret text, recovery_codes text[] not null default '{}');
    create table sessions (id serial primary key, user_id int not null references users(id), token text not null);
    insert into users (email, name, org, totp_secret, recovery_codes) values
      ('victor@genuine.example', 'Victor Holder', 'Genuine BV', 'JBSWY3DPEHPK3PXP', '{a1,a2}'),
      ('shared@genuine.example', 'One', null, null, '{}'),
      ('shared@genuine.example', 'Two', null, null, '{}');
    insert into sessions (user_id, token) values (1, 's1');`);
  receiver = await startReceiver(HTTP_SECRET, '/directory');
  await receiver.seed([
    { id: 'u-7', email: 'victor@genuine.example', fullName: 'Victor Holder', organisations: ['Genuine BV'], totpEnabled: true },
    { id: 'u-8', email: 'shared@genuine.example', fullName: 'One' },
    { id: 'u-9', email: 'shared@genuine.example', fullName: 'Two' },
  ]);
});
afterAll(async () => {
  await receiver?.stop();
  await appSql?.end({ timeout: 5 });
  await appDb?.drop();
});

async function sqlEnv(): Promise<TestEnv> {
  const e = await pipeline.freshEnv({ ACCOUNT_DIRECTORY: 'sql', DIRECTORY_DATABASE_URL: appDb.url, DIRECTORY_SQL_FIND: FIND, DIRECTORY_SQL_RESET: RESET });
  e.startWorker();
  return e;
}

const signedRequest = (from: string, name: string, organisation: string) =>
  sign(rawMessage({ from: `${name} <${from}>`, body: request(name, organisation) }), { domain: 'genuine.example', key });

describe('matching through the sql directory', () => {
  test('a request from an application user opens a ticket with the directory’s profile on file; the approval resets the user there', async () => {
    const e = await sqlEnv();
    const row = await deliverOne(e, await signedRequest('victor@genuine.example', 'Victor Holder', 'Genuine BV'));
    const detail = await detailOf(e, row);
    expect(detail.status).toBe('ready');
    expect(detail.signals).toMatchObject({
      senderAuthenticated: true,
      nameMatch: 'match',
      organisationMatch: 'match',
      onFile: { directory: 'sql', id: '1', email: 'victor@genuine.example', fullName: 'Victor Holder', organisations: ['Genuine BV'], totpEnabled: true },
    });
    expect((detail.signals as { onFile?: { version?: string } }).onFile?.version).toMatch(/^[0-9a-f]{32}$/);
    // What agents see on file is the application's account, not the local stand-in.
    expect(detail.account).toEqual({ email: 'victor@genuine.example', fullName: 'Victor Holder', organisations: ['Genuine BV'], totpEnabled: true });
    expect(recipients(pipeline.sink())).toEqual(['victor@genuine.example']);
    // The local stand-in carries no secret: the second factor lives in the application.
    const [local] = await e.app.deps.db.select().from(accounts).where(eq(accounts.email, 'victor@genuine.example'));
    expect(local?.totpSecret).toBeNull();

    const agent = await seedAgent(e, 'agent@bpart.test');
    const [ticket] = await e.app.deps.db.select().from(tickets).where(eq(tickets.id, row.ticketId!));
    expect(await approveTicket(e.app.deps, { ref: ticket!.ref, agentEmail: agent.email, totpCode: await totpCode(agent.totpSecret) })).toMatchObject({
      status: 'resetting',
    });
    await waitFor(async () => (await e.app.deps.db.select().from(tickets).where(eq(tickets.id, row.ticketId!)))[0]?.status === 'done', {
      what: 'the ticket done',
    });
    const [user] = await appSql`select totp_secret, recovery_codes from users where id = 1`;
    expect(user).toMatchObject({ totp_secret: null, recovery_codes: [] });
    expect((await appSql`select count(*)::int as n from sessions where user_id = 1`)[0]?.n).toBe(0);
  });

  test('an address several application users share is unmatched as ambiguous_account, with no mail', async () => {
    const e = await sqlEnv();
    const row = await deliverOne(e, await signedRequest('shared@genuine.example', 'One', 'Genuine BV'));
    const detail = await detailOf(e, row);
    expect(detail.status).toBe('unmatched');
    expect(detail.signals.unmatchedReason).toBe('ambiguous_account');
    expect(detail.signals.flags).toContain('ambiguous_account');
    expect(row.reason).toBe('ambiguous_account');
    expect(recipients(pipeline.sink())).toEqual([]);
  });
});

describe('matching through the http directory (the reference receiver)', () => {
  const httpEnv = async () => {
    const e = await pipeline.freshEnv({ ACCOUNT_DIRECTORY: 'http', DIRECTORY_HTTP_URL: receiver.url, DIRECTORY_HTTP_SECRET: HTTP_SECRET });
    e.startWorker();
    return e;
  };

  test('one account found by /lookup is on file with its id and version', async () => {
    const e = await httpEnv();
    const detail = await detailOf(e, await deliverOne(e, await signedRequest('victor@genuine.example', 'Victor Holder', 'Genuine BV')));
    expect(detail.status).toBe('ready');
    expect(detail.signals).toMatchObject({ nameMatch: 'match', onFile: { directory: 'http', id: 'u-7', email: 'victor@genuine.example', totpEnabled: true } });
    expect((detail.signals as { onFile?: { version?: string } }).onFile?.version).toBeTruthy();
  });

  test('two accounts sharing the address are ambiguous_account', async () => {
    const e = await httpEnv();
    const detail = await detailOf(e, await deliverOne(e, await signedRequest('shared@genuine.example', 'One', 'Genuine BV')));
    expect(detail.status).toBe('unmatched');
    expect(detail.signals.unmatchedReason).toBe('ambiguous_account');
  });
});

/** A fresh user of the application (with 2FA) under this address; returns its id. */
async function appUser(email: string, name: string): Promise<number> {
  const [user] = await appSql<{ id: number }[]>`insert into users (email, name, org, totp_secret, recovery_codes)
    values (${email}, ${name}, 'Genuine BV', 'JBSWY3DPEHPK3PXP', '{a1,a2}') returning id`;
  return user!.id;
}

/** The ticket the request opened, once its acknowledgement is out; then the holder's "This wasn't me". */
async function disputed(e: TestEnv, row: { ticketId: number | null; accountId: number | null }, address: string) {
  const detail = await detailOf(e, row);
  expect(row.accountId).not.toBeNull();
  await settleOutbox(e);
  const ack = pipeline.sink().messages.find((m) => m.envelope.to.includes(address) && (m.parsed.text ?? '').includes(detail.ref));
  const token = /\/r\/not-me\/([A-Za-z0-9_-]+)/.exec(ack?.parsed.text ?? '')?.[1];
  expect(token, 'the acknowledgement carries the "This wasn\'t me" link').toBeTruthy();
  expect(await disputeByToken(e.app.deps, token!)).toMatchObject({ result: 'cancelled', ref: detail.ref });
  return { ref: detail.ref, accountId: row.accountId! };
}

async function approveAs(e: TestEnv, ref: string, who: string) {
  const agent = await seedAgent(e, `${who}@bpart.test`);
  return approveTicket(e.app.deps, { ref, agentEmail: agent.email, totpCode: await totpCode(agent.totpSecret) });
}

describe('the local stand-in is the directory’s account, whatever its address', () => {
  test('an account whose address changes in the directory keeps its recovery lock and earlier tickets: a request from the new address is locked', async () => {
    const e = await sqlEnv();
    const id = await appUser('mover@genuine.example', 'Mona Mover');
    const first = await disputed(e, await deliverOne(e, await signedRequest('mover@genuine.example', 'Mona Mover', 'Genuine BV')), 'mover@genuine.example');
    // The holder changes their address in the application.
    await appSql`update users set email = 'mona@genuine.example' where id = ${id}`;

    const row = await deliverOne(e, await signedRequest('mona@genuine.example', 'Mona Mover', 'Genuine BV'));
    const detail = await detailOf(e, row);
    expect(detail.signals).toMatchObject({
      onFile: { id: String(id), email: 'mona@genuine.example' },
      recoveryLocked: true,
      earlierTickets: [first.ref],
      emailChangedRecently: true,
    });
    // One stand-in, at the new address: the lock is the account's, and agents cannot approve.
    expect(row.accountId).toBe(first.accountId);
    const local = await e.app.deps.db
      .select()
      .from(accounts)
      .where(eq(accounts.directoryAccountId, String(id)));
    expect(local.map((a) => a.email)).toEqual(['mona@genuine.example']);
    await expect(approveAs(e, detail.ref, 'mover-agent')).rejects.toMatchObject({ code: 'account.recovery_locked' });
  });

  test('an account deleted and recreated under the same address is another account: no inherited lock, no earlier tickets', async () => {
    const e = await sqlEnv();
    const oldId = await appUser('reborn@genuine.example', 'Rita Reborn');
    const first = await disputed(e, await deliverOne(e, await signedRequest('reborn@genuine.example', 'Rita Reborn', 'Genuine BV')), 'reborn@genuine.example');
    await appSql`delete from users where id = ${oldId}`;
    const newId = await appUser('reborn@genuine.example', 'Rita Reborn');

    const row = await deliverOne(e, await signedRequest('reborn@genuine.example', 'Rita Reborn', 'Genuine BV'));
    const detail = await detailOf(e, row);
    expect(detail.status).toBe('ready');
    expect(detail.signals).toMatchObject({ onFile: { id: String(newId) }, recoveryLocked: false, earlierTickets: [], emailChangedRecently: false });
    expect(row.accountId).not.toBe(first.accountId);
    // The old account's ticket and lock stay where they were, on its own stand-in.
    const [old] = await e.app.deps.db.select().from(accounts).where(eq(accounts.id, first.accountId));
    expect(old).toMatchObject({ directoryAccountId: String(oldId), email: 'reborn@genuine.example' });
    expect(old!.recoveryLockedUntil!.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
  });

  test('control: the same account at the same address keeps its stand-in, and its lock holds', async () => {
    const e = await sqlEnv();
    await appUser('stayer@genuine.example', 'Sam Stayer');
    const first = await disputed(e, await deliverOne(e, await signedRequest('stayer@genuine.example', 'Sam Stayer', 'Genuine BV')), 'stayer@genuine.example');
    const row = await deliverOne(e, await signedRequest('stayer@genuine.example', 'Sam Stayer', 'Genuine BV'));
    expect(row.accountId).toBe(first.accountId);
    expect((await detailOf(e, row)).signals).toMatchObject({ recoveryLocked: true, earlierTickets: [first.ref], emailChangedRecently: false });
  });

  test('control: the reset still refuses an account recreated under the address after the ticket was read (account_changed), 2FA untouched', async () => {
    const e = await sqlEnv();
    const oldId = await appUser('swapped@genuine.example', 'Sid Swapped');
    const opened = await deliverOne(e, await signedRequest('swapped@genuine.example', 'Sid Swapped', 'Genuine BV'));
    const detail = await detailOf(e, opened);
    expect(detail.status).toBe('ready');
    await appSql`delete from users where id = ${oldId}`;
    const newId = await appUser('swapped@genuine.example', 'Sid Swapped');
    expect(await approveAs(e, detail.ref, 'swap-agent')).toMatchObject({ status: 'resetting' });
    await waitFor(async () => (await e.app.deps.db.select().from(tickets).where(eq(tickets.ref, detail.ref)))[0]?.status === 'needs_attention', {
      what: 'the reset refused',
    });
    const [operation] = await e.app.deps.db.select().from(directoryOperations).where(eq(directoryOperations.ticketId, opened.ticketId!));
    expect(operation?.reason).toBe('account_changed');
    const [user] = await appSql`select totp_secret from users where id = ${newId}`;
    expect(user?.totp_secret).toBe('JBSWY3DPEHPK3PXP');
  });

  test('control: the builtin directory keeps its one row per address; a lock holds for the next request', async () => {
    const e = await pipeline.freshEnv();
    e.startWorker();
    const account = await seedAccount(e, { email: 'built@genuine.example', fullName: 'Bea Builtin', organisations: ['Genuine BV'] });
    const first = await disputed(e, await deliverOne(e, await signedRequest('built@genuine.example', 'Bea Builtin', 'Genuine BV')), 'built@genuine.example');
    expect(first.accountId).toBe(account.id);
    const row = await deliverOne(e, await signedRequest('built@genuine.example', 'Bea Builtin', 'Genuine BV'));
    expect(row.accountId).toBe(account.id);
    expect((await detailOf(e, row)).signals).toMatchObject({
      onFile: { directory: 'builtin', id: String(account.id) },
      recoveryLocked: true,
      earlierTickets: [first.ref],
    });
    const rows = await e.app.deps.db.select().from(accounts).where(eq(accounts.email, 'built@genuine.example'));
    expect(rows.map((a) => [a.id, a.totpSecret !== null])).toEqual([[account.id, true]]);
  });
});

describe('a database upgraded from the address-keyed stand-ins (migration 0016)', () => {
  // Dropped after the test's env is closed (useFreshEnvsWithSink closes it after each test).
  const upgraded: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of upgraded) await db.drop();
  });
  /** Migrates a database to 0015, the schema before stand-ins had a directory key. */
  async function migratedTo0015(url: string) {
    const folder = mkdtempSync(join(tmpdir(), 'rd-0015-'));
    try {
      cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
      const journal = JSON.parse(readFileSync(join(folder, 'meta/_journal.json'), 'utf8')) as { entries: { idx: number }[] };
      writeFileSync(join(folder, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.filter((entry) => entry.idx <= 15) }));
      const sql = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await migrate(drizzle(sql), { migrationsFolder: folder });
      } finally {
        await sql.end({ timeout: 5 });
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }

  test('existing stand-ins are keyed from their tickets; a lock left on an old address holds for the account; a request after the upgrade is locked', async () => {
    const db = await createEmptyDatabase('standin_up');
    upgraded.push(db);
    await migratedTo0015(db.url);
    const old = postgres(db.url, { max: 1, onnotice: () => {} });
    const locked = new Date(Date.now() + 20 * 86_400_000);
    try {
      // As the address-keyed code left them: user 901 disputed a request at its old address,
      // then wrote from its new one (a second stand-in, unlocked); 902 disputed once; a
      // stand-in whose request never opened a ticket; a builtin account.
      const [a1, a2, b, c, d] = await old<{ id: number }[]>`insert into accounts (email, full_name, recovery_locked_until) values
          ('lou-old@genuine.example', 'Lou', ${locked}), ('lou@genuine.example', 'Lou', null), ('kim@genuine.example', 'Kim', ${locked}),
          ('none@genuine.example', 'None', null), ('built@genuine.example', 'Built', null) returning id`;
      const onFile = (directory: string, id: string, email: string) => ({
        onFile: { directory, id, email, fullName: null, organisations: [], totpEnabled: true, version: null },
      });
      const ticket = (ref: string, accountId: number, signals: object) =>
        old`insert into tickets (ref, status, account_id, sender_address, kind, fields, missing, signals)
            values (${ref}, 'cancelled', ${accountId}, 'x@genuine.example', 'recovery_request', '{}', '[]', ${old.json(signals as postgres.JSONValue)})`;
      await ticket('UP-1', a1!.id, onFile('sql', '901', 'lou-old@genuine.example'));
      await ticket('UP-2', a2!.id, onFile('sql', '901', 'lou@genuine.example'));
      await ticket('UP-3', b!.id, onFile('sql', '902', 'kim@genuine.example'));
      await ticket('UP-4', d!.id, onFile('builtin', String(d!.id), 'built@genuine.example'));
      await ticket('UP-5', c!.id, { senderAuthenticated: true });

      await migrateDatabase(db.url);
      const rows = await old<{ id: number; directory: string | null; directory_account_id: string | null; recovery_locked_until: Date | null }[]>`
          select id, directory, directory_account_id, recovery_locked_until from accounts order by id`;
      const keyOf = (id: number) => rows.find((row) => row.id === id);
      expect(keyOf(a2!.id)).toMatchObject({ directory: 'sql', directory_account_id: '901' });
      expect(keyOf(a2!.id)?.recovery_locked_until?.getTime()).toBe(locked.getTime());
      expect(keyOf(a1!.id)).toMatchObject({ directory: null, directory_account_id: null });
      expect(keyOf(b!.id)).toMatchObject({ directory: 'sql', directory_account_id: '902' });
      for (const unkeyed of [c!, d!]) expect(keyOf(unkeyed.id)).toMatchObject({ directory: null, directory_account_id: null });
    } finally {
      await old.end({ timeout: 5 });
    }

    // The upgraded database in use: user 901, now at a third address, writes; the lock holds.
    await appSql`insert into users (id, email, name, org, totp_secret) values (901, 'lou-new@genuine.example', 'Lou', 'Genuine BV', 'JBSWY3DPEHPK3PXP')`;
    const e = await pipeline.freshEnv({
      DATABASE_URL: db.url,
      ACCOUNT_DIRECTORY: 'sql',
      DIRECTORY_DATABASE_URL: appDb.url,
      DIRECTORY_SQL_FIND: FIND,
      DIRECTORY_SQL_RESET: RESET,
    });
    e.startWorker();
    const detail = await detailOf(e, await deliverOne(e, await signedRequest('lou-new@genuine.example', 'Lou', 'Genuine BV')));
    expect(detail.signals).toMatchObject({ onFile: { id: '901' }, recoveryLocked: true, earlierTickets: ['UP-2'], emailChangedRecently: true });
  });
});
