// The inspection threads' work, alone: what one message costs an inspection thread in CPU, split
// into parse, analysis (the reader) and sender authentication, over the bench's mail
// (bench/corpus.ts: the same generator, seed and mix as `npm run bench`).
//   RECOVERY_DESK_ENV=development node bench/inspect.ts [--n 400] [--runs 7] [--base /work/wt-perf-base]
// Each checkout runs in a worker thread of its own with the inspection pool's heap limits, as
// inspect-thread.ts does in the worker, and is timed by its own CPU (process.threadCpuUsage), not
// by wall time: other processes on the machine slow a run down but do not add to it. A run is one
// pass over every message of inspectRaw as the thread calls it ("whole"), then one pass of each
// part alone (parse every message; analyse the parsed messages; authenticate those that need a
// verdict), each part's garbage collected in its own pass. Figures are CPU ms per message of all
// N, the median over the runs. With --base, another checkout's src/ runs in a second thread over
// the same messages, the two alternating run by run, and every inspection's result is compared
// between them (a cut must not change any reading or verdict). `--cpu-prof` writes each thread's
// V8 profile to var/bench/profiles/ (summarise with bench/profile.ts).
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { once } from 'node:events';
import { serialize } from 'node:v8';
import { PerformanceObserver } from 'node:perf_hooks';
import { BENCH_AUTHSERV, DKIM_SELECTOR, SUPPORT, makeCorpus, makeDkimKey } from './corpus.ts';
import type { InboundMessage } from '../src/core/message.ts';
import type { ReadingOptions } from '../src/core/analyse.ts';
import type { Inspection, InspectContext } from '../src/adapters/mail/inspect.ts';
import type { SenderAuthOptions } from '../src/adapters/auth/sender-auth.ts';

interface Parts {
  /** inspectRaw end to end, as the thread calls it, one message at a time. */
  whole: number;
  /** The same with INSPECTIONS_PER_THREAD messages in flight, as the pool runs a thread in a burst. */
  concurrent: number;
  /** Serialising each result for postMessage (the thread's half of sending it back). */
  serialise: number;
  /** Of `whole`, the time spent in garbage collection pauses (wall time of the thread's GC, as V8 reports it). */
  gc: number;
  parse: number;
  analysis: number;
  auth: number;
  authenticated: number;
}

interface RunnerData {
  root: string;
  raws: Uint8Array[];
  dkimRecord: string;
  receivedAt: number;
}

if (isMainThread) await main();
else await runner(workerData as RunnerData);

