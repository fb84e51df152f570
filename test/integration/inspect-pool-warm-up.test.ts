// A worker loads its inspection threads before it takes jobs (serve.ts): the first messages
// waiting at start-up are not held behind each thread's module loading.
import { afterAll, expect, test } from 'vitest';
import { createInspectPool } from '../../src/adapters/mail/inspect-pool.ts';
import { offlineInspectSettings } from '../support/inspect.ts';

const LOAD_MS = 400;

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
  await pool.warmUp();
  expect(pool.threads).toBe(1);
  const result = await pool.inspect(request);
  expect(result.ok && result.analysis.kind).toBe('recovery_request');
  // A second warm-up starts nothing more.
  await pool.warmUp();
  expect(pool.threads).toBe(1);
});

test('the warm-up returns only once the thread has loaded its modules', async () => {
  // A stand-in thread that takes LOAD_MS to load (timers never fire early, so this is no race).
  const slow = createInspectPool({
    size: 1,
    timeoutMs: 30_000,
    settings: { ...offlineInspectSettings, cueLoadMs: LOAD_MS } as typeof offlineInspectSettings,
    thread: new URL('../support/cue-inspect-thread.ts', import.meta.url),
  });
  try {
    const warming = performance.now();
    await slow.warmUp();
    expect(performance.now() - warming).toBeGreaterThanOrEqual(LOAD_MS);
    const first = await slow.inspect(Buffer.from('Subject: first\r\n\r\nhello\r\n'));
    expect(first.ok && first.analysis.kind).toBe('first');
  } finally {
    await slow.close();
  }
});
