// External resets through the outbox (SPEC §9), on the real pipeline: the http directory is the
// reference receiver running as its own program, the sql directory a separate PostgreSQL database
// shaped like a plain application. A ticket is done, and the holder told, only after a read-back
// shows the second factor gone; failures are retried with the same idempotency key, then go to
// needs_attention, where an agent retries or sends the ticket back to review.
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { directoryOperations, tickets } from '../../src/adapters/db/schema/index.ts';
import { totpCode } from '../../src/adapters/totp/totp.ts';
import { approveTicket } from '../../src/steps/approve-ticket.ts';
import { resolveReset } from '../../src/steps/resolve-reset.ts';
import { ticketDetail } from '../../src/steps/ticket-view.ts';
import { seedAgent, type TestEnv } from '../support/app.ts';
import { createEmptyDatabase } from '../support/app-database.ts';
import type { TestDatabase } from '../support/db.ts';
import { startReceiver, type Receiver } from '../support/directory-receiver.ts';
import { deliverOne, rawMessage, recipients, request, sign, signingZone, useFreshEnvsWithSink } from '../support/security.ts';
import { waitFor } from '../support/wait.ts';
import { codeAt, loggedIn, webApp } from '../e2e/console-support.ts';

const { zone, key } = signingZone();
const pipeline = useFreshEnvsWithSink(zone);
const SECRET = 'directory-reset-secret-0123456789abcdef';
const VICTOR = { id: 'u-7', email: 'victor@genuine.example', fullName: 'Victor Holder', organisations: ['Genuine BV'], totpEnabled: true };

let receiver: Receiver;
let appDb: TestDatabase;
let appSql: postgres.Sql;

