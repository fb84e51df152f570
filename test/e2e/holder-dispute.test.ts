// The holder's "This wasn't me" link in a real headless Chromium (Debian's, driven by
// playwright-core): the page with one button, the confirmation once pressed, and the agent's
// queue showing the disputed ticket.
import { beforeAll, describe, expect, test } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { accounts } from '../../src/adapters/db/schema/index.ts';
import { approveTicket } from '../../src/steps/approve-ticket.ts';
import { seedAccount, seedAgent, type TestEnv } from '../support/app.ts';
import { buildMail, COMPLETE_REQUEST_EN } from '../support/mail.ts';
import { codeAt, deliverPending, ingest, ticketByRef } from './console-support.ts';
import { useConsoleBrowser } from './browser-session.ts';

const session = useConsoleBrowser({ RECOVERY_CANCEL_WINDOW: '24h' }, { width: 1280, height: 800 });
const external = session.external;
let env: TestEnv;
let app: FastifyInstance;
let base: string;
let page: Page;
beforeAll(() => {
  ({ env, app, base, page } = session);
});

describe('"This wasn\'t me" in a browser', () => {
  test('the holder opens the link, presses the one button, and the agent sees the disputed ticket in the queue', async () => {
    const account = await seedAccount(env, { email: 'sarah.connor@northwind.example', fullName: 'Sarah Connor', organisations: ['Northwind Traders'] });
    const agent = await seedAgent(env, 'alice@bpart.test', 'admin');
    const ticket = await ingest(env, buildMail({ from: 'sarah.connor@northwind.example', fromName: 'Sarah Connor', body: COMPLETE_REQUEST_EN }));
    expect((await approveTicket(env.app.deps, { ref: ticket.ref, agentEmail: agent.email, totpCode: await codeAt(agent.totpSecret) })).status).toBe('approved');
    const notice = (await deliverPending(env)).find((mail) => mail.headers['X-Recovery-Desk-Kind'] === 'approved_notice');
    const path = /\/r\/not-me\/[A-Za-z0-9_-]+/.exec(notice?.text ?? '')?.[0];
    expect(path, 'the approval notice carries the link').toBeDefined();

    // The holder follows the link from their mail: one button, nothing changed yet.
    await page.goto(`${base}${path}`);
    await expect(page.locator('h1').textContent()).resolves.toBe('This wasn’t me');
    await expect(page.locator('button').count()).resolves.toBe(1);
    expect((await ticketByRef(env, ticket.ref)).status).toBe('approved');

    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/r/not-me`);
    await expect(page.locator('h1').textContent()).resolves.toBe('The recovery is stopped');
    await expect(page.locator('main').textContent()).resolves.toContain('locked for 30 days');
    await expect(page.locator('button').count()).resolves.toBe(0);
    expect((await ticketByRef(env, ticket.ref)).status).toBe('cancelled');
    const [holder] = await env.app.deps.db.select().from(accounts);
    expect(holder!.id).toBe(account.id);
    expect(holder!.recoveryLockedUntil).not.toBeNull();

    // The link opened again: it says it was done already, with no button.
    await page.goto(`${base}${path}`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Already done');

    // The agent signs in: the cancelled ticket is in the default queue, labelled as disputed.
    await page.goto(`${base}/login`);
    await page.fill('#email', agent.email);
    await page.fill('#password', agent.password);
    await page.fill('#code', await codeAt(agent.totpSecret, 1));
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/tickets`);
    const row = page.locator('tbody tr', { hasText: ticket.ref });
    await expect(row.count()).resolves.toBe(1);
    const rowText = await row.textContent();
    expect(rowText).toContain('Cancelled by holder');
    expect(rowText).toContain('This wasn’t me');
    await page.click('text=Disputed by holder');
    await expect(page.locator('tbody tr', { hasText: ticket.ref }).count()).resolves.toBe(1);
    await page.click(`text=${ticket.ref}`);
    await page.waitForURL(`${base}/tickets/${ticket.ref}`);
    await expect(page.locator('.flag', { hasText: 'This wasn’t me' }).count()).resolves.toBe(1);
    expect(external).toEqual([]);
  });
});
