// Attacks tried in stop 25, second pass (docs/security-log.md "Attacks tried in stop 25, second pass"): the web
// console and the holder's pages in a real headless Chromium (Debian's, through playwright-core),
// real PostgreSQL and Redis, tickets opened by the pipeline's own steps. Eve has the password,
// reaches the console's public pages (the sign-in page, the holder's links) and knows the
// agents' addresses. Each attack has a control that differs only in the attacked detail.
import { beforeAll, describe, expect, test } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { approveTicket } from '../../src/steps/approve-ticket.ts';
import { seedAccount, seedAgent, type TestEnv } from '../support/app.ts';
import { buildMail, COMPLETE_REQUEST_EN } from '../support/mail.ts';
import { client, codeAt, deliverPending, ingest, loggedIn } from '../e2e/console-support.ts';
import { useConsoleBrowser } from '../e2e/browser-session.ts';
import { runCli } from '../support/security.ts';
import type { SmtpSink } from '../support/smtp-sink.ts';

// The login limit per client is raised: every attempt here comes from 127.0.0.1.
const session = useConsoleBrowser({ RECOVERY_CANCEL_WINDOW: '24h' }, { width: 1280, height: 800 }, { rateLimits: { login: 1000 } });
let env: TestEnv;
let app: FastifyInstance;
let base: string;
let page: Page;
beforeAll(() => {
  ({ env, app, base, page } = session);
});

async function signIn(agent: { email: string; password: string; totpSecret: string }, steps = 0, password = agent.password) {
  await page.goto(`${base}/login`);
  await page.fill('#email', agent.email);
  await page.fill('#password', password);
  await page.fill('#code', await codeAt(agent.totpSecret, steps));
  await page.click('button[type=submit]');
  await page.waitForLoadState('load');
}

async function signOut() {
  await page.click('form[action="/logout"] button');
  await page.waitForURL(`${base}/login`);
}

/** The holder's request, in the pipeline: a ticket whose page holds their words and account. */
async function holdersTicket(local: string, marker: string) {
  const email = `${local}@northwind.example`;
  await seedAccount(env, { email, fullName: 'Sarah Connor', organisations: ['Northwind Traders'] });
  return ingest(env, buildMail({ from: email, fromName: 'Sarah Connor', body: COMPLETE_REQUEST_EN.replace('Hello,', `Hello,\n\n${marker}`) }));
}

describe('the browser keeps no page with personal data (Cache-Control)', () => {
  test('after sign-out, Back does not show the ticket the agent had open (its mail, the account on file)', async () => {
    const marker = 'My reference is CACHE-7731-ZEBRA.';
    const ticket = await holdersTicket('cache.back', marker);
    const agent = await seedAgent(env, 'stop25-cache@bpart.test');
    await signIn(agent);
    await page.goto(`${base}/tickets/${ticket.ref}`);
    await expect(page.content()).resolves.toContain('CACHE-7731-ZEBRA');
    await signOut();

    // Someone else at the same desk presses Back.
    await page.goBack();
    await page.waitForLoadState('load');
    const shown = await page.content();
    expect(shown, 'the ticket page came back from the browser’s cache after sign-out').not.toContain('CACHE-7731-ZEBRA');
    expect(page.url()).toBe(`${base}/login`);
  });

  test('control: Back while still signed in shows the ticket (the page is fetched again)', async () => {
    const ticket = await holdersTicket('cache.control', 'My reference is CACHE-4410-OKAPI.');
    const agent = await seedAgent(env, 'stop25-cache-control@bpart.test');
    await signIn(agent);
    await page.goto(`${base}/tickets/${ticket.ref}`);
    await page.goto(`${base}/tickets`);
    await page.goBack();
    await page.waitForLoadState('load');
    await expect(page.content()).resolves.toContain('CACHE-4410-OKAPI');
    await signOut();
  });

  test('every page says no-store: the console, the sign-in page, the holder’s confirm, cancel and "This wasn’t me" pages; the stylesheet alone is cached', async () => {
    const ticket = await holdersTicket('cache.headers', 'My reference is CACHE-0001-HEADERS.');
    const agent = await seedAgent(env, 'stop25-cache-headers@bpart.test', 'admin');
    expect((await approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: agent.email, totpCode: await codeAt(agent.totpSecret) })).status).toBe('approved');
    const mails = await deliverPending(env);
    const links = mails.flatMap((mail) => [...(mail.text ?? '').matchAll(/https?:\/\/[^\s/]+(\/r\/[a-z-]+\/[A-Za-z0-9_-]+)/g)].map((m) => m[1]!));
    expect(links.some((l) => l.startsWith('/r/not-me/'))).toBe(true);
    expect(links.some((l) => l.startsWith('/r/cancel/'))).toBe(true);
    const c = await loggedIn(app, agent, 1);
    const pages = ['/login', '/tickets', `/tickets/${ticket.ref}`, '/tickets?status=all', '/nowhere', ...links];
    for (const path of pages) {
      const response = await c.get(path);
      expect(response.headers['cache-control'], path).toBe('no-store');
    }
    const css = await c.get('/assets/console.css');
    expect(css.headers['cache-control']).toBe('public, max-age=3600');
  });
});

