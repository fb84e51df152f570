// Stop 24: the stored message's read for processing, before (one statement, the raw bytes as
// base64 slices: test/support/raw-read-reference.ts) and after (COPY (…) TO STDOUT (FORMAT binary):
// messagesToProcess), in one process on one connection, rounds A B B A … over the bench's corpus
// stored once. Each round reads every message as the worker does: small ones eight to a job
// (messagesToProcess), those over 256 KiB alone. Per message: the main thread's CPU
// (process.threadCpuUsage), the connection's PostgreSQL backend's CPU (/proc/<pid>/stat), bytes
// read from the socket and the V8 heap allocated (the rise of the heap's used size plus what each
// GC freed meanwhile, from v8.GCProfiler):
//   RECOVERY_DESK_ENV=development node --max-semi-space-size=8 bench/micro/raw-read.ts [--n 300] [--rounds 16] [--repeat 4]
// (the worker's young generation: the GCs it causes, and their pauses on this thread, are counted too)
// Creates and drops its own database (rdt_<pid>_<hex>_rawread).
import { readFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { parseArgs } from 'node:util';
import { GCProfiler } from 'node:v8';
import postgres from 'postgres';
import { connectDatabase } from '../../src/adapters/db/client.ts';
import { insertMessages, messagesToProcess } from '../../src/adapters/db/messages.repository.ts';
import { migrateDatabase } from '../../src/adapters/db/migrate.ts';
import { BATCH_MESSAGE_BYTES, PROCESS_BATCH, toNewMessage } from '../../src/steps/store-message.ts';
import { messagesToProcessBase64 } from '../../test/support/raw-read-reference.ts';
import { currentRunId, pgUrl, PG_BASE_URL } from '../../test/support/run.ts';
import { makeCorpus, makeDkimKey } from '../corpus.ts';

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '16' },
    repeat: { type: 'string', default: '4' },
    seed: { type: 'string', default: '20260302' },
  },
});
const N = Number(args.n);
const REPEAT = Number(args.repeat);

let socketBytes = 0;
const emit = Socket.prototype.emit;
Socket.prototype.emit = function (this: Socket, event: string | symbol, ...rest: unknown[]) {
  if (event === 'data') socketBytes += (rest[0] as Buffer).length;
  return (emit as (this: Socket, event: string | symbol, ...args: unknown[]) => boolean).call(this, event, ...rest);
} as typeof emit;

const name = `${currentRunId()}_rawread`;
const admin = postgres(`${PG_BASE_URL}/postgres`, { max: 1, onnotice: () => {} });
await migrateDatabase(pgUrl(name));
const database = connectDatabase(pgUrl(name), { max: 1 });
try {
  const corpus = await makeCorpus({ count: N, seed: Number(args.seed), dkim: makeDkimKey() });
  const raws = corpus.messages.map((m) => m.raw);
  const stored = await insertMessages(
    database.db,
    raws.map((raw) => toNewMessage({ raw, source: 'ingest' })),
  );
  const mailBytes = raws.reduce((sum, raw) => sum + raw.length, 0);
  const small = stored.filter((_, i) => raws[i]!.length <= BATCH_MESSAGE_BYTES).map((row) => row.id);
  const large = stored.filter((_, i) => raws[i]!.length > BATCH_MESSAGE_BYTES).map((row) => row.id);
  const jobs: number[][] = [...large.map((id) => [id])];
  for (let at = 0; at < small.length; at += PROCESS_BATCH) jobs.push(small.slice(at, at + PROCESS_BATCH));
  console.log(
    `# ${N} messages (${(mailBytes / N / 1024).toFixed(1)} KiB each on average, ${large.length} over 256 KiB), ${jobs.length * REPEAT} reads a round; node ${process.version}; load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
  );

  const [{ pid }] = (await database.sql`select pg_backend_pid() as pid`) as unknown as [{ pid: number }];
  const backendTicks = () => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime, clock ticks (1/100 s)
  };
  const ways = {
    A: { name: 'base64 slices (before)', read: (ids: number[]) => messagesToProcessBase64(database.db, ids) },
    B: { name: 'binary COPY (after)', read: (ids: number[]) => messagesToProcess(database.db, ids) },
  } as const;
  const round = async (way: keyof typeof ways) => {
    for (let r = 0; r < REPEAT; r++) {
      let bytes = 0;
      for (const ids of jobs) for (const row of (await ways[way].read(ids)).values()) bytes += (row as { raw: Buffer | null }).raw?.length ?? 0;
      if (bytes !== mailBytes) throw new Error(`${way}: read ${bytes} bytes of ${mailBytes}`);
    }
  };
  // Warm both (code, plans, the connection).
  for (let i = 0; i < 2; i++) for (const way of ['A', 'B'] as const) await round(way);
  const order = Array.from({ length: Number(args.rounds) }, (_, i) => (['A', 'B', 'B', 'A'] as const)[i % 4]!);
  const results: Record<string, { cpu: number[]; pg: number[]; heap: number[]; wire: number[]; gc: number[]; gcs: number[] }> = {
    A: { cpu: [], pg: [], heap: [], wire: [], gc: [], gcs: [] },
    B: { cpu: [], pg: [], heap: [], wire: [], gc: [], gcs: [] },
  };
  for (const way of order) {
    const profiler = new GCProfiler();
    profiler.start();
    const heap0 = process.memoryUsage().heapUsed;
    const wire0 = socketBytes;
    const pg0 = backendTicks();
    const cpu0 = process.threadCpuUsage();
    await round(way);
    const cpu = process.threadCpuUsage(cpu0);
    const pg = backendTicks() - pg0;
    const heap1 = process.memoryUsage().heapUsed;
    const gcs = profiler.stop()?.statistics ?? [];
    const freed = gcs.reduce((sum, gc) => sum + gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize, 0);
    const pause = gcs.reduce((sum, gc) => sum + gc.cost, 0); // µs on this thread
    const heap = heap1 - heap0 + freed;
    const r = results[way]!;
    r.cpu.push((cpu.user + cpu.system) / 1000 / N / REPEAT);
    r.pg.push((pg * 10) / N / REPEAT);
    r.heap.push(heap / 1024 / N / REPEAT);
    r.wire.push((socketBytes - wire0) / mailBytes / REPEAT);
    r.gc.push(pause / 1000 / N / REPEAT);
    r.gcs.push((gcs.length * 1000) / N / REPEAT);
    console.log(
      `${way} ${ways[way].name.padEnd(24)} main thread ${r.cpu.at(-1)!.toFixed(3)} ms/msg, PostgreSQL backend ${r.pg.at(-1)!.toFixed(3)} ms/msg, V8 heap ${r.heap.at(-1)!.toFixed(1)} KiB/msg, from PostgreSQL ${r.wire.at(-1)!.toFixed(3)}× the mail, GC ${r.gcs.at(-1)!.toFixed(1)} per 1,000 msgs (${r.gc.at(-1)!.toFixed(4)} ms/msg of pauses)`,
    );
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
  for (const way of ['A', 'B'] as const) {
    const r = results[way]!;
    console.log(
      `median ${way} ${ways[way].name.padEnd(24)} main thread ${median(r.cpu).toFixed(3)} ms/msg, PostgreSQL ${median(r.pg).toFixed(3)} ms/msg, V8 heap ${median(r.heap).toFixed(1)} KiB/msg, wire ${median(r.wire).toFixed(3)}×, GC pauses ${median(r.gc).toFixed(4)} ms/msg (${median(r.gcs).toFixed(1)} per 1,000 msgs)`,
    );
  }
} finally {
  await database.close();
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
}
