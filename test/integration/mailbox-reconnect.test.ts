// A mailbox that refuses connections (server down, wrong port): the reader waits 1 s, 2 s, 4 s…
// between attempts, as its log says, instead of retrying in a tight loop that floods the log.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/app.ts';
import { freePort } from '../support/dovecot.ts';

let env: TestEnv;
beforeAll(async () => {
  const port = await freePort(); // nothing listens there
  env = await createTestEnv({ IMAP_URL: `imap://support%40bpart.test:secret@127.0.0.1:${port}/INBOX` });
});
afterAll(async () => {
  await env?.close();
});

test('a refused mailbox connection is retried with the backoff the log announces', async () => {
  env.startWorker();
  await new Promise((resolve) => setTimeout(resolve, 3_500));
  const metrics = await env.app.metrics.registry.metrics();
  const reconnects = Number(/^recovery_desk_imap_reconnects_total\{[^}]*\} (\d+)/m.exec(metrics)?.[1] ?? 0);
  // attempts at about 0 s, 1 s and 3 s
  expect(reconnects).toBeGreaterThanOrEqual(2);
  expect(reconnects).toBeLessThanOrEqual(4);
  await env.stopWorker();
});

test("the process's own metrics are named once: recovery_desk_process_…, not recovery_desk_process_process_…", async () => {
  const metrics = await env.app.metrics.registry.metrics();
  expect(metrics).toMatch(/^recovery_desk_process_cpu_user_seconds_total /m);
  expect(metrics).toMatch(/^recovery_desk_nodejs_heap_size_used_bytes /m);
  expect(metrics).not.toContain('process_process');
});
