// `npm run bench [-- --quick] [-- --cpu-prof]`: recovery-desk end to end on real services
// (PostgreSQL, Redis, a Dovecot of its own, a local SMTP sink, a loopback DNS stub), measured
// against the limits of its unavoidable stages on the same machine, in the same run:
//   stage limits  one ranged FETCH of the backlog; mailparser on every message on one core;
//                 IMAP IDLE notification delay (APPEND done → EXISTS) seen by a bare client
//   burst         N messages already in the mailbox when the worker (`node src/cli.ts worker`,
//                 a child process) starts → messages/s until every one has its outcome
//   trickle       requests APPENDed one at a time to the idle worker: APPEND done → ticket
//                 committed (a NOTIFY trigger in the bench database) and → acknowledgement at
//                 the SMTP sink
//   memory        peak RSS of the worker (/proc/<pid>/status) in the burst, and what one
//                 25 MB message adds
// It creates its own database, queue prefix and Dovecot and removes them at the end; it stops
// by itself (every wait is bounded) and talks to loopback only. Speed is never asserted:
// it prints a table and, last, one summary line.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import dns from 'node:dns';
import { createWriteStream, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { authenticateSender, type DnsResolver, type SenderAuthOptions } from '../src/adapters/auth/sender-auth.ts';
import { upsertAccount } from '../src/adapters/db/accounts.repository.ts';
import { connectDatabase } from '../src/adapters/db/client.ts';
import { createSecretBox } from '../src/adapters/crypto/secrets.ts';
import { parseMessage } from '../src/adapters/mail/parse.ts';
import { newTotpSecret } from '../src/adapters/totp/totp.ts';
import { analyse } from '../src/core/analyse.ts';
import { startDovecot, DEFAULT_DOVECOT_USER, type Dovecot } from '../test/support/dovecot.ts';
import { cleanupPrefix } from '../test/support/redis.ts';
import { REDIS_URL, currentRunId } from '../test/support/run.ts';
import { BENCH_AUTHSERV, DKIM_SELECTOR, SUPPORT, makeCorpus, makeDkimKey, makePeople, makeRequest, prng, type BenchMessage, type Person } from './corpus.ts';
import { createBenchDatabase, type BenchDatabase } from './support/db.ts';
import { startDnsStub, type DnsStub } from './support/dns.ts';
import { startBenchSink, type BenchSink, type Received } from './support/sink.ts';

const ROOT = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    n: { type: 'string' },
    trickle: { type: 'string' },
    seed: { type: 'string', default: '20260302' },
    'cpu-prof': { type: 'boolean', default: false },
    'big-mb': { type: 'string', default: '25' },
    /** Extra node flags for the worker only (e.g. "--max-semi-space-size=16"), to try a fix: they win over the worker's own. */
    // None by default: the worker runs as deployed, `node src/cli.ts worker`, which sets its own memory settings (V8's heap
    // limits, glibc's malloc arenas: src/worker-runtime.ts), as it does in the image, under docker-compose or systemd.
    'worker-node-options': { type: 'string', default: '' },
  },
  strict: true,
});
const N = Number(args.n ?? (args.quick ? 300 : 2000));
const TRICKLE = Number(args.trickle ?? (args.quick ? 30 : 100));
const SEED = Number(args.seed);
const IDLE_SAMPLES = args.quick ? 6 : 12;
const BIG_BYTES = Math.round(Number(args['big-mb']) * 1_000_000);
const BURST_TIMEOUT_MS = Math.max(120_000, N * 300);
const LOG_DIR = join(ROOT, 'var', 'bench');
const SECRETS_KEY = '22'.repeat(32);
const PARSER_OPTIONS = { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true, skipHtmlToText: true };