async function main() {
  const { values: args } = parseArgs({
    options: {
      n: { type: 'string', default: '400' },
      runs: { type: 'string', default: '7' },
      seed: { type: 'string', default: '20260302' },
      base: { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      /** The threads' young generation (MB): the pool's own setting unless given. */
      young: { type: 'string' },
      /** The base's thread's young generation (MB), if not the base's own pool setting: `--base . --young 48 --base-young 16` compares two sizes in one tree. */
      'base-young': { type: 'string' },
    },
  });
  const N = Number(args.n);
  const RUNS = Number(args.runs);
  const dkim = makeDkimKey();
  const { messages } = await makeCorpus({ count: N, seed: Number(args.seed), dkim });
  const roots: [string, string][] = [['this tree', resolve(import.meta.dirname, '..')]];
  if (args.base) roots.push([`base (${args.base})`, resolve(args.base)]);
  const data = { raws: messages.map((m) => m.raw), dkimRecord: dkim.record, receivedAt: Date.now() };
  const execArgv = args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${resolve(import.meta.dirname, '..', 'var', 'bench', 'profiles')}`] : [];
  // The inspection pool's limits (each tree's inspect-pool.ts; 16 MB before it exported its setting): the young
  // generation's size decides how often the thread collects.
  const youngOf = async (root: string, given: string | undefined) => {
    if (given) return Number(given);
    const pool = (await import(pathToFileURL(resolve(root, 'src/adapters/mail/inspect-pool.ts')).href)) as { INSPECT_YOUNG_GENERATION_MB?: number };
    return pool.INSPECT_YOUNG_GENERATION_MB ?? 16;
  };
  const youngs = await Promise.all(roots.map(([, root], i) => youngOf(root, i === 0 ? args.young : (args['base-young'] ?? args.young))));
  const threads = roots.map(
    ([, root], i) =>
      new Worker(new URL(import.meta.url), {
        workerData: { ...data, root },
        execArgv,
        resourceLimits: { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: youngs[i]! },
      }),
  );
  const ask = async (thread: Worker, what: 'results' | 'run'): Promise<any> => {
    thread.postMessage(what);
    const [answer] = await once(thread, 'message');
    return answer;
  };
  const kinds = new Map<string, number>();
  for (const m of messages) kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
  const bytes = data.raws.reduce((sum, raw) => sum + raw.length, 0);
  console.log(
    `inspect bench: ${N} messages (${(bytes / 1048576).toFixed(1)} MiB; ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}), ${RUNS} runs after a warm-up, ${roots.map(([name]) => name).join(' / ')} alternately`,
  );

  // Warm-up (the first pass compiles), and the same result from every tree, message by message.
  const first: Inspection[][] = [];
  const cold: number[] = [];
  for (const thread of threads) {
    const answer = await ask(thread, 'results');
    first.push(answer.results);
    cold.push(answer.cold);
  }
  let differ = 0;
  for (let i = 1; i < first.length; i++) {
    first[0]!.forEach((result, m) => {
      if (isDeepStrictEqual(result, first[i]![m])) return;
      differ += 1;
      if (differ <= 5) console.log(`DIFFERENT result for message ${m} (${messages[m]!.kind}):\n  ${JSON.stringify(result)}\n  ${JSON.stringify(first[i]![m])}`);
    });
  }
  if (threads.length > 1) console.log(differ === 0 ? `same result from every tree for all ${N} messages` : `${differ} of ${N} results differ`);

  // A run's CPU by the whole process (its thread, V8's platform threads doing its parallel and
  // concurrent GC and compilation, this idle thread), per message, beside the thread's own.
  const samples = threads.map(() => [] as Parts[]);
  const processCpu = threads.map(() => [] as number[]);
  const threadCpu = threads.map(() => [] as number[]);
  for (let r = 0; r < RUNS; r++)
    for (const [i, thread] of threads.entries()) {
      const before = process.cpuUsage();
      const parts = (await ask(thread, 'run')) as Parts;
      const used = process.cpuUsage(before);
      samples[i]!.push(parts);
      processCpu[i]!.push((used.user + used.system) / 1000 / N);
      threadCpu[i]!.push(parts.whole + parts.serialise + parts.concurrent + parts.parse + parts.analysis + parts.auth);
    }
  await Promise.all(threads.map((thread) => thread.terminate()));

  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  console.log(
    `authenticated (the rest need no verdict): ${samples[0]![0]!.authenticated} of ${N}; CPU ms per message of all ${N}, median of ${RUNS} runs (min–max):`,
  );
  for (const [i, [name]] of roots.entries()) {
    console.log(`  ${name} (young generation ${youngs[i]} MB): the first pass after the modules loaded (the code not compiled yet): ${cold[i]!.toFixed(3)}`);
    const figure = (key: keyof Parts) => {
      const xs = samples[i]!.map((p) => p[key]);
      return `${median(xs).toFixed(3)} (${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)})`;
    };
    console.log(
      `  ${name}: inspectRaw whole ${figure('whole')} (GC pauses ${figure('gc')}), ${figure('concurrent')} with 4 in flight, + ${figure('serialise')} serialising the result; alone: parse ${figure('parse')}, analysis ${figure('analysis')}, authentication ${figure('auth')}`,
    );
    const spread = (xs: number[]) => `${median(xs).toFixed(3)} (${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)})`;
    console.log(
      `  ${name}: a whole run (every pass above), CPU ms per message: the thread ${spread(threadCpu[i]!)}, the process ${spread(processCpu[i]!)} (V8's platform threads included)`,
    );
  }
  if (differ > 0) process.exitCode = 1;
}

