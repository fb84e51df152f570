// One headless Chromium (Debian's, through playwright-core) against the console of a fresh
// test environment, for each browser suite: set up before the file's tests, torn down after.
// Screenshots go to test-results/screenshots/; `npm run screenshots` also refreshes the ones
// the README shows in docs/screenshots/ (tests never modify tracked files otherwise).
import { mkdir, mkdtemp, rm, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createTestEnv, type TestEnv } from '../support/app.ts';
import type { HttpOptions } from '../../src/web/app.ts';
import { webApp } from './console-support.ts';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const RESULTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const DOCS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

export interface BrowserSession {
  env: TestEnv;
  app: FastifyInstance;
  base: string;
  page: Page;
  /** Every request the page made to anything but our own origin (must stay empty). */
  external: string[];
}

/** Registers the file's beforeAll/afterAll; the session's fields are filled in before the tests run. */
export function useConsoleBrowser(
  envOverrides: Record<string, string> = {},
  viewport = { width: 1440, height: 900 },
  httpOptions: HttpOptions = {},
): BrowserSession {
  const session = { external: [] as string[] } as BrowserSession;
  let profile = '';
  let browser: BrowserContext | undefined;
  beforeAll(async () => {
    session.env = await createTestEnv(envOverrides);
    session.app = await webApp(session.env, httpOptions);
    session.base = await session.app.listen({ port: 0, host: '127.0.0.1' });
    profile = await mkdtemp(join(tmpdir(), 'rd-chromium-'));
    browser = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, viewport });
    session.page = browser.pages()[0] ?? (await browser.newPage());
    // Nothing but our own origin may ever be requested.
    session.page.on('request', (request) => {
      if (!request.url().startsWith(session.base)) session.external.push(request.url());
    });
  });
  afterAll(async () => {
    await browser?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
    await session.app?.close();
    await session.env?.close();
  });
  return session;
}

/** A full-page screenshot under test-results/screenshots/ (and docs/screenshots/ with SCREENSHOTS_UPDATE=1). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(RESULTS, { recursive: true });
  await page.screenshot({ path: join(RESULTS, name), fullPage: true });
  if (process.env.SCREENSHOTS_UPDATE === '1') {
    await mkdir(DOCS, { recursive: true });
    await copyFile(join(RESULTS, name), join(DOCS, name));
  }
}