const say = (text: string) => process.stderr.write(`bench: ${text}\n`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const mb = (bytes: number) => bytes / 1024 / 1024;

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------
// Services, cleaned up whatever happens.

const cleanups: { what: string; fn: () => Promise<unknown> }[] = [];
async function cleanup(): Promise<void> {
  while (cleanups.length) {
    const { what, fn } = cleanups.pop()!;
    await within(fn(), 30_000, `clean-up of ${what}`).catch((error: unknown) => say(`clean-up of ${what} failed: ${String(error)}`));
  }
}
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    say(`${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------
// The worker process and its memory.

interface WorkerProcess {
  child: ChildProcess;
  /** performance.now() when the worker logged "worker started". */
  started: Promise<number>;
  spawnedAt: number;
  rss: { peakKb: number; currentKb: number; samples: number; resetPeak(): void };
  hwmKb(): number;
  cpuSeconds(): number;
  /** CPU-seconds of the live threads, by role: the main thread, inspection threads, the rest (GC, libuv). */
  threadCpu(): ThreadCpu;
  /** The worker's own counters at its sockets (bench/support/worker-probe.ts). */
  probe(): Promise<ProbeCounters>;
  stop(): Promise<void>;
}

interface ThreadCpu {
  main: number;
  inspect: number;
  other: number;
  /** Of other: V8's platform threads ("V8Worker", "DelayedTaskSche": GC and concurrent compilation) and libuv's pool. */
  v8: number;
  libuv: number;
  /** Of main: in the kernel (system calls: socket and file writes, reads). */
  mainSystem: number;
  total: number;
}

interface ProbeCounters {
  seq: number;
  pg: { statements: number; roundTrips: number; parses: number; bytesOut: number; bytesIn: number };
  redis: { commands: number; bytesOut: number; bytesIn: number };
  imap: { bytesOut: number; bytesIn: number };
  /** Statements by origin (reader store, process, send-reply, sealer, sweeper…), transactions whole. */
  origins: Record<string, number>;
  /** Statements by their first words. */
  shapes: Record<string, number>;
  /** Statements parsed (planned anew), by their first words (absent in a probe before stop 23). */
  parsedShapes?: Record<string, number>;
}

function statCpuSeconds(path: string): { name: string; seconds: number; system: number } | null {
  try {
    const stat = readFileSync(path, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
      seconds: (Number(fields[11]) + Number(fields[12])) / 100,
      system: Number(fields[12]) / 100,
    };
  } catch {
    return null;
  }
}

/** Node names its threads: "MainThread", "WorkerThread" (worker_threads: the inspection pool), V8 and libuv helpers. */
function procThreadCpu(pid: number): ThreadCpu {
  const cpu: ThreadCpu = { main: 0, inspect: 0, other: 0, v8: 0, libuv: 0, mainSystem: 0, total: procCpuSeconds(pid) };
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return cpu;
  }
  for (const task of tasks) {
    const stat = statCpuSeconds(`/proc/${pid}/task/${task}/stat`);
    if (!stat) continue;
    if (stat.name === 'MainThread' || task === String(pid)) {
      cpu.main += stat.seconds;
      cpu.mainSystem += stat.system;
    } else if (stat.name === 'WorkerThread') cpu.inspect += stat.seconds;
    else if (stat.name === 'V8Worker' || stat.name === 'DelayedTaskSche') cpu.v8 += stat.seconds;
    else if (stat.name === 'libuv-worker') cpu.libuv += stat.seconds;
  }
  // Threads that ended (a replaced inspection thread) count in the process total only.
  cpu.other = Math.max(0, cpu.total - cpu.main - cpu.inspect);
  return cpu;
}

const diffCpu = (a: ThreadCpu, b: ThreadCpu): ThreadCpu => ({
  main: b.main - a.main,
  inspect: b.inspect - a.inspect,
  other: b.other - a.other,
  v8: b.v8 - a.v8,
  libuv: b.libuv - a.libuv,
  mainSystem: b.mainSystem - a.mainSystem,
  total: b.total - a.total,
});

function procStatus(pid: number): { rssKb: number; hwmKb: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    return { rssKb: Number(/VmRSS:\s+(\d+)/.exec(text)?.[1] ?? 0), hwmKb: Number(/VmHWM:\s+(\d+)/.exec(text)?.[1] ?? 0) };
  } catch {
    return null;
  }
}

function procCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ (100)
  } catch {
    return Number.NaN;
  }
}

function startWorkerProcess(env: Record<string, string>, logFile: string): WorkerProcess {
  const nodeArgs = [
    ...args['worker-node-options'].split(/\s+/).filter(Boolean),
    '--import',
    join(ROOT, 'bench', 'support', 'dns-preload.ts'),
    '--import',
    join(ROOT, 'bench', 'support', 'worker-probe.ts'),
  ];
  const probeFile = join(LOG_DIR, `probe-${process.pid}.json`);
  rmSync(probeFile, { force: true });
  if (args['cpu-prof']) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${join(LOG_DIR, 'profiles')}`);
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, 'src/cli.ts', 'worker'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', BENCH_PROBE_FILE: probeFile, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const log = createWriteStream(logFile);
  child.stderr!.pipe(log);
  const started = new Promise<number>((resolveStarted, reject) => {
    const lines = createInterface({ input: child.stderr! });
    lines.on('line', (line) => {
      if (line.includes('"worker started"')) resolveStarted(performance.now());
    });
    child.once('exit', (code, signal) => reject(new Error(`the worker exited (${signal ?? code}) before it started; see ${logFile}`)));
  });
  started.catch(() => {});
  const rss = {
    peakKb: 0,
    currentKb: 0,
    samples: 0,
    resetPeak() {
      rss.peakKb = rss.currentKb;
    },
  };
  const sample = () => {
    const status = child.pid ? procStatus(child.pid) : null;
    if (!status) return;
    rss.currentKb = status.rssKb;
    rss.peakKb = Math.max(rss.peakKb, status.rssKb);
    rss.samples += 1;
  };
  const sampler = setInterval(sample, 20);
  const exited = once(child, 'exit');
  return {
    child,
    started,
    spawnedAt,
    rss,
    hwmKb: () => (child.pid ? (procStatus(child.pid)?.hwmKb ?? 0) : 0),
    cpuSeconds: () => (child.pid ? procCpuSeconds(child.pid) : Number.NaN),
    threadCpu: () => procThreadCpu(child.pid ?? 0),
    async probe() {
      const seq = (() => {
        try {
          return (JSON.parse(readFileSync(probeFile, 'utf8')) as ProbeCounters).seq;
        } catch {
          return 0;
        }
      })();
      child.kill('SIGUSR2');
      const deadline = Date.now() + 5_000;
      for (;;) {
        try {
          const counters = JSON.parse(readFileSync(probeFile, 'utf8')) as ProbeCounters;
          if (counters.seq > seq) return counters;
        } catch {
          // not written yet
        }
        if (Date.now() > deadline) throw new Error('the worker probe did not answer SIGUSR2 within 5 s');
        await sleep(10);
      }
    },
    async stop() {
      clearInterval(sampler);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killed = await Promise.race([exited.then(() => false), sleep(20_000).then(() => true)]);
        if (killed) {
          say('the worker did not stop within 20 s of SIGTERM: SIGKILL');
          child.kill('SIGKILL');
          await exited;
        }
      }
      log.end();
    },
  };
}

// ---------------------------------------------------------------------------------------

interface Row {
  section: string;
  metric: string;
  value: string;
  note?: string;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const row = (section: string, metric: string, value: string, note = '') => {
    rows.push({ section, metric, value, note });
    say(`${section} | ${metric}: ${value}${note ? ` (${note})` : ''}`);
  };
  mkdirSync(LOG_DIR, { recursive: true });
  const runId = currentRunId();
  const prefix = `${runId}:bench`;
  say(
    `N=${N}, trickle=${TRICKLE}, seed=${SEED}, run ${runId}; worker log in ${join(LOG_DIR, 'worker.log')}${args['worker-node-options'] ? `; worker node options: ${args['worker-node-options']}` : ''}`,
  );

