// Attacks tried in stop 23, third pass, in a real headless Chromium (Debian's, through
// playwright-core; docs/security-log.md "Attacks tried in stop 23, third pass"): what an agent actually sees of
// an unauthenticated ticket when Eve writes long fields (a display name, a subject, a stated name
// and organisation of hundreds of characters without a space) meant to push the warning or the
// decision out of view, or to draw her text over ours. Real PostgreSQL and Redis.
import { beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { seedAccount, seedAgent, type TestEnv } from '../support/app.ts';
import { buildMail } from '../support/mail.ts';
import { codeAt, ingest } from '../e2e/console-support.ts';
import { screenshot, useConsoleBrowser } from '../e2e/browser-session.ts';

const session = useConsoleBrowser({ RECOVERY_CANCEL_WINDOW: '24h' }, { width: 1280, height: 800 });
let env: TestEnv;
let base: string;
let page: Page;
beforeAll(() => {
  ({ env, base, page } = session);
});

async function signIn() {
  const agent = await seedAgent(env, 'stop23c-web@bpart.test');
  await page.goto(`${base}/login`);
  await page.fill('#email', agent.email);
  await page.fill('#password', agent.password);
  await page.fill('#code', await codeAt(agent.totpSecret));
  await page.click('button[type=submit]');
  await page.waitForURL(`${base}/tickets`);
}

/** Boxes of the page's parts, in CSS pixels of the viewport. */
async function layoutOf(selectors: string[]) {
  const viewport = page.viewportSize()!;
  // A string expression: evaluated in the page (this file is compiled without the DOM's types).
  const scrollWidth = Number(await page.evaluate('document.documentElement.scrollWidth'));
  const boxes: Record<string, { left: number; right: number; top: number; bottom: number } | null> = {};
  for (const s of selectors) {
    const b = await page.locator(s).first().boundingBox();
    boxes[s] = b ? { left: b.x, right: b.x + b.width, top: b.y, bottom: b.y + b.height } : null;
  }
  return { viewport, scrollWidth, boxes };
}

describe('long fields cannot push the warning or the decision out of view', () => {
  test('an unauthenticated ticket with 400-character unbroken name, organisation, subject and display name', async () => {
    const email = 'long@stop23c.example';
    await seedAccount(env, { email, fullName: 'Alice Martin', organisations: ['Good Example SRL'] });
    const long = (seed: string) => seed.repeat(Math.ceil(400 / seed.length)).slice(0, 400);
    const ticket = await ingest(
      env,
      buildMail({
        from: email,
        fromName: long('AliceMartinAuthenticated'),
        subject: long('LostMyPhoneVerifiedSender'),
        authenticated: false,
        body: `Hello,\n\nI lost my phone with my authenticator app. Please reset my two-factor authentication.\n\nMy name is Alice ${long('Martin')}.\nOrganisation: Good${long('ExampleSRL')}\n\nAlice Martin`,
      }),
    );
    await signIn();
    await page.goto(`${base}/tickets/${ticket.ref}`);
    await screenshot(page, 'stop23c-long-fields.png');
    const { viewport, scrollWidth, boxes } = await layoutOf(['.flag', '#actions', 'table.compare', 'article.card']);
    // Nothing is wider than the window: no part of the page hides to the right.
    expect(scrollWidth).toBeLessThanOrEqual(viewport.width);
    // The "Sender not authenticated" warning is the first thing in view.
    expect(await page.locator('.flag').first().textContent()).toMatch(/Sender not authenticated/);
    expect(boxes['.flag']!.top).toBeLessThan(viewport.height / 2);
    // The decision card sits in view, beside (never under) the request and the message.
    const actions = boxes['#actions']!;
    expect(actions.right).toBeLessThanOrEqual(viewport.width);
    expect(actions.top).toBeLessThan(viewport.height);
    for (const left of ['table.compare', 'article.card']) expect(boxes[left]!.right, left).toBeLessThanOrEqual(actions.left);
  });

  test('control: the same ticket with ordinary fields', async () => {
    const email = 'short@stop23c.example';
    await seedAccount(env, { email, fullName: 'Alice Martin', organisations: ['Good Example SRL'] });
    const ticket = await ingest(
      env,
      buildMail({
        from: email,
        fromName: 'Alice Martin',
        authenticated: false,
        body: 'Hello,\n\nI lost my phone with my authenticator app. Please reset my two-factor authentication.\n\nMy name is Alice Martin and I manage the account of Good Example SRL.\n\nAlice Martin',
      }),
    );
    await page.goto(`${base}/tickets/${ticket.ref}`);
    const { viewport, scrollWidth, boxes } = await layoutOf(['#actions', 'table.compare']);
    expect(scrollWidth).toBeLessThanOrEqual(viewport.width);
    expect(boxes['table.compare']!.right).toBeLessThanOrEqual(boxes['#actions']!.left);
  });
});
