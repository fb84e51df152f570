// Infrastructure faults under load: Redis emptied (FLUSHALL) mid-burst, Redis killed and
// restarted, PostgreSQL restarted, Dovecot restarted, the IMAP connection cut during IDLE.
// The run completes with the same guarantee as the kill test, and /metrics and /readyz show
// the Redis outage and its end. Private Redis and PostgreSQL: nothing shared is flushed.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEFAULT_DOVECOT_USER, freePort, startDovecot, type Dovecot } from '../support/dovecot.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { waitFor } from '../support/wait.ts';
import { createChaosApp, type ChaosApp } from '../support/chaos/app.ts';
import { appendAll, checkGuarantee, people, requestFor, seedPeople, settled, tally, watchArrivals } from '../support/chaos/burst.ts';
import { startPrivatePostgres, type PrivatePostgres } from '../support/chaos/postgres.ts';
import { superviseWorker, type Supervised } from '../support/chaos/processes.ts';
import { startTcpProxy, type TcpProxy } from '../support/chaos/proxy.ts';
import { startPrivateRedis, type PrivateRedis } from '../support/chaos/redis.ts';

const MAILBOX = 'Outage';
let dovecot: Dovecot;
let sink: SmtpSink;
let redis: PrivateRedis;
let pg: PrivatePostgres;
let proxy: TcpProxy;
let env: ChaosApp;
let metricsPort: number;
let worker: Supervised | undefined;

beforeAll(async () => {
  [dovecot, sink, redis, pg] = await Promise.all([startDovecot(), startSmtpSink(), startPrivateRedis(), startPrivatePostgres()]);
  proxy = await startTcpProxy(() => dovecot.port);
  metricsPort = await freePort();
  const imapUrl = dovecot.imapUrl(DEFAULT_DOVECOT_USER, MAILBOX).replace(`:${dovecot.port}/`, `:${proxy.port}/`);
  env = createChaosApp({
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: 'chaos',
    IMAP_URL: imapUrl,
    SMTP_URL: sink.url,
    METRICS_PORT: String(metricsPort),
    IMAP_POLL_INTERVAL: '5s',
    SWEEP_INTERVAL: '2s',
    LOG_LEVEL: 'warn',
  });
});

afterAll(async () => {
  await worker?.kill9();
  await env?.close();
  await proxy?.close();
  await Promise.all([dovecot?.stop(), sink?.close(), redis?.close(), pg?.close()]);
});