  // --- Set-up -----------------------------------------------------------------------------
  const dkim = makeDkimKey();
  const dnsStub: DnsStub = await startDnsStub((name) => (name.startsWith(`${DKIM_SELECTOR}._domainkey.`) ? dkim.record : null));
  cleanups.push({ what: 'DNS stub', fn: () => dnsStub.close() });
  dns.setServers([dnsStub.address]);
  dns.promises.setServers([dnsStub.address]);
  const [dovecot, sink, database] = await Promise.all([startDovecot(), startBenchSink(), createBenchDatabase(`${runId}_bench`)]);
  cleanups.push({ what: 'Dovecot', fn: () => dovecot.stop() });
  cleanups.push({ what: 'SMTP sink', fn: () => sink.close() });
  cleanups.push({ what: 'database', fn: () => database.drop() });
  cleanups.push({ what: 'Redis keys', fn: () => cleanupPrefix(prefix) });

  let t = performance.now();
  const corpus = await makeCorpus({ count: N, seed: SEED, dkim });
  const trickleRandom = prng(SEED + 1);
  const tricklePeople = makePeople(TRICKLE, trickleRandom, N);
  const [bigPerson] = makePeople(1, trickleRandom, N + TRICKLE);
  const backlogBytes = corpus.messages.reduce((sum, m) => sum + m.raw.length, 0);
  say(`generated ${N} messages (${mb(backlogBytes).toFixed(1)} MiB) in ${(performance.now() - t).toFixed(0)} ms`);
  await seedAccounts(database, [...corpus.accounts, ...tricklePeople, bigPerson!]);

  // The backlog, APPENDed on one connection.
  const appender = dovecot.client();
  await appender.connect();
  cleanups.push({ what: 'IMAP appender', fn: () => appender.logout().catch(() => appender.close()) });
  t = performance.now();
  for (const message of corpus.messages) await appender.append('INBOX', message.raw);
  const appendMs = performance.now() - t;
  say(`appended the backlog in ${(appendMs / 1000).toFixed(1)} s`);

  // --- Stage limits ----------------------------------------------------------------------
  const fetched = await fetchLimit(dovecot);
  row(
    'stage limits',
    'IMAP ranged FETCH (one UID FETCH 1:*)',
    `${(N / (fetched.ms / 1000)).toFixed(0)} msg/s`,
    `${(fetched.ms / 1000).toFixed(2)} s, ${(mb(backlogBytes) / (fetched.ms / 1000)).toFixed(0)} MiB/s`,
  );
  const parseLimit = await timePerMessage(fetched.sources, (raw) => simpleParser(raw, PARSER_OPTIONS).then(() => undefined));
  row('stage limits', 'mailparser parse-only, one core', `${parseLimit.rate.toFixed(1)} msg/s`, `${parseLimit.seconds.toFixed(2)} s for ${N}`);
  // Diagnostics: what else the pipeline spends CPU on, per message, on one core.
  const parsed = await timePerMessage(fetched.sources, (raw) => parseMessage(raw).then((m) => void analyse(m)));
  row('diagnostics', 'parseMessage + analyse (src/), one core', `${parsed.rate.toFixed(1)} msg/s`, `${((1000 * parsed.seconds) / N).toFixed(2)} ms/msg`);
  const authOpts = { trustedAuthservIds: [BENCH_AUTHSERV], ourDomains: ['bpart.test'] };
  const authed = await timePerMessage(fetched.sources, (raw) => authenticateSender(raw, authOpts).then(() => undefined));
  row('diagnostics', 'authenticateSender (mailauth, loopback DNS)', `${authed.rate.toFixed(1)} msg/s`, `${((1000 * authed.seconds) / N).toFixed(2)} ms/msg`);
  // DNS per message: behind our MX (its Authentication-Results trusted, as the worker below) and
  // without it, where every DKIM key and DMARC record is looked up; with the worker's cache,
  // each distinct name once per TTL: that is the floor without a trusted MX.
  const dnsTrusted = await dnsPerMessage(fetched.sources, authOpts);
  const dnsUntrusted = await dnsPerMessage(fetched.sources, { ...authOpts, trustedAuthservIds: [] });
  row(
    'diagnostics',
    'authenticateSender DNS, no Authentication-Results trusted',
    `${(dnsUntrusted.distinct / N).toFixed(2)}/msg`,
    `cached floor: ${dnsUntrusted.distinct} distinct names for ${N} messages (${dnsUntrusted.types}); ${dnsUntrusted.lookups} lookups uncached; our MX's trusted: ${dnsTrusted.lookups}`,
  );
  fetched.sources.length = 0;
  const idle = await idleDelay(dovecot, appender);
  const idleFloor = percentile(idle, 50);
  row(
    'stage limits',
    'IDLE delay APPEND→EXISTS (bare imapflow)',
    `p50 ${idleFloor.toFixed(0)} ms`,
    `p95 ${percentile(idle, 95).toFixed(0)} ms, min ${Math.min(...idle).toFixed(0)}, max ${Math.max(...idle).toFixed(0)}, n=${idle.length}`,
  );

