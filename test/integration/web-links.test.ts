// The account holder's links (confirm, cancel) and the reset at the end of the cancel window.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { accounts, accountSessions, ticketEvents, tickets } from '../../src/adapters/db/schema/index.ts';
import { approveTicket } from '../../src/steps/approve-ticket.ts';
import { runDueReset } from '../../src/steps/reset-2fa.ts';
import { createTestEnv, seedAccount, seedAgent, type TestEnv } from '../support/app.ts';
import { buildMail, COMPLETE_REQUEST_EN } from '../support/mail.ts';
import { waitFor } from '../support/wait.ts';
import { client, codeAt, deliverPending, ingest, linkIn, ticketByRef, webApp } from '../e2e/console-support.ts';

let env: TestEnv;
let app: FastifyInstance;
let n = 0;

beforeAll(async () => {
  env = await createTestEnv({ RECOVERY_CHALLENGE: 'link', RECOVERY_CANCEL_WINDOW: '1h', PUBLIC_URL: 'https://desk.bpart.test' });
  app = await webApp(env);
});
afterAll(async () => {
  await app?.close();
  await env?.close();
});

const FR_REQUEST = `Bonjour,

J'ai perdu mon téléphone et mon application d'authentification, je ne peux plus me connecter.
Pouvez-vous réinitialiser la double authentification de mon compte ?

Je m'appelle Sarah Connor et je gère le compte de Northwind Traders.

Cordialement,
Sarah Connor
Northwind Traders`;

async function requestFrom(body = COMPLETE_REQUEST_EN) {
  n += 1;
  const email = `holder${n}@northwind.example`;
  const account = await seedAccount(env, { email, fullName: 'Sarah Connor', organisations: ['Northwind Traders'] });
  const ticket = await ingest(env, buildMail({ from: email, body }));
  return { email, account, ticket };
}

async function confirmToken(ticketId: number) {
  const mails = await deliverPending(env);
  return (
    linkIn(
      mails.find((m) => m.text.includes('/r/confirm/')),
      'confirm',
    ) + (ticketId ? '' : '')
  );
}

async function approved() {
  const { email, account, ticket } = await requestFrom();
  const web = client(app);
  expect((await web.post(`/r/confirm/${await confirmToken(ticket.id)}`, {})).statusCode).toBe(200);
  const agent = await seedAgent(env, `agent${n}@bpart.test`);
  const result = await approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: agent.email, totpCode: await codeAt(agent.totpSecret) });
  expect(result.status).toBe('approved');
  const cancel = linkIn(
    (await deliverPending(env)).find((m) => m.text.includes('/r/cancel/')),
    'cancel',
  );
  return { email, account, ticket, cancel };
}

async function linkRefusals() {
  const [row] = await env.app.deps.db
    .select({ n: sql<number>`count(*)::int` })
    .from(ticketEvents)
    .where(eq(ticketEvents.type, 'link_refused'));
  return row!.n;
}

