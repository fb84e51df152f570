// SPEC §6 rule 16 in a real headless Chromium: requests read but not acted on (throttled,
// duplicate) are listed for agents under "Held", each with its reason, and a competing
// forged request is flagged on the ticket the holder's signed request took over.
import { beforeAll, describe, expect, test } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { processMessage } from '../../src/steps/process-message.ts';
import { storeMessages } from '../../src/steps/store-message.ts';
import { seedAccount, seedAgent, type TestEnv } from '../support/app.ts';
import { buildMail, COMPLETE_REQUEST_EN } from '../support/mail.ts';
import { codeAt } from './console-support.ts';
import { screenshot, useConsoleBrowser } from './browser-session.ts';

const session = useConsoleBrowser({});
const external = session.external;
let env: TestEnv;
let app: FastifyInstance;
let base: string;
let page: Page;
beforeAll(() => {
  ({ env, app, base, page } = session);
});

async function run(raws: Buffer[]) {
  const stored = await storeMessages(
    env.app.deps,
    raws.map((raw) => ({ raw, source: 'ingest' as const })),
  );
  const outcomes = [];
  for (const s of stored) outcomes.push(await processMessage(env.app.deps, s.id));
  return outcomes;
}

describe('held mail in the console', () => {
  test('throttled and duplicate requests are listed under Held with their reason; the competing request is flagged', async () => {
    const holder = 'sarah.connor@northwind.example';
    await seedAccount(env, { email: holder, fullName: 'Sarah Connor', organisations: ['Northwind Traders'] });
    const agent = await seedAgent(env, 'alice@bpart.test');
    // Six forged requests as Sarah (no authentication): the sixth is throttled, in its own scope.
    const forged = await run(
      Array.from({ length: 6 }, (_, i) =>
        buildMail({ from: holder, authenticated: false, subject: `2FA reset ${i}`, body: COMPLETE_REQUEST_EN.replace('Sarah Connor', 'Mallory Forger') }),
      ),
    );
    expect(forged.at(-1)).toMatchObject({ outcome: 'ignored', reason: 'throttled_unauthenticated_sender' });
    // Sarah's own authenticated request takes the ticket over, and a second copy of it is a duplicate.
    const genuine = buildMail({ from: holder, fromName: 'Sarah Connor', body: COMPLETE_REQUEST_EN, messageId: '<sarah-1@northwind.example>' });
    const [taken, duplicate] = await run([
      genuine,
      Buffer.concat([Buffer.from('Received: from relay2.example by mx.bpart.test; Wed, 25 Nov 2026 10:00:00 +0000\r\n'), genuine]),
    ]);
    expect(taken).toMatchObject({ outcome: 'ticket_updated', reason: 'competing_requests' });
    expect(duplicate).toMatchObject({ outcome: 'ignored', reason: 'duplicate_message_id' });

    await page.goto(`${base}/login`);
    await page.fill('#email', agent.email);
    await page.fill('#password', agent.password);
    await page.fill('#code', await codeAt(agent.totpSecret));
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/tickets`);

    // The queue shows the ticket flagged as competing.
    await expect(page.locator('tbody').textContent()).resolves.toContain('Competing requests');

    await page.click('nav.filters >> text=Held');
    await page.waitForURL(`${base}/tickets?status=held`);
    const rows = page.locator('table.held tbody tr');
    await expect(rows.count()).resolves.toBe(2);
    const throttled = await page.locator('tr[data-reason="throttled_unauthenticated_sender"]').textContent();
    expect(throttled).toContain(holder);
    expect(throttled).toContain('Not authenticated');
    expect(throttled).toContain('too many unauthenticated requests from this address');
    const dup = await page.locator('tr[data-reason="duplicate_message_id"]').textContent();
    expect(dup).toContain('Authenticated');
    expect(dup).toContain('already processed');
    await screenshot(page, 'held.png');

    // The duplicate points at the ticket it repeats.
    await page.locator('tr[data-reason="duplicate_message_id"] a').click();
    await page.waitForURL(/\/tickets\/REC-/);
    await expect(page.locator('section.card:has(h2:text("Signals"))').textContent()).resolves.toContain('Competing requests');
    expect(external).toEqual([]);
  });
});