  // --- Burst -------------------------------------------------------------------------------
  const worker = startWorkerProcess(
    {
      DATABASE_URL: database.url,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      IMAP_URL: dovecot.imapUrl(DEFAULT_DOVECOT_USER, 'INBOX'),
      IMAP_START: 'all', // the backlog is appended before the worker starts
      NOTIFY_AGENTS: 'off',
      SMTP_URL: sink.url,
      SUPPORT_ADDRESS: SUPPORT,
      TRUSTED_AUTHSERV_IDS: BENCH_AUTHSERV,
      SECRETS_KEY,
      MESSAGE_HMAC_KEY: 'bench-hmac-key-0123456789',
      RECOVERY_DESK_ENV: 'development',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      BENCH_DNS_SERVER: dnsStub.address,
      ...(process.env.WORKER_CONCURRENCY ? { WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY } : {}),
    },
    join(LOG_DIR, 'worker.log'),
  );
  cleanups.push({ what: 'worker', fn: () => worker.stop() });
  const startedAt = await within(worker.started, 60_000, 'the worker to start');
  const startedWall = Date.now();
  const cpuAtStart = worker.cpuSeconds();
  const threadsAtStart = worker.threadCpu();
  const probeAtStart = await worker.probe();
  const dnsAtStart = new Map(dnsStub.queries);
  row(
    'burst',
    'worker start-up (spawn → "worker started")',
    `${(startedAt - worker.spawnedAt).toFixed(0)} ms`,
    `RSS then ${mb(worker.rss.currentKb * 1024).toFixed(0)} MB`,
  );
  const waits = sampleDatabaseWaits(database);
  const done = await waitBurst(database, N, BURST_TIMEOUT_MS);
  const probeAtEnd = await worker.probe();
  const threads = diffCpu(threadsAtStart, worker.threadCpu());
  const dnsBurst = [...dnsStub.queries].map(([name, count]) => [name, count - (dnsAtStart.get(name) ?? 0)] as const).filter(([, n]) => n > 0);
  const waited = await waits.stop();
  const burstSeconds = (done.lastProcessedMs - startedWall) / 1000;
  const burstRate = N / burstSeconds;
  const cpuBurst = worker.cpuSeconds() - cpuAtStart;
  const [phases] = await database.sql<{ first_stored: Date; last_stored: Date; first_processed: Date; last_processed: Date }[]>`
    select min(received_at) as first_stored, max(received_at) as last_stored, min(processed_at) as first_processed, max(processed_at) as last_processed from inbound_messages`;
  const since = (d: Date) => `${((d.getTime() - startedWall) / 1000).toFixed(2)} s`;
  const burstPeakKb = Math.max(worker.rss.peakKb, worker.hwmKb());
  row(
    'burst',
    `${N} messages → every outcome recorded`,
    `${burstRate.toFixed(1)} msg/s`,
    `${burstSeconds.toFixed(2)} s; ${((100 * burstRate) / parseLimit.rate).toFixed(0)}% of the parse-only limit`,
  );
  row('burst', '  stored by the reader (first → last)', `${since(phases!.first_stored)} → ${since(phases!.last_stored)}`, 'after "worker started"');
  row('burst', '  processed (first → last)', `${since(phases!.first_processed)} → ${since(phases!.last_processed)}`, 'after "worker started"');
  row(
    'burst',
    '  worker DB sessions waiting on an advisory lock',
    `${waited.advisory.toFixed(1)} on average`,
    `of ${waited.busy.toFixed(1)} busy (active or waiting), ${waited.samples} samples`,
  );
  row('burst', 'worker CPU during the burst', `${(cpuBurst / burstSeconds).toFixed(2)} cores`, `${cpuBurst.toFixed(1)} CPU-s`);
  // Where the cost goes, per message of the burst.
  const perMsg = (value: number) => value / N;
  const ms = (seconds: number) => `${((1000 * seconds) / N).toFixed(2)} ms`;
  const pg = diffProbe(probeAtStart, probeAtEnd);
  const dnsQueriesBurst = dnsBurst.reduce((sum, [, n]) => sum + n, 0);
  const dnsTypes = new Map<string, number>();
  for (const [name, n] of dnsBurst) dnsTypes.set(name.split(' ')[0]!, (dnsTypes.get(name.split(' ')[0]!) ?? 0) + n);
  const cost = {
    cpuMs: (1000 * cpuBurst) / N,
    statements: perMsg(pg.pg.statements),
    roundTrips: perMsg(pg.pg.roundTrips),
    pgCpuMs: (1000 * waited.pgCpuSeconds) / N,
    redis: perMsg(pg.redis.commands),
    dns: perMsg(dnsQueriesBurst),
  };
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  const mailPerMsg = backlogBytes / N;
  row(
    'cost per message',
    'worker CPU (burst)',
    `${cost.cpuMs.toFixed(2)} ms`,
    `target ≤ 5 ms; main thread ${ms(threads.main)} (${ms(threads.mainSystem)} of it in the kernel), inspection threads ${ms(threads.inspect)}, GC/libuv/ended threads ${ms(threads.other)} (V8 helpers ${ms(threads.v8)}, libuv pool ${ms(threads.libuv)})`,
  );
  row(
    'cost per message',
    'PostgreSQL CPU (its backends for the worker)',
    `${cost.pgCpuMs.toFixed(2)} ms`,
    `${waited.backends} backends, utime+stime from /proc`,
  );
  row(
    'cost per message',
    'PostgreSQL statements',
    cost.statements.toFixed(1),
    `target ≤ 6; ${perMsg(pg.pg.parses).toFixed(1)} parsed (not reused as prepared)`,
  );
  const byCount = (counts: Record<string, number>) =>
    Object.entries(counts)
      .filter(([, n]) => n > 0)
      .sort((x, y) => y[1] - x[1]);
  row(
    'diagnostics',
    'PostgreSQL statements per message by origin',
    cost.statements.toFixed(1),
    byCount(pg.origins)
      .map(([origin, n]) => `${origin} ${perMsg(n).toFixed(2)}`)
      .join(', '),
  );
  for (const [shape, n] of byCount(pg.shapes).slice(0, 12)) row('diagnostics', `  ${perMsg(n).toFixed(2)}/msg`, '', shape);
  const parsedShapes = byCount(pg.parsedShapes ?? {});
  if (parsedShapes.length > 0) {
    row('diagnostics', 'PostgreSQL statements parsed anew per message', perMsg(parsedShapes.reduce((sum, [, n]) => sum + n, 0)).toFixed(2), 'by shape:');
    for (const [shape, n] of parsedShapes.slice(0, 6)) row('diagnostics', `  ${perMsg(n).toFixed(2)}/msg parsed`, '', shape);
  }
  row('cost per message', 'PostgreSQL round trips', cost.roundTrips.toFixed(1), 'Sync or simple Query, each waits for ReadyForQuery');
  row(
    'cost per message',
    'Redis commands',
    cost.redis.toFixed(1),
    `counted at the worker's sockets; ${kib(perMsg(pg.redis.bytesOut))} out, ${kib(perMsg(pg.redis.bytesIn))} in`,
  );
  row(
    'cost per message',
    'DNS queries',
    cost.dns.toFixed(2),
    `target ≤ 0.2; ${dnsQueriesBurst} for ${dnsBurst.length} distinct names (${[...dnsTypes].map(([t, n]) => `${t} ${n}`).join(', ') || 'none'})`,
  );
  row(
    'cost per message',
    'bytes to PostgreSQL',
    kib(perMsg(pg.pg.bytesOut)),
    `${(pg.pg.bytesOut / backlogBytes).toFixed(2)}x the mail (${kib(mailPerMsg)}/msg)`,
  );
  row('cost per message', 'bytes from PostgreSQL', kib(perMsg(pg.pg.bytesIn)), `${(pg.pg.bytesIn / backlogBytes).toFixed(2)}x the mail`);
  row('cost per message', 'bytes fetched over IMAP', kib(perMsg(pg.imap.bytesIn)), `${(pg.imap.bytesIn / backlogBytes).toFixed(2)}x the mail`);
  // What the rows hold of the raw mail (inbound_messages.raw as today's schema has it).
  const stored = await database.sql<{ bytes: number }[]>`select coalesce(sum(octet_length(raw)), 0)::float8 as bytes from inbound_messages`.catch(() => null);
  if (stored?.[0])
    row('cost per message', 'raw mail stored (inbound_messages.raw)', kib(perMsg(stored[0].bytes)), `${(stored[0].bytes / backlogBytes).toFixed(2)}x the mail`);
  const replies = await waitReplies(database, sink, corpus.messages, startedWall);
  row(
    'burst',
    'replies sent (outbox → SMTP sink)',
    `${replies.sent}/${replies.expected}`,
    replies.lastAtMs ? `last one ${((replies.lastAtMs - startedWall) / 1000).toFixed(2)} s after start` : '',
  );
  const outcomes = await burstOutcomes(database, corpus.messages);
  row('burst', 'outcomes', outcomes.summary, outcomes.mismatched ? `${outcomes.mismatched} read differently than generated` : 'every kind as generated');
  row('memory', 'worker peak RSS during the burst', `${mb(burstPeakKb * 1024).toFixed(0)} MB`, `VmHWM; ${worker.rss.samples} samples of VmRSS`);

