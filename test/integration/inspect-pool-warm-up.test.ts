// A worker loads its inspection threads before it takes jobs (serve.ts): the first messages
// waiting at start-up are not held behind each thread's module loading.
import { afterAll, expect, test } from 'vitest';
import { createInspectPool } from '../../src/adapters/mail/inspect-pool.ts';
import { offlineInspectSettings } from '../support/inspect.ts';

const pool = createInspectPool({
  size: 1,
  timeoutMs: 30_000,
  settings: offlineInspectSettings,
});
afterAll(() => pool.close());

const request = Buffer.from(
  [
    'From: Alice Martin <alice@genuine.example>',
    'To: support@bpart.test',
    'Subject: lost my phone',
    'Message-ID: <warm-1@genuine.example>',
    '',
    'Hello, I lost my phone and cannot log in with my 2FA code any more. Alice Martin, Dierenhuis De Linde vzw',
    '',
  ].join('\r\n'),
);

test('after the warm-up the first message is inspected without waiting for the thread to load', async () => {
  expect(pool.threads).toBe(0);
  const warming = performance.now();
  await pool.warmUp();
  const warmUpMs = performance.now() - warming;
  expect(pool.threads).toBe(1);
  const inspecting = performance.now();
  const result = await pool.inspect(request);
  const firstMs = performance.now() - inspecting;
  expect(result.ok && result.analysis.kind).toBe('recovery_request');
  // Loading mailparser, mailauth and the reader takes most of a second; one message, cold, a fraction of it.
  expect(firstMs).toBeLessThan(warmUpMs / 2);
  // A second warm-up starts nothing more.
  await pool.warmUp();
  expect(pool.threads).toBe(1);
});