describe('the confirmation link', () => {
  test('opening it changes nothing; the button confirms once; reuse, tampering and expiry are refused', async () => {
    const { ticket } = await requestFrom();
    expect(ticket.status).toBe('waiting_confirmation');
    const token = await confirmToken(ticket.id);
    const web = client(app);
    const shown = await web.get(`/r/confirm/${token}`);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('<form method="post">');
    expect((await ticketByRef(env, ticket.ref)).status).toBe('waiting_confirmation'); // a mail scanner's GET does nothing

    const refusedBefore = await linkRefusals();
    const tampered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect((await web.post(`/r/confirm/${tampered}`, {})).statusCode).toBe(410);
    expect((await ticketByRef(env, ticket.ref)).status).toBe('waiting_confirmation');
    expect((await web.post(`/r/confirm/${token}`, {})).statusCode).toBe(200);
    expect((await ticketByRef(env, ticket.ref)).status).toBe('ready');
    expect((await web.post(`/r/confirm/${token}`, {})).statusCode).toBe(410); // single use
    expect(await linkRefusals()).toBe(refusedBefore + 2);

    const other = await requestFrom();
    const late = await confirmToken(other.ticket.id);
    await env.app.deps.db
      .update(tickets)
      .set({ confirmExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(tickets.id, other.ticket.id));
    expect((await web.post(`/r/confirm/${late}`, {})).statusCode).toBe(410);
    expect((await ticketByRef(env, other.ticket.ref)).status).toBe('waiting_confirmation');
  });

  test('the page speaks the language of the request', async () => {
    const { ticket } = await requestFrom(FR_REQUEST);
    expect(ticket.language).toBe('fr');
    const token = await confirmToken(ticket.id);
    const page = await client(app).get(`/r/confirm/${token}`);
    expect(page.body).toContain('lang="fr"');
    expect(page.body).toContain('Confirmez votre demande');
    expect(page.body).toContain('name="viewport"');
  });
});

describe('the cancel link', () => {
  test('a cancel during the window stops the reset, locks email recovery for 30 days and is flagged to agents', async () => {
    const { account, ticket, cancel } = await approved();
    const web = client(app);
    const shown = await web.get(`/r/cancel/${cancel}`);
    expect(shown.body).toContain('Cancel the reset');
    expect((await ticketByRef(env, ticket.ref)).status).toBe('approved');
    expect((await web.post(`/r/cancel/${cancel}`, {})).statusCode).toBe(200);
    const after = await ticketByRef(env, ticket.ref);
    expect(after.status).toBe('cancelled');
    const [holder] = await env.app.deps.db.select().from(accounts).where(eq(accounts.id, account.id));
    expect(holder!.recoveryLockedUntil!.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    // The window ends: the delayed job finds nothing to do and 2FA stays.
    await env.app.deps.db
      .update(tickets)
      .set({ resetDueAt: new Date(Date.now() - 1000) })
      .where(eq(tickets.id, ticket.id));
    expect((await runDueReset(env.app.deps, ticket.id)).result).toBe('not_approved');
    const [still] = await env.app.deps.db.select().from(accounts).where(eq(accounts.id, account.id));
    expect(still!.totpSecret).not.toBeNull();
    // Reused: refused.
    expect((await web.post(`/r/cancel/${cancel}`, {})).statusCode).toBe(410);
    const events = await env.app.deps.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id));
    expect(events.map((e) => e.type)).toContain('cancelled_by_user');
  });

  test('a tampered, expired or other-purpose token is refused and changes nothing', async () => {
    const { ticket, cancel } = await approved();
    const web = client(app);
    const tampered = cancel.slice(0, -2) + (cancel.endsWith('xx') ? 'yy' : 'xx');
    expect((await web.post(`/r/cancel/${tampered}`, {})).statusCode).toBe(410);
    expect((await web.post(`/r/cancel/not-a-token`, {})).statusCode).toBe(410);
    // A confirmation token of another ticket is no cancel token.
    const other = await requestFrom();
    const otherConfirm = await confirmToken(other.ticket.id);
    expect((await web.post(`/r/cancel/${otherConfirm}`, {})).statusCode).toBe(410);
    expect((await ticketByRef(env, ticket.ref)).status).toBe('approved');
    expect((await ticketByRef(env, other.ticket.ref)).status).toBe('waiting_confirmation');
    // Once the window is over, the link is dead.
    await env.app.deps.db
      .update(tickets)
      .set({ resetDueAt: new Date(Date.now() - 1000) })
      .where(eq(tickets.id, ticket.id));
    expect((await web.post(`/r/cancel/${cancel}`, {})).statusCode).toBe(410);
    expect((await ticketByRef(env, ticket.ref)).status).toBe('approved');
  });
});