  // --- Trickle -----------------------------------------------------------------------------
  await sleep(2_000); // the worker settles: queues empty, replies out
  const trickle = await trickleLatency(dovecot, appender, database, sink, tricklePeople, dkim);
  const p95Ticket = percentile(trickle.ticket, 95);
  const p95Ack = percentile(trickle.ack, 95);
  row(
    'trickle',
    `APPEND done → ticket committed (n=${trickle.ticket.length})`,
    `p50 ${percentile(trickle.ticket, 50).toFixed(0)} ms, p95 ${p95Ticket.toFixed(0)} ms`,
    `p95 = ${(p95Ticket / idleFloor).toFixed(2)}x IDLE delay; max ${Math.max(...trickle.ticket).toFixed(0)} ms`,
  );
  row(
    'trickle',
    `APPEND done → acknowledgement at the sink (n=${trickle.ack.length})`,
    `p50 ${percentile(trickle.ack, 50).toFixed(0)} ms, p95 ${p95Ack.toFixed(0)} ms`,
    `p95 = ${(p95Ack / idleFloor).toFixed(2)}x IDLE delay; max ${Math.max(...trickle.ack).toFixed(0)} ms`,
  );
  const dist = (values: number[]) => `p50 ${percentile(values, 50).toFixed(0)} ms, p95 ${percentile(values, 95).toFixed(0)} ms`;
  row('trickle', '  of which APPEND done → stored by the reader', dist(trickle.pickup), 'inbound_messages.received_at');
  row('trickle', '  of which stored → processed (queue, parse, auth, tx)', dist(trickle.processing), 'processed_at − received_at');
  row('trickle', '  of which ticket committed → ack at the sink', dist(trickle.reply), 'send-reply job + SMTP');
  if (trickle.missed) row('trickle', 'requests without ticket or ack within 20 s', String(trickle.missed));

  // --- One big message -----------------------------------------------------------------------
  await sleep(1_000);
  const big = await bigMessage(appender, database, sink, worker, bigPerson!, dkim);
  row(
    'memory',
    `one ${mb(big.bytes).toFixed(1)} MiB request on the idle worker`,
    `+${mb(big.addedKb * 1024).toFixed(0)} MB`,
    `RSS ${mb(big.beforeKb * 1024).toFixed(0)} → peak ${mb(big.peakKb * 1024).toFixed(0)} MB; ${big.outcome}; ticket ${big.ticketMs.toFixed(0)} ms after APPEND`,
  );
  row('memory', 'worker peak RSS over the whole run', `${mb(worker.hwmKb() * 1024).toFixed(0)} MB`, 'VmHWM');

  await worker.stop();
  const logText = readFileSync(join(LOG_DIR, 'worker.log'), 'utf8');
  const failed = (logText.match(/"job failed"/g) ?? []).length;
  if (failed) row('worker', 'jobs failed (retried)', String(failed), 'see var/bench/worker.log');
  const dnsQueries = [...dnsStub.queries.values()].reduce((a, b) => a + b, 0);
  row('worker', 'DNS queries answered by the loopback stub', String(dnsQueries));

