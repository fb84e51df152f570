// Two worker processes on one Redis and one PostgreSQL: they share the jobs, exactly one of
// them reads the mailbox (the other stands by), nothing is processed twice.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEFAULT_DOVECOT_USER, freePort, startDovecot, type Dovecot } from '../support/dovecot.ts';
import { cleanupPrefix, testQueuePrefix } from '../support/redis.ts';
import { REDIS_URL } from '../support/run.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { waitFor } from '../support/wait.ts';
import { createChaosApp, type ChaosApp } from '../support/chaos/app.ts';
import { appendAll, checkGuarantee, people, requestFor, seedPeople, settled } from '../support/chaos/burst.ts';
import { startPrivatePostgres, type PrivatePostgres } from '../support/chaos/postgres.ts';
import { spawnWorker, type WorkerProcess } from '../support/chaos/processes.ts';

const MAILBOX = 'Shared';
const TOTAL = 200;
let dovecot: Dovecot;
let sink: SmtpSink;
let pg: PrivatePostgres;
let env: ChaosApp;
const prefix = testQueuePrefix();
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  [dovecot, sink, pg] = await Promise.all([startDovecot(), startSmtpSink(), startPrivatePostgres()]);
  env = createChaosApp({
    DATABASE_URL: pg.url,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    IMAP_URL: dovecot.imapUrl(DEFAULT_DOVECOT_USER, MAILBOX),
    SMTP_URL: sink.url,
    LOG_LEVEL: 'info',
    WORKER_CONCURRENCY: '4',
  });
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill9()));
  await env?.close();
  await cleanupPrefix(prefix);
  await Promise.all([dovecot?.stop(), sink?.close(), pg?.close()]);
});

const counter = (text: string, name: string, labels: string) => Number(new RegExp(`^${name}\\{${labels}\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);

test('two workers: the work is shared, one reader, the other on standby, nothing processed twice', { timeout: 120_000 }, async () => {
  const { db } = env.app.deps;
  const list = people(TOTAL, 'two');
  await seedPeople(db, env.app.deps.secrets, list);
  await appendAll(
    dovecot.port,
    DEFAULT_DOVECOT_USER,
    dovecot.users[0]!.password,
    MAILBOX,
    list.slice(0, TOTAL / 2).map((p, i) => requestFor(p, i, 'two')),
  );
  const ports = [await freePort(), await freePort()];
  for (const port of ports) workers.push(spawnWorker({ ...env.env, METRICS_PORT: String(port) }));
  await appendAll(
    dovecot.port,
    DEFAULT_DOVECOT_USER,
    dovecot.users[0]!.password,
    MAILBOX,
    list.slice(TOTAL / 2).map((p, i) => requestFor(p, i + TOTAL / 2, 'two')),
  );
  await waitFor(() => settled(db, TOTAL), { timeoutMs: 90_000, intervalMs: 500, what: `${TOTAL} messages finished` });
  await sink.waitForMessages(TOTAL, 15_000);

  const report = await checkGuarantee(db, sink, new Map(), { total: TOTAL, requests: list.map((p) => p.email) });
  expect(report.problems).toEqual([]);
  expect(report.duplicates).toEqual([]);

  // Exactly one process read the mailbox; the other one never did.
  const readers = workers.map((w) => w.logs().filter((line) => line.msg === 'reading mailbox').length);
  expect(readers.filter((n) => n > 0)).toHaveLength(1);
  // Each message was processed by exactly one process, once (the log line of a real run).
  const processed = workers.map((w) =>
    w
      .logs()
      .filter((line) => line.msg === 'message processed')
      .map((line) => Number(line.messageId)),
  );
  const all = processed.flat();
  expect(all).toHaveLength(TOTAL);
  expect(new Set(all).size).toBe(TOTAL);
  // Both took part; the job counters agree.
  const scraped = await Promise.all(ports.map(async (port) => (await fetch(`http://127.0.0.1:${port}/metrics`)).text()));
  // A backlog read together is processed several messages per job (process-messages), a message
  // read alone in a job of its own: every inbound job run completed, none failed.
  const runs = (job: string, result: string) =>
    scraped.map((text) => counter(text, 'recovery_desk_jobs_total', `queue="inbound",job="${job}",result="${result}"`));
  const completed = [...runs('process-message', 'completed'), ...runs('process-messages', 'completed')];
  expect(completed.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  expect(completed.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(TOTAL);
  expect([...runs('process-message', 'failed'), ...runs('process-messages', 'failed')]).toEqual([0, 0, 0, 0]);
  expect(Math.min(...processed.map((p) => p.length))).toBeGreaterThan(0);
  const ready = await Promise.all(ports.map(async (port) => (await fetch(`http://127.0.0.1:${port}/readyz`)).json()));
  for (const body of ready) expect(body).toMatchObject({ status: 'ok', checks: { mailbox: true } }); // standby counts as ready
  console.info(JSON.stringify({ chaos: 'scale-out', readers, processedPerWorker: processed.map((p) => p.length), completed }));
  for (const w of workers) expect(await w.stop()).toBe('code 0');
});
