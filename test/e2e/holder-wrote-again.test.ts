// SPEC §6 rule 15 (the holder wrote again) as an agent sees it, in a real headless Chromium
// (Debian's, driven by playwright-core): an approval made on a page opened before the holder's
// reply is refused; an approved ticket the holder wrote about is back in review with its
// approvals voided; a done ticket the holder wrote about is back in the open queue.
import { beforeAll, describe, expect, test } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { approveTicket } from '../../src/steps/approve-ticket.ts';
import { seedAccount, seedAgent, type TestEnv } from '../support/app.ts';
import { buildMail, COMPLETE_REQUEST_EN } from '../support/mail.ts';
import { codeAt, ingest, ticketByRef } from './console-support.ts';
import { screenshot, useConsoleBrowser } from './browser-session.ts';

const FLAG = 'The account holder wrote again';

const session = useConsoleBrowser({ RECOVERY_CANCEL_WINDOW: '24h' });
const external = session.external;
let env: TestEnv;
let app: FastifyInstance;
let base: string;
let page: Page;
beforeAll(() => {
  ({ env, app, base, page } = session);
});

/** The holder's reply in the ticket's thread (the reference in the subject), authenticated by our MX. */
function objection(email: string, ref: string): Buffer {
  return buildMail({
    from: email,
    fromName: 'Sarah Connor',
    subject: `Re: [${ref}] Your request`,
    body: 'I did not ask for this! Please do not remove anything from my account.\n\nSarah',
  });
}

async function requestFrom(email: string) {
  await seedAccount(env, { email, fullName: 'Sarah Connor', organisations: ['Northwind Traders'] });
  return ingest(env, buildMail({ from: email, fromName: 'Sarah Connor', body: COMPLETE_REQUEST_EN }));
}

describe('the holder wrote again, in the console', () => {
  test('a stale approval is refused, an approved ticket is back in review with its approval voided, a done ticket is back in the queue', async () => {
    const agent = await seedAgent(env, 'alice@bpart.test', 'admin');
    // Approvals made outside the browser, by a colleague (each code is usable once per agent).
    const colleague = await seedAgent(env, 'bob@bpart.test');
    const ready = await requestFrom('sarah@ready.example');
    const approved = await requestFrom('sarah@approved.example');
    const done = await requestFrom('sarah@done.example');
    expect((await approveTicket(env.app.deps, { ref: approved.ref, agentEmail: colleague.email, totpCode: await codeAt(colleague.totpSecret) })).status).toBe(
      'approved',
    );

    await page.goto(`${base}/login`);
    await page.fill('#email', agent.email);
    await page.fill('#password', agent.password);
    await page.fill('#code', await codeAt(agent.totpSecret));
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/tickets`);

    // 1. The agent opens a ready ticket; the holder's reply lands while the page is open.
    await page.goto(`${base}/tickets/${ready.ref}`);
    expect(await page.locator('.flag').allTextContents()).not.toContain(FLAG);
    await ingest(env, objection('sarah@ready.example', ready.ref));
    await page.fill('#approve-code', await codeAt(agent.totpSecret, 1));
    await page.click('button.approve');
    await expect(page.locator('.error').textContent()).resolves.toContain('changed since you opened it');
    await expect(page.locator('section.card:has(h2:text("Signals"))').textContent()).resolves.toContain(FLAG);
    expect((await ticketByRef(env, ready.ref)).status).toBe('ready');

    // 2. An approved ticket in its cancel window: the holder objects, the approval is void.
    await ingest(env, objection('sarah@approved.example', approved.ref));
    await page.goto(`${base}/tickets/${approved.ref}`);
    await expect(page.locator('h1 .badge').textContent()).resolves.toBe('Ready for review');
    await expect(page.locator('.flag', { hasText: FLAG }).count()).resolves.toBe(1);
    const important = await page.locator('ol.timeline li.important').allTextContents();
    expect(important.some((text) => text.includes('approval voided') && text.includes('holder_wrote_again'))).toBe(true);
    expect(important.some((text) => text.startsWith('holder wrote again'))).toBe(true);
    await expect(page.locator('pre.mail', { hasText: 'I did not ask for this!' }).count()).resolves.toBeGreaterThan(0);
    await screenshot(page, 'holder-wrote-again.png');

    // 3. A done ticket (reset at once here) the holder writes about is back among open work.
    const now = await approveTicket(
      { ...env.app.deps, config: { ...env.config, RECOVERY_CANCEL_WINDOW: 0 } },
      { ref: done.ref, agentEmail: colleague.email, totpCode: await codeAt(colleague.totpSecret, 1) },
    );
    expect(now.status).toBe('done');
    await page.goto(`${base}/tickets`);
    await expect(page.locator('tbody tr', { hasText: done.ref }).count()).resolves.toBe(0);
    await ingest(env, objection('sarah@done.example', done.ref));
    await page.goto(`${base}/tickets`);
    const row = page.locator('tbody tr', { hasText: done.ref });
    await expect(row.textContent()).resolves.toContain('Done');
    await expect(row.textContent()).resolves.toContain(FLAG);
    await expect(page.locator('tbody tr', { hasText: approved.ref }).textContent()).resolves.toContain(FLAG);
    expect(external).toEqual([]);
  }, 90_000);
});