async function get(path: string): Promise<{ status: number; body: string; ms: number }> {
  const started = Date.now();
  try {
    const response = await fetch(`http://127.0.0.1:${metricsPort}${path}`, { signal: AbortSignal.timeout(10_000) });
    return { status: response.status, body: await response.text(), ms: Date.now() - started };
  } catch (error) {
    return { status: 0, body: String(error), ms: Date.now() - started };
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test(
  'FLUSHALL, Redis restart, PostgreSQL restart, Dovecot restart and a cut IDLE connection: every message one outcome, every reply once',
  { timeout: 240_000 },
  async () => {
    const { db } = env.app.deps;
    const list = people(300, 'out');
    await seedPeople(db, env.app.deps.secrets, list);
    const mail = list.map((p, i) => requestFor(p, i, 'out'));
    const pass = dovecot.users[0]!.password;
    const timeline: Record<string, unknown>[] = [];
    const mark = async (what: string) => timeline.push({ what, ...(await tally(db)) });

    await appendAll(dovecot.port, DEFAULT_DOVECOT_USER, pass, MAILBOX, mail.slice(0, 100));
    const watched = watchArrivals(sink);
    // Supervised like systemd's Restart=always would: a worker that dies is counted and restarted.
    worker = superviseWorker(env.env);
    const w = worker;
    await waitFor(async () => (await get('/readyz')).status === 200, { timeoutMs: 20_000, intervalMs: 200, what: '/readyz 200 at start' });
    await waitFor(async () => (await tally(db)).tickets >= 30, { timeoutMs: 30_000, intervalMs: 100, what: 'some tickets' });

    // 1. Redis loses everything mid-burst: queued jobs, locks, BullMQ's bookkeeping.
    await redis.flushAll();
    await mark('flushall');
    await appendAll(dovecot.port, DEFAULT_DOVECOT_USER, pass, MAILBOX, mail.slice(100, 200));
    await pause(1500);

    // 2. Redis goes away (and comes back empty): /readyz and /metrics say so, then recover.
    await redis.kill();
    await mark('redis down');
    await pause(1000);
    const downReady = await get('/readyz');
    const downMetrics = await get('/metrics');
    const downHealth = await get('/healthz');
    await redis.start();
    await waitFor(async () => (await get('/readyz')).status === 200, { timeoutMs: 20_000, intervalMs: 200, what: '/readyz back to 200 after Redis came back' });
    await mark('redis back');
    expect(downReady.status).toBe(503);
    expect(JSON.parse(downReady.body)).toMatchObject({ status: 'unavailable', checks: { redis: false, postgres: true } });
    expect(downHealth.status).toBe(200); // the process is up; only readiness fails
    expect(downMetrics.status, `/metrics during the Redis outage: ${downMetrics.body.slice(0, 200)}`).toBe(200);
    expect(downMetrics.ms).toBeLessThan(8_000);
    expect(downMetrics.body).toMatch(/^recovery_desk_redis_up 0$/m);

    // 3. PostgreSQL restarts under load: every connection is cut.
    await appendAll(dovecot.port, DEFAULT_DOVECOT_USER, pass, MAILBOX, mail.slice(200, 250));
    const pgDownAt = Date.now();
    await pg.restart('fast');
    const pgUpAt = Date.now();
    await mark('postgres restarted');

    // 4. Dovecot restarts (the reader's connection drops), more mail arrives after.
    await pause(1000);
    await dovecot.restart();
    await mark('dovecot restarted');
    await appendAll(dovecot.port, DEFAULT_DOVECOT_USER, pass, MAILBOX, mail.slice(250, 280));

    // 5. The connection is cut while the reader idles; the next mail still arrives.
    await waitFor(() => settled(db, 280), { timeoutMs: 120_000, intervalMs: 500, what: '280 messages finished' }).catch(async (error: Error) => {
      throw new Error(
        `${error.message}\n${JSON.stringify(timeline)}\n${JSON.stringify(await tally(db))}\n${w.current().stderr().slice(-4000)}\ncrashes: ${JSON.stringify(w.crashes)}`,
      );
    });
    await pause(1500); // the reader is back in IDLE
    const cut = proxy.cut();
    await mark('idle connection cut');
    await appendAll(dovecot.port, DEFAULT_DOVECOT_USER, pass, MAILBOX, mail.slice(280));
    await waitFor(() => settled(db, 300), { timeoutMs: 60_000, intervalMs: 500, what: 'all 300 messages finished' }).catch(async (error: Error) => {
      throw new Error(
        `${error.message}\n${JSON.stringify(timeline)}\n${JSON.stringify(await tally(db))}\n${w.current().stderr().slice(-4000)}\ncrashes: ${JSON.stringify(w.crashes)}`,
      );
    });
    await mark('settled');
    await sink.waitForMessages(300, 10_000).catch(() => undefined);

    const report = await checkGuarantee(db, sink, watched.arrivals, { total: 300, requests: list.map((p) => p.email) });
    watched.stop();
    // A reply the SMTP server accepted just as PostgreSQL went away cannot be recorded as sent; when
    // the driver then takes the process down (postgres.js's uncatchable nextWrite error, asserted
    // below), the restarted worker sends it again: the kill-worker case, allowed once per reply.
    // Any other duplicate is a bug.
    const crashWindow = (at: number) => w.crashes.some((c) => c.at >= pgDownAt && at >= pgDownAt - 2_000 && at <= Math.max(c.at, pgUpAt) + 2_000);
    const unexplained = report.duplicates.filter((d) => d.copies > 2 || !crashWindow(d.arrivals[0] ?? 0));
    await waitFor(async () => (await get('/readyz')).status === 200, { timeoutMs: 20_000, intervalMs: 200, what: '/readyz 200 at the end' });
    const metrics = (await get('/metrics')).body;
    const reconnects = Number(/^recovery_desk_imap_reconnects_total\{[^}]*\} (\d+)/m.exec(metrics)?.[1] ?? 0);
    const requeued = [...metrics.matchAll(/^recovery_desk_sweeper_requeued_total\{what="(\w+)"\} (\d+)/gm)].map((m) => `${m[1]}=${m[2]}`);
    console.info(
      JSON.stringify({
        chaos: 'outages',
        timeline,
        cut,
        reconnects,
        crashes: w.crashes,
        requeued,
        outcomes: report.outcomes,
        duplicates: report.duplicates.length,
      }),
    );
    expect(report.problems).toEqual([]);
    expect(unexplained).toEqual([]);
    expect(cut).toBeGreaterThan(0);
    // Counted by the process running now: after a crash and restart, only what it saw itself.
    if (w.crashes.length === 0) expect(reconnects).toBeGreaterThanOrEqual(2); // Dovecot restart and the cut
    // The one crash seen here: postgres.js 3.4.9 throws from a setImmediate when a connection
    // closes under a buffered write (porsager/postgres#1208). Anything else is a new finding.
    for (const crash of w.crashes) expect(crash.tail).toContain("Cannot read properties of null (reading 'write')");

    // Every series the operations section documents is exposed.
    for (const name of [
      'recovery_desk_queue_depth',
      'recovery_desk_queue_oldest_waiting_seconds',
      'recovery_desk_jobs_total',
      'recovery_desk_arrival_to_ticket_seconds_bucket',
      'recovery_desk_arrival_to_ack_seconds_bucket',
      'recovery_desk_messages_quarantined',
      'recovery_desk_imap_reconnects_total',
      'recovery_desk_replies_total',
      'recovery_desk_imap_auth_failures_total',
      'recovery_desk_redis_up',
    ]) {
      expect(metrics, name).toContain(name);
    }
    expect(metrics).toMatch(/^recovery_desk_redis_up 1$/m);
    expect(await w.stop()).toBe('code 0');
    const [left] = await db.execute<{ n: number }>(sql`select count(*)::int as n from inbound_messages where status = 'stored'`);
    expect(left?.n).toBe(0);
  },
);