beforeAll(async () => {
  receiver = await startReceiver(SECRET, '/directory');
  appDb = await createEmptyDatabase('dirreset');
  appSql = postgres(appDb.url, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await receiver?.stop();
  await appSql?.end({ timeout: 5 });
  await appDb?.drop();
});
beforeEach(async () => {
  await receiver.seed([VICTOR]);
});

const victorRequest = () =>
  sign(rawMessage({ from: `Victor Holder <${VICTOR.email}>`, body: request('Victor Holder', 'Genuine BV') }), { domain: 'genuine.example', key });

async function httpEnv(overrides: Record<string, string> = {}): Promise<TestEnv> {
  const e = await pipeline.freshEnv({
    ACCOUNT_DIRECTORY: 'http',
    DIRECTORY_HTTP_URL: receiver.url,
    DIRECTORY_HTTP_SECRET: SECRET,
    DIRECTORY_HTTP_TIMEOUT: '1s',
    ...overrides,
  });
  e.startWorker();
  return e;
}

/** A ready ticket for Victor, and an agent to decide on it. */
async function readyTicket(e: TestEnv) {
  const row = await deliverOne(e, await victorRequest());
  const [ticket] = await e.app.deps.db.select().from(tickets).where(eq(tickets.id, row.ticketId!));
  expect(ticket?.status).toBe('ready');
  // A code is good once per time step: each decision is taken by an agent of its own.
  const freshAgent = () => seedAgent(e, `agent-${Math.random().toString(36).slice(2, 10)}@bpart.test`);
  const approve = async () => {
    const agent = await freshAgent();
    return approveTicket(e.app.deps, { ref: ticket!.ref, agentEmail: agent.email, totpCode: await totpCode(agent.totpSecret) });
  };
  const resolve = async (action: 'retry' | 'review') => {
    const agent = await freshAgent();
    return resolveReset(e.app.deps, { ref: ticket!.ref, agentEmail: agent.email, totpCode: await totpCode(agent.totpSecret), action });
  };
  return { ref: ticket!.ref, id: ticket!.id, approve, resolve };
}

const statusOf = async (e: TestEnv, id: number) => (await e.app.deps.db.select().from(tickets).where(eq(tickets.id, id)))[0]?.status;
const operationOf = async (e: TestEnv, id: number) => (await e.app.deps.db.select().from(directoryOperations).where(eq(directoryOperations.ticketId, id)))[0];
const untilStatus = (e: TestEnv, id: number, status: string, timeoutMs = 20_000) =>
  waitFor(async () => (await statusOf(e, id)) === status, { timeoutMs, what: `ticket ${status}` });

describe('the http directory: one reset, read back, then done', () => {
  test('an approval records the operation; the job resets once, reads back, and only then is the ticket done and the holder told', async () => {
    const e = await httpEnv();
    const t = await readyTicket(e);
    const acknowledged = pipeline.sink().messages.length;
    expect(await t.approve()).toEqual({ status: 'resetting', ref: t.ref });
    await untilStatus(e, t.id, 'done');
    const state = await receiver.state();
    expect(state.resets).toBe(1);
    expect(state.accounts[0]).toMatchObject({ id: 'u-7', totpEnabled: false });
    await waitFor(() => pipeline.sink().messages.length > acknowledged, { timeoutMs: 10_000 });
    expect(recipients(pipeline.sink()).filter((r) => r === VICTOR.email).length).toBe(2); // acknowledgement + confirmation
    const detail = await ticketDetail(e.app.deps, t.ref);
    expect(detail?.directoryReset).toMatchObject({ status: 'done', attempts: 1, reason: null });
    const types = detail!.events.map((event) => event.type);
    expect(types.indexOf('directory_reset_recorded')).toBeGreaterThanOrEqual(0);
    expect(types.indexOf('reset_done')).toBeGreaterThan(types.indexOf('directory_reset_recorded'));
    const done = detail!.events.find((event) => event.type === 'reset_done');
    expect(done?.data).toMatchObject({ directory: 'http', accountId: 'u-7', readBack: { kind: 'second_factor_gone', totpEnabled: false } });
  });

  test('a directory failing (5xx, then time-outs) is retried with the same key until it answers: one reset, one confirmation', async () => {
    const e = await httpEnv();
    const t = await readyTicket(e);
    await receiver.fail('500');
    await t.approve();
    await waitFor(async () => ((await operationOf(e, t.id))?.failures ?? 0) >= 1, { timeoutMs: 15_000 });
    await receiver.fail('hang-resets');
    await waitFor(async () => ((await operationOf(e, t.id))?.failures ?? 0) >= 2, { timeoutMs: 20_000 });
    expect(await statusOf(e, t.id)).toBe('approved'); // nothing reported done while the directory fails
    expect(pipeline.sink().messages.filter((m) => m.to.includes(VICTOR.email)).length).toBe(1); // the acknowledgement only
    await receiver.fail(null);
    await untilStatus(e, t.id, 'done', 30_000);
    const operation = await operationOf(e, t.id);
    expect(operation?.attempts).toBeGreaterThanOrEqual(2);
    expect((await receiver.state()).resets).toBe(1);
    await waitFor(() => pipeline.sink().messages.filter((m) => m.to.includes(VICTOR.email)).length === 2, { timeoutMs: 10_000 });
  });

  test('down for longer than DIRECTORY_RETRY_FOR: needs_attention with the reason, nothing sent; an agent retries once it is back', async () => {
    const e = await httpEnv({ DIRECTORY_RETRY_FOR: '3s' });
    const t = await readyTicket(e);
    await receiver.fail('500');
    await t.approve();
    await untilStatus(e, t.id, 'needs_attention', 30_000);
    const detail = await ticketDetail(e.app.deps, t.ref);
    expect(detail?.directoryReset).toMatchObject({ status: 'needs_attention', reason: 'retries_exhausted' });
    expect(detail?.directoryReset?.lastError).toMatch(/answered 503/);
    expect(detail?.directoryReset?.lastError).not.toContain(SECRET);
    expect(pipeline.sink().messages.filter((m) => m.to.includes(VICTOR.email)).length).toBe(1);
    // The operator's metric counts it.
    const metrics = await e.app.metrics.registry.metrics();
    expect(metrics).toMatch(/^recovery_desk_tickets_needs_attention 1$/m);

    await receiver.fail(null);
    expect(await t.resolve('retry')).toEqual({ ref: t.ref, status: 'approved' });
    await untilStatus(e, t.id, 'done');
    expect((await receiver.state()).resets).toBe(1);
    await waitFor(() => pipeline.sink().messages.filter((m) => m.to.includes(VICTOR.email)).length === 2, { timeoutMs: 10_000 });
  });

  test('a 200 whose read-back still shows 2FA is needs_attention, never done; a retry asks again with a new key', async () => {
    const e = await httpEnv();
    const t = await readyTicket(e);
    await receiver.fail('lie');
    await t.approve();
    await untilStatus(e, t.id, 'needs_attention');
    expect((await operationOf(e, t.id))?.reason).toBe('still_enrolled');
    const firstKey = (await operationOf(e, t.id))?.idempotencyKey;
    expect(pipeline.sink().messages.filter((m) => m.to.includes(VICTOR.email)).length).toBe(1);
    await receiver.fail(null);
    await t.resolve('retry');
    await untilStatus(e, t.id, 'done');
    expect((await operationOf(e, t.id))?.idempotencyKey).not.toBe(firstKey);
    expect((await receiver.state()).accounts[0]?.totpEnabled).toBe(false);
  });

  test('the account changed in the directory after the approval (re-enrolled): needs_attention, no reset; back to review with the new version', async () => {
    const e = await httpEnv({ RECOVERY_CANCEL_WINDOW: '2s' });
    const t = await readyTicket(e);
    const approved = await t.approve();
    expect(approved.status).toBe('approved');
    // During the cancel window the holder re-enrols 2FA: the account's version moves.
    await receiver.update('u-7', { totpEnabled: true });
    await waitFor(async () => ['ready', 'needs_attention'].includes((await statusOf(e, t.id)) ?? ''), { timeoutMs: 20_000 });
    // The end of the cancel window sees the change first and voids the approval (back to review).
    expect(await statusOf(e, t.id)).toBe('ready');
    expect((await receiver.state()).resets).toBe(0);
  });

  test('with no cancel window, a version moved between processing and approval goes to needs_attention; review takes the new version', async () => {
    const e = await httpEnv();
    const t = await readyTicket(e);
    await receiver.update('u-7', { fullName: 'Victor Holder-Renamed' });
    await t.approve();
    await untilStatus(e, t.id, 'needs_attention');
    expect((await operationOf(e, t.id))?.reason).toBe('version_changed');
    expect((await receiver.state()).resets).toBe(0);
    // Retrying the same approval cannot help: refused; review refreshes the profile on file.
    await expect(t.resolve('retry')).rejects.toMatchObject({ code: 'reset.not_needing_attention' });
    expect(await t.resolve('review')).toEqual({ ref: t.ref, status: 'ready' });
    const detail = await ticketDetail(e.app.deps, t.ref);
    expect(detail?.account?.fullName).toBe('Victor Holder-Renamed');
    await t.approve();
    await untilStatus(e, t.id, 'done');
    expect((await receiver.state()).resets).toBe(1);
  });
});

describe('the console', () => {
  test('a ticket needing attention shows why, is in its own tab, and an agent retries it from the page with a fresh code', async () => {
    const e = await httpEnv({ DIRECTORY_RETRY_FOR: '2s' });
    const t = await readyTicket(e);
    await receiver.fail('500');
    await t.approve();
    await untilStatus(e, t.id, 'needs_attention', 30_000);
    const web = await webApp(e);
    try {
      const agent = await seedAgent(e, 'console-agent@bpart.test');
      const c = await loggedIn(web, agent);
      const tab = await c.get('/tickets?status=needs_attention');
      expect(tab.body).toContain(t.ref);
      const page = await c.get(`/tickets/${t.ref}`);
      expect(page.body).toContain('The reset needs attention');
      expect(page.body).toContain('retries_exhausted');
      expect(page.body).not.toContain(SECRET);
      expect(page.body).toContain('Retry the reset');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
      await receiver.fail(null);
      // A wrong code changes nothing.
      expect((await c.post(`/tickets/${t.ref}/retry-reset`, { _csrf: csrf, code: '000000' })).statusCode).toBe(403);
      expect(await statusOf(e, t.id)).toBe('needs_attention');
      const retried = await c.post(`/tickets/${t.ref}/retry-reset`, { _csrf: csrf, code: await codeAt(agent.totpSecret, 1) });
      expect(retried.statusCode).toBe(303);
      await untilStatus(e, t.id, 'done');
      expect((await receiver.state()).resets).toBe(1);
    } finally {
      await web.close();
    }
  });
});

describe('the sql directory', () => {
  test('an approval resets the user in the application database, reads it back, then tells the holder', async () => {
    await appSql.unsafe(`
      drop table if exists sessions; drop table if exists users;
      create table users (id serial primary key, email text not null, name text, org text, totp_secret text, recovery_codes text[] not null default '{}');
      create table sessions (id serial primary key, user_id int not null references users(id), token text not null);
      insert into users (email, name, org, totp_secret, recovery_codes) values ('victor@genuine.example', 'Victor Holder', 'Genuine BV', 'JBSWY3DPEHPK3PXP', '{a1}');
      insert into sessions (user_id, token) values (1, 's1');`);
    const e = await pipeline.freshEnv({
      ACCOUNT_DIRECTORY: 'sql',
      DIRECTORY_DATABASE_URL: appDb.url,
      DIRECTORY_SQL_FIND: `select id, email, name as full_name, org as organisations, totp_secret is not null as totp_enabled,
        md5(email || coalesce(totp_secret, '')) as version from users where lower(email) = $1`,
      DIRECTORY_SQL_RESET: `update users set totp_secret = null, recovery_codes = '{}' where id = $1::int; delete from sessions where user_id = $1::int`,
    });
    e.startWorker();
    const t = await readyTicket(e);
    expect((await t.approve()).status).toBe('resetting');
    await untilStatus(e, t.id, 'done');
    const [user] = await appSql`select totp_secret, recovery_codes from users where id = 1`;
    expect(user).toMatchObject({ totp_secret: null, recovery_codes: [] });
    expect((await appSql`select count(*)::int as n from sessions`)[0]?.n).toBe(0);
    await waitFor(() => pipeline.sink().messages.filter((m) => m.to.includes(VICTOR.email)).length === 2, { timeoutMs: 10_000 });
  });
});