describe('locking the real agents out (five wrong passwords from anywhere)', () => {
  test('Eve’s five wrong passwords lock the agent’s address; the agent’s own browser, where they signed in before, still signs in', async () => {
    const agent = await seedAgent(env, 'stop25-lockout@bpart.test');
    // The agent works from this browser: signed in once before.
    await signIn(agent);
    expect(page.url()).toBe(`${base}/tickets`);
    await signOut();

    // Eve, from her own client, knows the address (not the password).
    const eve = client(app);
    for (let i = 0; i < 5; i += 1) {
      const csrf = await eve.csrfFrom('/login');
      const response = await eve.post('/login', { _csrf: csrf, email: agent.email, password: `guess-${i}`, code: '000000' });
      expect(response.statusCode).not.toBe(303);
    }
    // Control: the lock holds for any browser nobody signed in from, the right password and code included.
    const stranger = client(app);
    const refused = await stranger.post('/login', {
      _csrf: await stranger.csrfFrom('/login'),
      email: agent.email,
      password: agent.password,
      code: await codeAt(agent.totpSecret, 1),
    });
    expect(refused.statusCode).not.toBe(303);
    expect(refused.body).toMatch(/locked/);
    // The agent's cookie bound to this login does not open another's: Eve as a colleague with her own.
    const colleague = await seedAgent(env, 'stop25-lockout-colleague@bpart.test');
    const withHers = await loggedIn(app, colleague);
    const borrowed = await withHers.post('/login', {
      _csrf: await withHers.csrfFrom('/tickets'),
      email: agent.email,
      password: agent.password,
      code: await codeAt(agent.totpSecret, 1),
    });
    expect(borrowed.body).toMatch(/locked/);

    // The agent, at their own desk, signs in.
    await signIn(agent, 1);
    expect(page.url(), 'the agent was locked out by Eve’s guesses').toBe(`${base}/tickets`);
    await signOut();
  });

  test('the agent’s browser counts its own failures: five wrong passwords there lock it too', async () => {
    const agent = await seedAgent(env, 'stop25-lockout-own@bpart.test');
    await signIn(agent);
    expect(page.url()).toBe(`${base}/tickets`);
    await signOut();
    for (let i = 0; i < 5; i += 1) await signIn(agent, 0, `wrong-${i}`);
    await signIn(agent, 1);
    expect(page.url()).toBe(`${base}/login`);
    await expect(page.content()).resolves.toMatch(/locked/);
    // `agents unlock` clears that browser's lock as well as the address's.
    const unlocked = await runCli(env, { url: 'smtp://127.0.0.1:9' } as SmtpSink, ['agents', 'unlock', '--email', agent.email]);
    expect(unlocked.code, unlocked.stderr).toBe(0);
    await signIn(agent, 1);
    expect(page.url()).toBe(`${base}/tickets`);
    await signOut();
  });
});