async function runner({ root, raws: shared, dkimRecord, receivedAt: at }: RunnerData) {
  const load = (path: string) => import(pathToFileURL(resolve(root, path)).href);
  const [{ parseMessage }, , { inspectRaw }, { authenticateSender }, { INSPECTIONS_PER_THREAD }, { createDnsCache }] = await Promise.all([
    load('src/adapters/mail/parse.ts'),
    load('src/core/analyse.ts'),
    load('src/adapters/mail/inspect.ts'),
    load('src/adapters/auth/sender-auth.ts'),
    load('src/adapters/mail/inspect-pool.ts'),
    load('src/adapters/auth/dns-cache.ts'),
  ]);
  const raws = shared.map((raw) => Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength));
  const receivedAt = new Date(at);
  // What inspect-thread.ts passes in the bench's worker (COMPANY_NAMES falls back to the support domain's label; the
  // bench's MESSAGE_HMAC_KEY, bench/run.ts), the reading of a reply to one of our mails included.
  const reading: ReadingOptions & { ourMessageIds: { domain: string; hmacKey: string } } = {
    companyNames: ['bpart'],
    onlyActedOn: true,
    ourMessageIds: { domain: SUPPORT.split('@')[1]!, hmacKey: 'bench-hmac-key-0123456789' },
  };
  // The zone answers as the bench's loopback stub (the bench's key under its selector, "no such name" for the rest),
  // behind the worker's own cache (dns-cache.ts), in this thread (the worker's is in its main thread: the thread only
  // posts the question). The cache is new each run, so each run asks what the burst asks once.
  const zone = async (name: string, type: string) => {
    if (type === 'TXT' && name.toLowerCase().startsWith(`${DKIM_SELECTOR}._domainkey.`)) return { value: [[dkimRecord]], ttl: 300 };
    throw Object.assign(new Error(`ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  };
  let cache = createDnsCache(zone);
  const resolver = (name: string, type: string) => cache.resolve(name, type);
  const options: SenderAuthOptions = {
    trustedAuthservIds: [BENCH_AUTHSERV],
    trustedReceivedBy: [],
    ourDomains: [SUPPORT.split('@')[1]!],
    maxAgeMs: 7 * 86_400_000,
    supportAddresses: [SUPPORT],
    receivedAt,
    resolver,
  };
  const authenticate = (raw: Buffer, context: InspectContext = {}) =>
    authenticateSender(raw, { ...options, ...(context.receivedAt ? { receivedAt: context.receivedAt } : {}) });
  const inspect = (raw: Buffer): Promise<Inspection> => inspectRaw(raw, parseMessage, authenticate, { receivedAt }, reading);
  let gcMs = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration;
  }).observe({ entryTypes: ['gc'] });
  const cpuMs = () => {
    const { user, system } = process.threadCpuUsage();
    return (user + system) / 1000;
  };
  const timed = async (work: () => Promise<void>) => {
    const t = cpuMs();
    await work();
    return (cpuMs() - t) / raws.length;
  };
  const run = async (): Promise<Parts> => {
    cache = createDnsCache(zone);
    const results: Inspection[] = [];
    const gcBefore = gcMs;
    const whole = await timed(async () => {
      for (const raw of raws) results.push(await inspect(raw));
    });
    await new Promise((done) => setTimeout(done, 10));
    const gc = (gcMs - gcBefore) / raws.length;
    const serialise = await timed(async () => {
      for (const result of results) serialize({ id: 1, result });
    });
    results.length = 0;
    const concurrent = await timed(async () => {
      let next = 0;
      const lane = async () => {
        while (next < raws.length) await inspect(raws[next++]!);
      };
      await Promise.all(Array.from({ length: INSPECTIONS_PER_THREAD }, lane));
    });
    const parsed: InboundMessage[] = [];
    const parse = await timed(async () => {
      for (const raw of raws) parsed.push(await parseMessage(raw));
    });
    // The reading as inspectRaw runs it (the reply-to-ours check included) on the parsed message, with an authentication
    // that only notes who needs a verdict.
    const needed: Buffer[] = [];
    const analysis = await timed(async () => {
      for (const [i, message] of parsed.entries()) {
        const note = async (): Promise<any> => {
          needed.push(raws[i]!);
          return { authenticated: false, reason: 'bench', authFrom: null };
        };
        await inspectRaw(raws[i]!, async () => message, note, { receivedAt }, reading);
      }
    });
    const auth = await timed(async () => {
      for (const raw of needed) await authenticate(raw);
    });
    return { whole, concurrent, serialise, gc, parse, analysis, auth, authenticated: needed.length };
  };
  parentPort!.on('message', async (what: 'results' | 'run') => {
    if (what === 'run') return parentPort!.postMessage(await run());
    const results: Inspection[] = [];
    const cold = await timed(async () => {
      for (const raw of raws) results.push(await inspect(raw));
    });
    parentPort!.postMessage({ results, cold });
  });
}
