// The agent console in a real headless Chromium (Debian's, driven by playwright-core):
// sign in with password and TOTP, read a ticket's signals, request details, approve with
// a step-up code, and watch the status change. Screenshots land in test-results/screenshots/.
import { beforeAll, describe, expect, test } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { seedAccount, seedAgent, type TestEnv } from '../support/app.ts';
import { buildMail, COMPLETE_REQUEST_EN } from '../support/mail.ts';
import { codeAt, ingest, ticketByRef } from './console-support.ts';
import { screenshot, useConsoleBrowser } from './browser-session.ts';

const session = useConsoleBrowser({ RECOVERY_CANCEL_WINDOW: '24h' });
const external = session.external;
let env: TestEnv;
let app: FastifyInstance;
let base: string;
let page: Page;
beforeAll(() => {
  ({ env, app, base, page } = session);
});

describe('the agent console in a browser', () => {
  test('sign in, read the signals, request details, approve with step-up, see the status change', async () => {
    await seedAccount(env, { email: 'sarah.connor@northwind.example', fullName: 'Sarah Connor', organisations: ['Northwind Traders'] });
    await seedAccount(env, { email: 'jan.peeters@brouwerij-peeters.example', fullName: 'Jan Peeters', organisations: ['Brouwerij Peeters BV'] });
    await seedAccount(env, { email: 'claire.dubois@atelier-dubois.example', fullName: 'Claire Dubois', organisations: ['Atelier Dubois SRL'] });
    const agent = await seedAgent(env, 'alice@bpart.test', 'admin');
    const ready = await ingest(env, buildMail({ from: 'sarah.connor@northwind.example', fromName: 'Sarah Connor', body: COMPLETE_REQUEST_EN }));
    const partial = await ingest(
      env,
      buildMail({
        from: 'jan.peeters@brouwerij-peeters.example',
        fromName: 'Jan',
        subject: '2FA kwijt',
        body: 'Hallo,\n\nIk ben mijn telefoon met de authenticator-app verloren en kan niet meer inloggen. Kunnen jullie mijn tweestapsverificatie resetten?\n\nGroeten,\nJan',
        headers: { 'Reply-To': 'jan.helpdesk@gmail.example' },
      }),
    );
    await ingest(
      env,
      buildMail({
        from: 'claire.dubois@atelier-dubois.example',
        fromName: 'Claire Dubois',
        subject: 'Perte de mon téléphone',
        authenticated: false,
        body: "Bonjour,\n\nJ'ai perdu mon téléphone et je n'ai plus accès à mon application d'authentification. Pourriez-vous désactiver la double authentification ?\n\nJe m'appelle Claire Dubois, gérante de l'Atelier Dubois SRL.\n\nMerci,\nClaire Dubois",
      }),
    );
    expect(ready.status).toBe('ready');
    expect(partial.status).toBe('waiting_details');

    await page.goto(`${base}/tickets`);
    expect(page.url()).toBe(`${base}/login`);
    await page.fill('#email', agent.email);
    await page.fill('#password', agent.password);
    await page.fill('#code', await codeAt(agent.totpSecret));
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/tickets`);
    await expect(page.locator('h1').textContent()).resolves.toContain('Recovery tickets');
    await expect(page.locator('tbody tr').count()).resolves.toBe(3);
    await screenshot(page, 'queue.png');

    // A ticket with a detail missing and a Reply-To elsewhere: flagged, details requested.
    await page.click(`text=${partial.ref}`);
    await page.waitForURL(`${base}/tickets/${partial.ref}`);
    await expect(page.locator('.flag').first().textContent()).resolves.toContain('Reply-To differs from From');
    await page.click('text=Request missing details');
    await expect(page.locator('.success').textContent()).resolves.toContain('missing details is on its way');

    // A complete, authenticated request: signals, then approval with a fresh code.
    await page.goto(`${base}/tickets/${ready.ref}`);
    const signals = await page.locator('section.card:has(h2:text("Signals"))').textContent();
    expect(signals).toContain('Authenticated');
    expect(signals).toContain('Name: match');
    expect(signals).toContain('Org: match');
    // The writer's text names the account's organisation: said beside "on file", with the passage.
    await expect(page.locator('table.compare').textContent()).resolves.toContain(
      'organisation on file named in the text: «My name is Sarah Connor and I manage the account of Northwind Traders.»',
    );
    await expect(page.locator('pre.mail').first().textContent()).resolves.toContain('I lost my phone');
    await screenshot(page, 'ticket.png');
    await page.fill('#approve-code', await codeAt(agent.totpSecret, 1));
    await page.click('button.approve');
    await page.waitForURL(/ok=approved/);
    await expect(page.locator('h1 .badge').textContent()).resolves.toBe('Approved · cancel window');
    await expect(page.locator('.success').textContent()).resolves.toContain('cancel');
    expect((await ticketByRef(env, ready.ref)).status).toBe('approved');

    await page.goto(`${base}/tickets?status=approved`);
    await expect(page.locator('tbody tr').count()).resolves.toBe(1);
    expect(external).toEqual([]);
  });
});
