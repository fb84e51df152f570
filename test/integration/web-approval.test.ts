// The console's decisions over HTTP: every way an approval can be forged or replayed is
// refused, changes nothing and is in the audit log.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { agents, approvals, outbox, ticketEvents, tickets } from '../../src/adapters/db/schema/index.ts';
import { createTestEnv, seedAccount, seedAgent, type TestEnv } from '../support/app.ts';
import { buildMail, COMPLETE_REQUEST_EN } from '../support/mail.ts';
import { client, codeAt, ingest, loggedIn, ticketByRef, webApp, type Client } from '../e2e/console-support.ts';

let env: TestEnv;
let app: FastifyInstance;
let n = 0;

beforeAll(async () => {
  env = await createTestEnv({ RECOVERY_CANCEL_WINDOW: '1h' });
  app = await webApp(env);
});
afterAll(async () => {
  await app?.close();
  await env?.close();
});

async function readyTicket(options: { authenticated?: boolean } = {}) {
  n += 1;
  const email = `holder${n}@northwind.example`;
  await seedAccount(env, { email, fullName: 'Sarah Connor', organisations: ['Northwind Traders'] });
  return ingest(env, buildMail({ from: email, body: COMPLETE_REQUEST_EN, authenticated: options.authenticated ?? true }));
}

async function newAgent() {
  n += 1;
  return seedAgent(env, `agent${n}@bpart.test`);
}

async function eventsOf(ticketId: number) {
  return env.app.deps.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)).orderBy(ticketEvents.id);
}

async function approvalCount(ticketId: number) {
  return (await env.app.deps.db.select().from(approvals).where(eq(approvals.ticketId, ticketId))).length;
}

async function approveForm(c: Client, ref: string) {
  const page = await c.get(`/tickets/${ref}`);
  expect(page.statusCode).toBe(200);
  return {
    _csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!,
    evidence: /name="evidence" value="([0-9a-f]{64})"/.exec(page.body)![1]!,
  };
}

/** Nothing changed on the ticket, and the refusal is the newest audit event. */
async function expectUnchangedAndAudited(ticketId: number, type: string, reason?: string) {
  const ticket = (await env.app.deps.db.select().from(tickets).where(eq(tickets.id, ticketId)))[0]!;
  expect(ticket.status).toBe('ready');
  expect(await approvalCount(ticketId)).toBe(0);
  const last = (await eventsOf(ticketId)).at(-1)!;
  expect(last.type).toBe(type);
  if (reason) expect(last.data).toMatchObject({ reason });
}