  // --- Report -----------------------------------------------------------------------------
  const share = (100 * burstRate) / parseLimit.rate;
  const targets = [
    { name: 'burst ≥ 25% of parse limit (moonshot 40%)', ok: share >= 25, value: `${share.toFixed(0)}%` },
    { name: 'worker CPU ≤ 5 ms per message (burst)', ok: cost.cpuMs <= 5, value: `${cost.cpuMs.toFixed(2)} ms` },
    { name: 'PostgreSQL statements ≤ 6 per message', ok: cost.statements <= 6, value: cost.statements.toFixed(1) },
    { name: 'DNS queries ≤ 0.2 per message (burst)', ok: cost.dns <= 0.2, value: cost.dns.toFixed(2) },
    { name: 'peak RSS ≤ 300 MB (burst)', ok: mb(burstPeakKb * 1024) <= 300, value: `${mb(burstPeakKb * 1024).toFixed(0)} MB` },
    { name: '25 MB message adds ≤ 100 MB', ok: mb(big.addedKb * 1024) <= 100, value: `+${mb(big.addedKb * 1024).toFixed(0)} MB` },
    { name: 'p95 ticket ≤ 1.15x IDLE delay', ok: p95Ticket <= 1.15 * idleFloor, value: `${(p95Ticket / idleFloor).toFixed(2)}x` },
    { name: 'p95 ack ≤ 2.5x IDLE delay', ok: p95Ack <= 2.5 * idleFloor, value: `${(p95Ack / idleFloor).toFixed(2)}x` },
  ];
  for (const target of targets) row('targets', target.name, target.value, target.ok ? 'met' : 'MISSED');
  printTable(rows);
  process.stdout.write(
    `bench: burst=${burstRate.toFixed(1)} msg/s (${share.toFixed(0)}% of parse limit ${parseLimit.rate.toFixed(1)} msg/s; target ≥25%) ` +
      `cpu=${cost.cpuMs.toFixed(2)} ms/msg (main ${((1000 * threads.main) / N).toFixed(2)}, inspect ${((1000 * threads.inspect) / N).toFixed(2)}; target ≤5) ` +
      `pg_cpu=${cost.pgCpuMs.toFixed(2)} ms/msg statements=${cost.statements.toFixed(1)}/msg (target ≤6) round_trips=${cost.roundTrips.toFixed(1)}/msg ` +
      `redis=${cost.redis.toFixed(1)}/msg dns=${cost.dns.toFixed(2)}/msg (target ≤0.2) ` +
      `pg_bytes=${(pg.pg.bytesOut / backlogBytes).toFixed(2)}x out ${(pg.pg.bytesIn / backlogBytes).toFixed(2)}x in imap_bytes=${(pg.imap.bytesIn / backlogBytes).toFixed(2)}x ` +
      `rss=${mb(burstPeakKb * 1024).toFixed(0)} MB (target ≤300) big=+${mb(big.addedKb * 1024).toFixed(0)} MB (target ≤100) ` +
      `p95_ticket=${p95Ticket.toFixed(0)} ms (${(p95Ticket / idleFloor).toFixed(2)}x idle floor ${idleFloor.toFixed(0)} ms; target ≤1.15x) ` +
      `p95_ack=${p95Ack.toFixed(0)} ms\n`,
  );
}

function printTable(rows: Row[]): void {
  const width = (key: keyof Row) => Math.max(...rows.map((r) => (r[key] ?? '').length));
  const [s, m, v] = [width('section'), width('metric'), width('value')];
  const line = `${'-'.repeat(s)}-+-${'-'.repeat(m)}-+-${'-'.repeat(v)}-+-${'-'.repeat(20)}`;
  const out = [line];
  let last = '';
  for (const r of rows) {
    if (last && r.section !== last) out.push(line);
    out.push(`${(r.section === last ? '' : r.section).padEnd(s)} | ${r.metric.padEnd(m)} | ${r.value.padStart(v)} | ${r.note ?? ''}`);
    last = r.section;
  }
  out.push(line);
  process.stdout.write(`${out.join('\n')}\n`);
}

// ---------------------------------------------------------------------------------------
// Phases.

async function seedAccounts(database: BenchDatabase, people: Person[]): Promise<void> {
  const app = connectDatabase(database.url, { max: 8 });
  const secrets = createSecretBox({ k1: SECRETS_KEY }, 'k1');
  try {
    for (let i = 0; i < people.length; i += 8) {
      await Promise.all(
        people.slice(i, i + 8).map((p) =>
          app.db.transaction((tx) =>
            upsertAccount(tx, {
              email: p.email,
              fullName: p.fullName,
              organisations: [p.organisation],
              recoveryCodes: ['hash-1'],
              sealedTotpSecret: (id) => secrets.seal(newTotpSecret(), `account:${id}`),
            }),
          ),
        ),
      );
    }
  } finally {
    await app.close();
  }
}

