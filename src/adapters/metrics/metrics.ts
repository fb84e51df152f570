// Prometheus metrics. Counters and histograms are observed where things happen (this process);
// queue depth, oldest waiting job and quarantine counts are read at scrape time from Redis and
// PostgreSQL, so every process that serves /metrics reports the whole installation.
import type { Queue } from 'bullmq';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { needsAttentionCount } from '../db/directory-operations.repository.ts';
import type { Db } from '../db/client.ts';
import { unprocessedSummary } from '../db/messages.repository.ts';
import { quarantineCounts } from '../db/quarantine.repository.ts';
import { pendingReplyCount } from '../db/outbox.repository.ts';

export interface Metrics {
  registry: Registry;
  jobs: Counter<'queue' | 'job' | 'result'>;
  arrivalToTicket: Histogram;
  arrivalToAck: Histogram;
  imapReconnects: Counter<'mailbox'>;
  imapAuthFailures: Counter<'mailbox'>;
  replies: Counter<'kind' | 'result'>;
  sweeps: Counter<'what'>;
}

/** How long a scrape waits for Redis or PostgreSQL before reporting it down. */
const SCRAPE_TIMEOUT_MS = 3_000;

const LATENCY_BUCKETS = [0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30, 60, 300, 1800];

export function createMetrics(sources: { db: Db; queues: () => Map<string, Queue> }): Metrics {
  const registry = new Registry();
  // prom-client names them process_* and nodejs_*: recovery_desk_process_cpu_user_seconds_total…
  collectDefaultMetrics({ register: registry, prefix: 'recovery_desk_' });
  const depth = new Gauge({ name: 'recovery_desk_queue_depth', help: 'Jobs per queue and state', labelNames: ['queue', 'state'], registers: [registry] });
  const oldest = new Gauge({
    name: 'recovery_desk_queue_oldest_waiting_seconds',
    help: 'Age of the oldest waiting job per queue',
    labelNames: ['queue'],
    registers: [registry],
  });
  const quarantined = new Gauge({
    name: 'recovery_desk_messages_quarantined',
    help: 'Quarantined messages by reason',
    labelNames: ['reason'],
    registers: [registry],
  });
  const unfinished = new Gauge({ name: 'recovery_desk_messages_unprocessed', help: 'Stored messages without an outcome yet', registers: [registry] });
  const oldestUnprocessed = new Gauge({
    name: 'recovery_desk_messages_oldest_unprocessed_seconds',
    help: 'Age of the oldest stored message without an outcome',
    registers: [registry],
  });
  const pendingReplies = new Gauge({ name: 'recovery_desk_replies_pending', help: 'Replies written but not sent yet', registers: [registry] });
  const needsAttention = new Gauge({
    name: 'recovery_desk_tickets_needs_attention',
    help: 'Tickets whose external reset (ACCOUNT_DIRECTORY=sql|http) needs a human',
    registers: [registry],
  });

  const redisUp = new Gauge({ name: 'recovery_desk_redis_up', help: 'Whether Redis answered the last scrape (1) or not (0)', registers: [registry] });
  const postgresUp = new Gauge({
    name: 'recovery_desk_postgres_up',
    help: 'Whether PostgreSQL answered the last scrape (1) or not (0)',
    registers: [registry],
  });

  // Read at scrape time: what Redis and PostgreSQL say now. Each side is bounded: the queue
  // connection waits for Redis to come back instead of failing, so an unbounded read would hang
  // /metrics for the whole outage — exactly when operators need it.
  const fromRedis = async () => {
    const now = Date.now();
    for (const [name, queue] of sources.queues()) {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
      for (const [state, n] of Object.entries(counts)) depth.set({ queue: name, state }, n);
      const [first] = await queue.getJobs(['waiting', 'prioritized'], 0, 0, true);
      oldest.set({ queue: name }, first ? Math.max(0, (now - first.timestamp) / 1000) : 0);
    }
  };
  const fromPostgres = async () => {
    const rows = await quarantineCounts(sources.db);
    quarantined.reset();
    for (const row of rows) quarantined.set({ reason: row.reason ?? 'unknown' }, row.n);
    const stored = await unprocessedSummary(sources.db);
    unfinished.set(stored?.n ?? 0);
    oldestUnprocessed.set(stored?.age ?? 0);
    pendingReplies.set(await pendingReplyCount(sources.db));
    needsAttention.set(await needsAttentionCount(sources.db));
  };
  const bounded = (work: Promise<void>): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), SCRAPE_TIMEOUT_MS)));
    return Promise.race([
      work.then(
        () => true,
        () => false,
      ),
      timeout,
    ]).finally(() => clearTimeout(timer));
  };
  const collect = async () => {
    const [redisOk, postgresOk] = await Promise.all([bounded(fromRedis()), bounded(fromPostgres())]);
    redisUp.set(redisOk ? 1 : 0);
    postgresUp.set(postgresOk ? 1 : 0);
  };
  const original = registry.metrics.bind(registry);
  registry.metrics = async () => {
    await collect(); // an outage shows as *_up 0 with the last known gauges, plus /readyz failing
    return original();
  };

  return {
    registry,
    jobs: new Counter({
      name: 'recovery_desk_jobs_total',
      help: 'Jobs finished by this process',
      labelNames: ['queue', 'job', 'result'],
      registers: [registry],
    }),
    arrivalToTicket: new Histogram({
      name: 'recovery_desk_arrival_to_ticket_seconds',
      help: 'From a message being stored to its ticket being committed',
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    arrivalToAck: new Histogram({
      name: 'recovery_desk_arrival_to_ack_seconds',
      help: 'From a request being stored to its first reply being sent',
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    imapReconnects: new Counter({
      name: 'recovery_desk_imap_reconnects_total',
      help: 'Mailbox sessions that ended and were retried',
      labelNames: ['mailbox'],
      registers: [registry],
    }),
    imapAuthFailures: new Counter({
      name: 'recovery_desk_imap_auth_failures_total',
      help: 'Mailbox logins or OAuth2 token refreshes that failed',
      labelNames: ['mailbox'],
      registers: [registry],
    }),
    replies: new Counter({
      name: 'recovery_desk_replies_total',
      help: 'Replies by result (sent, failed, suppressed)',
      labelNames: ['kind', 'result'],
      registers: [registry],
    }),
    sweeps: new Counter({
      name: 'recovery_desk_sweeper_requeued_total',
      help: 'Unfinished work the sweeper queued again',
      labelNames: ['what'],
      registers: [registry],
    }),
  };
}