describe('approving from the console', () => {
  test('a ready, authenticated ticket is approved with a fresh code: the cancel window starts and the holder is told', async () => {
    const ticket = await readyTicket();
    const agent = await newAgent();
    const c = await loggedIn(app, agent);
    const form = await approveForm(c, ticket.ref);
    const response = await c.post(`/tickets/${ticket.ref}/approve`, { ...form, code: await codeAt(agent.totpSecret, 1) });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toContain('ok=approved');
    const after = await ticketByRef(env, ticket.ref);
    expect(after.status).toBe('approved');
    expect(after.resetDueAt!.getTime()).toBeGreaterThan(Date.now() + 3_500_000);
    const notices = await env.app.deps.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.ticketId, ticket.id), eq(outbox.kind, 'approved_notice')));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.toAddress).toBe(`holder${n - 1}@northwind.example`);
    const shown = await c.get(`/tickets/${ticket.ref}?ok=approved`);
    expect(shown.body).toContain('Approved · cancel window');
  });

  test('without a CSRF token: refused, nothing changed, audited', async () => {
    const ticket = await readyTicket();
    const agent = await newAgent();
    const c = await loggedIn(app, agent);
    const { evidence } = await approveForm(c, ticket.ref);
    const response = await c.post(`/tickets/${ticket.ref}/approve`, { evidence, code: await codeAt(agent.totpSecret, 1) });
    expect(response.statusCode).toBe(403);
    await expectUnchangedAndAudited(ticket.id, 'request_refused', 'csrf');
    // A token from another session is no better.
    const other = await loggedIn(app, await newAgent());
    const foreign = await approveForm(other, ticket.ref);
    expect((await c.post(`/tickets/${ticket.ref}/approve`, { ...foreign, code: await codeAt(agent.totpSecret, 1) })).statusCode).toBe(403);
    await expectUnchangedAndAudited(ticket.id, 'request_refused', 'csrf');
  });

  test('with a GET: refused, nothing changed, audited', async () => {
    const ticket = await readyTicket();
    const agent = await newAgent();
    const c = await loggedIn(app, agent);
    const response = await c.get(`/tickets/${ticket.ref}/approve?code=${await codeAt(agent.totpSecret, 1)}`);
    expect(response.statusCode).toBe(405);
    await expectUnchangedAndAudited(ticket.id, 'request_refused', 'method_not_allowed');
  });

  test('cross-origin (Origin or Sec-Fetch-Site): refused, nothing changed, audited', async () => {
    const ticket = await readyTicket();
    const agent = await newAgent();
    const c = await loggedIn(app, agent);
    const form = await approveForm(c, ticket.ref);
    const code = await codeAt(agent.totpSecret, 1);
    expect((await c.post(`/tickets/${ticket.ref}/approve`, { ...form, code }, { origin: 'https://evil.example' })).statusCode).toBe(403);
    await expectUnchangedAndAudited(ticket.id, 'request_refused', 'cross_origin');
    expect((await c.post(`/tickets/${ticket.ref}/approve`, { ...form, code }, { 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    await expectUnchangedAndAudited(ticket.id, 'request_refused', 'cross_site');
    // The code was never looked at: it still works from the console itself.
    expect((await c.post(`/tickets/${ticket.ref}/approve`, { ...form, code }, { origin: 'http://localhost:80', host: 'localhost:80' })).statusCode).toBe(303);
  });

  test('without a session: refused and audited', async () => {
    const ticket = await readyTicket();
    const c = client(app);
    const csrf = await c.csrfFrom('/login');
    const response = await c.post(`/tickets/${ticket.ref}/approve`, { _csrf: csrf, code: '123456', evidence: 'a'.repeat(64) });
    expect(response.statusCode).toBe(401);
    await expectUnchangedAndAudited(ticket.id, 'request_refused', 'no_session');
  });

  test('a wrong code, then a replayed code: refused, nothing changed, audited', async () => {
    const ticket = await readyTicket();
    const agent = await newAgent();
    // Sign in with a code kept as it was typed: the replay below must be that very code, even
    // when a 30-second step boundary passes in between.
    const signInCode = await codeAt(agent.totpSecret, 0);
    const c = client(app);
    const loginCsrf = await c.csrfFrom('/login');
    expect((await c.post('/login', { _csrf: loginCsrf, email: agent.email, password: agent.password, code: signInCode })).statusCode).toBe(303);
    const form = await approveForm(c, ticket.ref);
    const wrong = await c.post(`/tickets/${ticket.ref}/approve`, { ...form, code: '000000' });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.body).toContain('wrong or already used code');
    await expectUnchangedAndAudited(ticket.id, 'step_up_failed');
    // The code used to sign in cannot be used again to approve.
    const replay = await c.post(`/tickets/${ticket.ref}/approve`, { ...form, code: signInCode });
    expect(replay.statusCode).toBe(403);
    await expectUnchangedAndAudited(ticket.id, 'step_up_failed');
  });

  test('five wrong codes lock the agent out of approving, even with a right code', async () => {
    const ticket = await readyTicket();
    const agent = await newAgent();
    const c = await loggedIn(app, agent);
    const form = await approveForm(c, ticket.ref);
    for (let i = 0; i < 5; i++) expect((await c.post(`/tickets/${ticket.ref}/approve`, { ...form, code: '000000' })).statusCode).toBe(403);
    const locked = await c.post(`/tickets/${ticket.ref}/approve`, { ...form, code: await codeAt(agent.totpSecret, 1) });
    expect(locked.statusCode).toBe(403);
    expect(locked.body).toContain('locked');
    await expectUnchangedAndAudited(ticket.id, 'request_refused', 'agent.locked');
    const [row] = await env.app.deps.db.select().from(agents).where(eq(agents.id, agent.id));
    expect(row!.approvalsLockedAt).not.toBeNull();
  });

  test('after the evidence changed: refused, nothing changed, audited', async () => {
    const ticket = await readyTicket();
    const agent = await newAgent();
    const c = await loggedIn(app, agent);
    const form = await approveForm(c, ticket.ref);
    // A follow-up changed what the agent is deciding on while the page was open.
    await env.app.deps.db
      .update(tickets)
      .set({ fields: sql`jsonb_set(${tickets.fields}, '{organisation}', '"Skynet Ltd"')` })
      .where(eq(tickets.id, ticket.id));
    const response = await c.post(`/tickets/${ticket.ref}/approve`, { ...form, code: await codeAt(agent.totpSecret, 1) });
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('changed since you opened it');
    await expectUnchangedAndAudited(ticket.id, 'approval_refused');
    expect((await eventsOf(ticket.id)).at(-1)!.data).toMatchObject({ code: 'ticket.evidence_changed' });
  });

  test('an unauthenticated ticket needs a reason and two different approvers; the same agent twice is refused', async () => {
    const ticket = await readyTicket({ authenticated: false });
    expect(ticket.status).toBe('ready');
    const first = await newAgent();
    const c = await loggedIn(app, first);
    const form = await approveForm(c, ticket.ref);
    const noReason = await c.post(`/tickets/${ticket.ref}/approve`, { ...form, code: await codeAt(first.totpSecret, 1) });
    expect(noReason.statusCode).toBe(400);
    await expectUnchangedAndAudited(ticket.id, 'approval_refused');
    // Time passes: the agent's next code is a fresh one.
    await env.app.deps.db.update(agents).set({ lastTotpStep: null }).where(eq(agents.id, first.id));
    const once = await c.post(`/tickets/${ticket.ref}/approve`, {
      ...form,
      reason: 'Called the organisation on its known number',
      code: await codeAt(first.totpSecret, 1),
    });
    expect(once.headers.location).toContain('ok=awaiting_second_approver');
    await env.app.deps.db.update(agents).set({ lastTotpStep: null }).where(eq(agents.id, first.id));
    const twice = await c.post(`/tickets/${ticket.ref}/approve`, { ...form, reason: 'again', code: await codeAt(first.totpSecret, 1) });
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('second, different approver');
    expect(await approvalCount(ticket.id)).toBe(1);
    expect((await ticketByRef(env, ticket.ref)).status).toBe('ready');
    expect((await eventsOf(ticket.id)).at(-1)!.data).toMatchObject({ code: 'approval.same_agent' });
    const second = await newAgent();
    const c2 = await loggedIn(app, second);
    const done = await c2.post(`/tickets/${ticket.ref}/approve`, {
      ...(await approveForm(c2, ticket.ref)),
      reason: 'Confirmed by another admin of the organisation',
      code: await codeAt(second.totpSecret, 1),
    });
    expect(done.headers.location).toContain('ok=approved');
    expect((await eventsOf(ticket.id)).filter((e) => e.type === 'approval_override')).toHaveLength(2);
  });
});