async function fetchLimit(dovecot: Dovecot): Promise<{ ms: number; sources: Buffer[] }> {
  const client = dovecot.client();
  await client.connect();
  try {
    const lock = await client.getMailboxLock('INBOX');
    try {
      const t = performance.now();
      const sources: Buffer[] = [];
      for await (const message of client.fetch('1:*', { uid: true, source: true }, { uid: true })) if (message.source) sources.push(message.source);
      return { ms: performance.now() - t, sources };
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}

async function timePerMessage(sources: Buffer[], fn: (raw: Buffer) => Promise<void>): Promise<{ rate: number; seconds: number }> {
  for (const raw of sources.slice(0, 20)) await fn(raw); // warm-up: JIT, lazy requires
  const t = performance.now();
  for (const raw of sources) await fn(raw);
  const seconds = (performance.now() - t) / 1000;
  return { rate: sources.length / seconds, seconds };
}

/** DNS lookups authenticateSender makes for these messages, once each, and how many distinct names. */
async function dnsPerMessage(sources: Buffer[], opts: SenderAuthOptions): Promise<{ lookups: number; distinct: number; types: string }> {
  const asked = new Map<string, number>();
  const resolver: DnsResolver = (name, type) => {
    const key = `${type} ${name.toLowerCase().replace(/\.$/, '')}`;
    asked.set(key, (asked.get(key) ?? 0) + 1);
    return dns.promises.resolve(name, type as 'TXT');
  };
  for (const raw of sources) await authenticateSender(raw, { ...opts, resolver });
  const types = new Map<string, number>();
  for (const key of asked.keys()) types.set(key.split(' ')[0]!, (types.get(key.split(' ')[0]!) ?? 0) + 1);
  const lookups = [...asked.values()].reduce((a, b) => a + b, 0);
  return { lookups, distinct: asked.size, types: [...types].map(([t, n]) => `${t} ${n}`).join(', ') || 'none' };
}

/** APPEND (by another connection) done → EXISTS at a bare imapflow client in IDLE. */
async function idleDelay(dovecot: Dovecot, appender: ImapFlow): Promise<number[]> {
  await appender.mailboxCreate('IdleProbe').catch(() => undefined);
  const watcher = dovecot.client();
  await watcher.connect();
  const delays: number[] = [];
  try {
    await watcher.mailboxOpen('IdleProbe');
    let seen: (() => void) | null = null;
    watcher.on('exists', () => seen?.());
    for (let i = 0; i < IDLE_SAMPLES; i++) {
      void watcher.idle().catch(() => undefined);
      // In IDLE for a while first, as a reader waiting for mail is: Dovecot arms its 500 ms
      // notification timer when IDLE starts, so an APPEND in the first 0.5 s of an IDLE is
      // announced early and would make the floor look lower than any steady reader sees it.
      await sleep(1_000 + ((i * 37) % 200));
      const exists = new Promise<number>((resolveSeen) => (seen = () => resolveSeen(performance.now())));
      await appender.append('IdleProbe', `From: probe@bench.test\r\nSubject: probe ${i}\r\nMessage-ID: <probe-${i}@bench.test>\r\n\r\nprobe\r\n`);
      const appended = performance.now();
      delays.push((await within(exists, 10_000, 'EXISTS after APPEND')) - appended);
    }
  } finally {
    await watcher.logout().catch(() => watcher.close());
  }
  return delays;
}

/** How many of the worker's PostgreSQL sessions are busy, and how many of those wait on an advisory lock. */
function sampleDatabaseWaits(database: BenchDatabase) {
  let running = true;
  let samples = 0;
  let advisory = 0;
  let busy = 0;
  // The worker's backends (PostgreSQL forks one per connection): CPU-seconds when first seen
  // (0 for one that started during the burst) and when last read.
  const backends = new Map<number, { from: number; last: number }>();
  const readBackends = (pids: number[]) => {
    for (const pid of pids) {
      if (!backends.has(pid)) backends.set(pid, { from: samples === 0 ? procCpuSeconds(pid) : 0, last: 0 });
    }
    for (const [pid, backend] of backends) {
      const now = procCpuSeconds(pid);
      if (Number.isFinite(now)) backend.last = now;
    }
  };
  const loop = (async () => {
    while (running) {
      const [row] = await database.sql<{ advisory: number; busy: number; pids: number[] }[]>`
        select count(*) filter (where wait_event = 'advisory')::int as advisory,
               count(*) filter (where state in ('active', 'idle in transaction'))::int as busy,
               coalesce(array_agg(pid), '{}') as pids
        from pg_stat_activity where datname = current_database() and application_name = 'recovery-desk'`;
      readBackends(row?.pids ?? []);
      samples += 1;
      advisory += row?.advisory ?? 0;
      busy += row?.busy ?? 0;
      await sleep(50);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      readBackends([]);
      const pgCpuSeconds = [...backends.values()].reduce((sum, b) => sum + Math.max(0, b.last - b.from), 0);
      return { samples, advisory: advisory / Math.max(1, samples), busy: busy / Math.max(1, samples), pgCpuSeconds, backends: backends.size };
    },
  };
}

function diffProbe(a: ProbeCounters, b: ProbeCounters): ProbeCounters {
  const d = <T extends Record<string, number>>(x: T, y: T): T =>
    Object.fromEntries([...new Set([...Object.keys(x), ...Object.keys(y)])].map((k) => [k, (y[k] ?? 0) - (x[k] ?? 0)])) as T;
  return {
    seq: b.seq,
    pg: d(a.pg, b.pg),
    redis: d(a.redis, b.redis),
    imap: d(a.imap, b.imap),
    origins: d(a.origins, b.origins),
    shapes: d(a.shapes, b.shapes),
    parsedShapes: d(a.parsedShapes ?? {}, b.parsedShapes ?? {}),
  };
}

async function waitBurst(database: BenchDatabase, n: number, timeoutMs: number): Promise<{ lastProcessedMs: number }> {
  const deadline = Date.now() + timeoutMs;
  let lastReport = Date.now();
  for (;;) {
    const [row] = await database.sql<{ done: number; stored: number; last: Date | null }[]>`
      select count(*) filter (where status <> 'stored')::int as done, count(*)::int as stored, max(processed_at) as last from inbound_messages`;
    if (row && row.done >= n) return { lastProcessedMs: row.last!.getTime() };
    if (interrupted) throw new Error('interrupted');
    if (Date.now() > deadline)
      throw new Error(`burst: only ${row?.done ?? 0} of ${n} messages had an outcome after ${timeoutMs / 1000} s (${row?.stored ?? 0} stored)`);
    if (Date.now() - lastReport > 5_000) {
      say(`burst: ${row?.stored ?? 0} stored, ${row?.done ?? 0} with an outcome`);
      lastReport = Date.now();
    }
    await sleep(100);
  }
}

async function waitReplies(
  database: BenchDatabase,
  sink: BenchSink,
  messages: BenchMessage[],
  startedWall: number,
): Promise<{ sent: number; expected: number; lastAtMs: number | null }> {
  const expected = messages.filter((m) => m.expectsReply).length;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [row] = await database.sql<{ pending: number; total: number; last: Date | null }[]>`
      select count(*) filter (where status = 'pending')::int as pending, count(*)::int as total, max(sent_at) as last from outbox`;
    if ((row && row.total >= expected && row.pending === 0) || Date.now() > deadline) {
      void startedWall;
      return { sent: sink.received.length, expected, lastAtMs: row?.last ? row.last.getTime() : null };
    }
    await sleep(100);
  }
}

async function burstOutcomes(database: BenchDatabase, messages: BenchMessage[]): Promise<{ summary: string; mismatched: number }> {
  const rows = await database.sql<
    { outcome: string; kind: string | null; message_id_header: string | null }[]
  >`select outcome, kind, message_id_header from inbound_messages`;
  const tally = new Map<string, number>();
  for (const r of rows) tally.set(r.outcome, (tally.get(r.outcome) ?? 0) + 1);
  const byId = new Map(messages.filter((m) => m.messageId).map((m) => [m.messageId, m]));
  let mismatched = 0;
  for (const r of rows) {
    const generated = r.message_id_header ? byId.get(r.message_id_header) : undefined;
    if (generated && generated.kind !== r.kind) mismatched += 1;
  }
  return { summary: [...tally].map(([k, v]) => `${k} ${v}`).join(', '), mismatched };
}

async function trickleLatency(
  dovecot: Dovecot,
  appender: ImapFlow,
  database: BenchDatabase,
  sink: BenchSink,
  people: Person[],
  dkim: ReturnType<typeof makeDkimKey>,
) {
  void dovecot;
  const ticketAt = new Map<string, number>();
  const ackAt = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  const poke = (id: string) => waiters.get(id)?.();
  await database.listenTickets((messageId, at) => {
    if (!ticketAt.has(messageId)) ticketAt.set(messageId, at);
    poke(messageId);
  });
  sink.onMessage = (message: Received) => {
    if (message.inReplyTo && !ackAt.has(message.inReplyTo)) ackAt.set(message.inReplyTo, message.at);
    if (message.inReplyTo) poke(message.inReplyTo);
  };
  const ticket: number[] = [];
  const ack: number[] = [];
  const appendedWall = new Map<string, number>();
  let missed = 0;
  for (const [i, person] of people.entries()) {
    const request = await makeRequest(person, `trickle-${SEED}-${i}`, dkim);
    const id = request.messageId;
    const both = new Promise<void>((resolveBoth) => {
      const check = () => ticketAt.has(id) && ackAt.has(id) && resolveBoth();
      waiters.set(id, check);
    });
    await appender.append('INBOX', request.raw);
    const appended = performance.now();
    appendedWall.set(id, Date.now());
    try {
      await within(both, 20_000, `ticket and acknowledgement of trickle request ${i}`);
      ticket.push(ticketAt.get(id)! - appended);
      ack.push(ackAt.get(id)! - appended);
    } catch (error) {
      missed += 1;
      say(String((error as Error).message));
    }
    waiters.delete(id);
    await sleep(300 + ((i * 53) % 200)); // idle between requests, out of phase with any timer
  }
  sink.onMessage = null;
  // Where the time went, from the rows' own timestamps (same machine clock): APPEND done →
  // stored by the reader → processed (ticket committed) → acknowledgement at the sink.
  const rows = await database.sql<{ id: string; received: Date; processed: Date | null }[]>`
    select message_id_header as id, received_at as received, processed_at as processed from inbound_messages where message_id_header = any(${[...appendedWall.keys()]})`;
  const pickup: number[] = [];
  const processing: number[] = [];
  const reply: number[] = [];
  for (const r of rows) {
    pickup.push(r.received.getTime() - appendedWall.get(r.id)!);
    if (r.processed) processing.push(r.processed.getTime() - r.received.getTime());
    if (ticketAt.has(r.id) && ackAt.has(r.id)) reply.push(ackAt.get(r.id)! - ticketAt.get(r.id)!);
  }
  say(
    `trickle: APPEND → ticket, sorted (ms): ${[...ticket]
      .sort((a, b) => a - b)
      .map((v) => v.toFixed(0))
      .join(' ')}`,
  );
  say(
    `trickle: APPEND → stored, sorted (ms): ${[...pickup]
      .sort((a, b) => a - b)
      .map((v) => v.toFixed(0))
      .join(' ')}`,
  );
  return { ticket, ack, missed, pickup, processing, reply };
}

async function bigMessage(
  appender: ImapFlow,
  database: BenchDatabase,
  sink: BenchSink,
  worker: WorkerProcess,
  person: Person,
  dkim: ReturnType<typeof makeDkimKey>,
) {
  // Base64 with CRLF every 76 characters: 4/3 × 78/76 bytes per byte of attachment.
  const request = await makeRequest(person, `big-${SEED}`, dkim, {
    attachmentBytes: Math.floor((BIG_BYTES - 8_000) / ((4 / 3) * (78 / 76))),
    random: prng(SEED + 2),
  });
  let ticketAtMs = 0;
  let acked = false;
  await database.listenTickets((messageId, at) => {
    if (messageId === request.messageId) ticketAtMs = at;
  });
  sink.onMessage = (message) => {
    if (message.inReplyTo === request.messageId) acked = true;
  };
  await sleep(500);
  const beforeKb = worker.rss.currentKb;
  worker.rss.resetPeak();
  await appender.append('INBOX', request.raw);
  const appended = performance.now();
  const deadline = Date.now() + 120_000;
  let outcome = 'no outcome within 120 s';
  for (;;) {
    const [row] = await database.sql<{ status: string; outcome: string | null; reason: string | null }[]>`
      select status, outcome, reason from inbound_messages where message_id_header = ${request.messageId}`;
    if (row && row.status !== 'stored' && (acked || row.outcome !== 'ticket_opened' || Date.now() > deadline)) {
      outcome = `${row.outcome}${row.reason ? ` (${row.reason})` : ''}${acked ? ', acknowledged' : ''}`;
      break;
    }
    if (Date.now() > deadline) break;
    await sleep(50);
  }
  await sleep(1_000); // the tail: reply job, flags
  sink.onMessage = null;
  const peakKb = worker.rss.peakKb;
  return {
    bytes: request.raw.length,
    beforeKb,
    peakKb,
    addedKb: Math.max(0, peakKb - beforeKb),
    outcome,
    ticketMs: ticketAtMs ? ticketAtMs - appended : Number.NaN,
  };
}

try {
  await main();
} catch (error) {
  process.exitCode = 1;
  say(`FAILED: ${(error as Error).stack ?? String(error)}`);
} finally {
  await cleanup();
}
process.exit(process.exitCode ?? 0);