describe('the reset', () => {
  test('clears secret, recovery codes and sessions in one transaction, or nothing at all', async () => {
    const { account, ticket } = await approved();
    await env.app.deps.db.insert(accountSessions).values([{ accountId: account.id }, { accountId: account.id }]);
    await env.app.deps.db
      .update(tickets)
      .set({ resetDueAt: new Date(Date.now() - 1000) })
      .where(eq(tickets.id, ticket.id));
    // A failure half-way (revoking sessions) rolls back the cleared secret too.
    await env.app.deps.db.execute(sql`create function fail_revoke() returns trigger language plpgsql as $$ begin raise exception 'boom'; end $$`);
    await env.app.deps.db.execute(sql`create trigger fail_revoke before update on account_sessions for each row execute function fail_revoke()`);
    await expect(runDueReset(env.app.deps, ticket.id)).rejects.toThrow();
    let [holder] = await env.app.deps.db.select().from(accounts).where(eq(accounts.id, account.id));
    expect(holder!.totpSecret).not.toBeNull();
    expect(holder!.recoveryCodes).toHaveLength(2);
    expect((await ticketByRef(env, ticket.ref)).status).toBe('approved');
    await env.app.deps.db.execute(sql`drop trigger fail_revoke on account_sessions`);

    expect((await runDueReset(env.app.deps, ticket.id)).result).toBe('done');
    [holder] = await env.app.deps.db.select().from(accounts).where(eq(accounts.id, account.id));
    expect(holder!.totpSecret).toBeNull();
    expect(holder!.recoveryCodes).toEqual([]);
    expect(holder!.mustEnrolTotp).toBe(true);
    const sessions = await env.app.deps.db.select().from(accountSessions).where(eq(accountSessions.accountId, account.id));
    expect(sessions.every((s) => s.revokedAt !== null)).toBe(true);
    const done = await ticketByRef(env, ticket.ref);
    expect(done.status).toBe('done');
    const events = await env.app.deps.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id));
    expect(events.find((e) => e.type === 'reset_done')?.data).toMatchObject({ sessionsRevoked: 2 });
  });

  test('the worker runs the delayed reset when the cancel window ends', async () => {
    const windowed = await createTestEnv({ RECOVERY_CANCEL_WINDOW: '2s' });
    try {
      const account = await seedAccount(windowed, { email: 'late@northwind.example', fullName: 'Sarah Connor', organisations: ['Northwind Traders'] });
      const ticket = await ingest(windowed, buildMail({ from: 'late@northwind.example', body: COMPLETE_REQUEST_EN }));
      const agent = await seedAgent(windowed, 'agent@bpart.test');
      windowed.startWorker();
      expect((await approveTicket(windowed.app.deps, { ref: ticket.ref, agentEmail: agent.email, totpCode: await codeAt(agent.totpSecret) })).status).toBe(
        'approved',
      );
      expect((await ticketByRef(windowed, ticket.ref)).status).toBe('approved');
      await waitFor(async () => (await ticketByRef(windowed, ticket.ref)).status === 'done', { timeoutMs: 20_000, what: 'the delayed reset' });
      const [holder] = await windowed.app.deps.db.select().from(accounts).where(eq(accounts.id, account.id));
      expect(holder!.totpSecret).toBeNull();
    } finally {
      await windowed.close();
    }
  });

  test('an account that changed in the directory since it was on file voids the approval (account_changed) and keeps its 2FA', async () => {
    const { email, ticket } = await approved();
    // The holder re-enrolled meanwhile: the directory's version moved.
    const again = await seedAccount(env, { email, fullName: 'Sarah Connor', organisations: ['Northwind Traders'] });
    await env.app.deps.db
      .update(tickets)
      .set({ resetDueAt: new Date(Date.now() - 1000) })
      .where(eq(tickets.id, ticket.id));
    expect((await runDueReset(env.app.deps, ticket.id)).result).toBe('account_changed');
    const [holder] = await env.app.deps.db.select().from(accounts).where(eq(accounts.id, again.id));
    expect(holder!.totpSecret).not.toBeNull();
    expect((await ticketByRef(env, ticket.ref)).status).toBe('ready');
    const events = await env.app.deps.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id));
    expect(events.find((e) => e.type === 'approval_voided')?.data).toMatchObject({ reason: 'account_changed' });
  });
});
