// Stop 26: what PostgreSQL spends compressing the stored raw bytes (TOAST), pglz (PostgreSQL's default) against lz4
// (migration 0017), in one process on one connection, rounds A B B A … Each round empties inbound_messages, stores the
// bench's corpus as the reader stores it (insertMessages: binary COPY, up to 50 messages or 8 MiB a batch) and reads
// every message back as the worker does (messagesToProcess: eight to a job, those over 256 KiB alone). Per message:
// the backend's CPU for the store and for the read (/proc/<pid>/stat, 10 ms ticks), and the table's size on disk.
//   RECOVERY_DESK_ENV=development node bench/micro/raw-store.ts [--n 300] [--rounds 12]
// Creates and drops its own database (rdt_<pid>_<hex>_rawstore).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { connectDatabase } from '../../src/adapters/db/client.ts';
import { insertMessages, messagesToProcess } from '../../src/adapters/db/messages.repository.ts';
import { migrateDatabase } from '../../src/adapters/db/migrate.ts';
import { BATCH_MESSAGE_BYTES, PROCESS_BATCH, toNewMessage } from '../../src/steps/store-message.ts';
import { currentRunId, pgUrl, PG_BASE_URL } from '../../test/support/run.ts';
import { makeCorpus, makeDkimKey } from '../corpus.ts';

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '12' },
    seed: { type: 'string', default: '20260302' },
  },
});
const N = Number(args.n);

const name = `${currentRunId()}_rawstore`;
const admin = postgres(`${PG_BASE_URL}/postgres`, { max: 1, onnotice: () => {} });
await migrateDatabase(pgUrl(name));
const database = connectDatabase(pgUrl(name), { max: 1 });
try {
  const corpus = await makeCorpus({ count: N, seed: Number(args.seed), dkim: makeDkimKey() });
  const raws = corpus.messages.map((m) => m.raw);
  const mailBytes = raws.reduce((sum, raw) => sum + raw.length, 0);
  const batches: Buffer[][] = [];
  for (let at = 0, bytes = 0, batch: Buffer[] = []; at < raws.length; at++) {
    batch.push(raws[at]!);
    bytes += raws[at]!.length;
    if (batch.length >= 50 || bytes >= 8 * 1024 * 1024 || at === raws.length - 1) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
  }
  console.log(
    `# ${N} messages (${(mailBytes / N / 1024).toFixed(1)} KiB each on average), ${batches.length} stores a round; node ${process.version}; load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
  );
  const [{ pid }] = (await database.sql`select pg_backend_pid() as pid`) as unknown as [{ pid: number }];
  const backendTicks = () => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime, clock ticks (1/100 s)
  };
  const ways = { A: 'pglz', B: 'lz4' } as const;
  const round = async (way: keyof typeof ways) => {
    await database.sql.unsafe(`truncate inbound_messages; alter table inbound_messages alter column raw set compression ${ways[way]}`);
    const t0 = backendTicks();
    const ids: number[] = [];
    for (const batch of batches)
      for (const row of await insertMessages(
        database.db,
        batch.map((raw) => toNewMessage({ raw, source: 'ingest' })),
      ))
        ids.push(row.id);
    const t1 = backendTicks();
    const small = ids.filter((_, i) => raws[i]!.length <= BATCH_MESSAGE_BYTES);
    const jobs: number[][] = ids.filter((_, i) => raws[i]!.length > BATCH_MESSAGE_BYTES).map((id) => [id]);
    for (let at = 0; at < small.length; at += PROCESS_BATCH) jobs.push(small.slice(at, at + PROCESS_BATCH));
    let bytes = 0;
    for (const job of jobs) for (const row of (await messagesToProcess(database.db, job)).values()) bytes += row.raw?.length ?? 0;
    if (bytes !== mailBytes) throw new Error(`${way}: read ${bytes} bytes of ${mailBytes}`);
    const t2 = backendTicks();
    const [size] = (await database.sql`select pg_total_relation_size('inbound_messages')::float8 as total,
      (select count(*) from inbound_messages where pg_column_compression(raw) = ${ways[way]})::int as compressed`) as unknown as [
      { total: number; compressed: number },
    ];
    return { store: ((t1 - t0) * 10) / N, read: ((t2 - t1) * 10) / N, size: size!.total / mailBytes, compressed: size!.compressed };
  };
  for (const way of ['A', 'B'] as const) await round(way); // warm: code, plans, the connection
  const order = Array.from({ length: Number(args.rounds) }, (_, i) => (['A', 'B', 'B', 'A'] as const)[i % 4]!);
  const results = { A: [] as Awaited<ReturnType<typeof round>>[], B: [] as Awaited<ReturnType<typeof round>>[] };
  for (const way of order) {
    const r = await round(way);
    results[way].push(r);
    console.log(
      `${way} ${ways[way].padEnd(5)} store ${r.store.toFixed(3)} ms/msg, read ${r.read.toFixed(3)} ms/msg of the backend's CPU; table ${r.size.toFixed(2)}× the mail, ${r.compressed} values compressed`,
    );
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
  for (const way of ['A', 'B'] as const) {
    const r = results[way];
    console.log(
      `median ${way} ${ways[way].padEnd(5)} store ${median(r.map((x) => x.store)).toFixed(3)} ms/msg, read ${median(r.map((x) => x.read)).toFixed(3)} ms/msg, table ${median(r.map((x) => x.size)).toFixed(2)}× the mail`,
    );
  }
} finally {
  await database.close();
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
}
