// Where one large message's memory goes, stage by stage, in this process: the IMAP fetch
// (imapflow, from a Dovecot of its own), store (insertMessages), read back (messageToProcess),
// inspect (a thread of the pool), each
// measured as the rise of VmHWM over the RSS before it (VmHWM reset through clear_refs).
// Usage: RECOVERY_DESK_ENV=development node --expose-gc bench/big-message.ts [--mb 25] [--threads 1]
// Creates and drops its own database (rdt_<pid>_<hex>_bigmsg).
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { connectDatabase } from '../src/adapters/db/client.ts';
import { insertMessages, messageToProcess } from '../src/adapters/db/messages.repository.ts';
import { migrateDatabase } from '../src/adapters/db/migrate.ts';
import { createInspectPool } from '../src/adapters/mail/inspect-pool.ts';
import { toNewMessage } from '../src/steps/store-message.ts';
import { currentRunId, pgUrl, PG_BASE_URL } from '../test/support/run.ts';
import { makeDkimKey, makePeople, makeRequest, prng } from './corpus.ts';
import postgres from 'postgres';
import { startDovecot } from '../test/support/dovecot.ts';

const { values: args } = parseArgs({ options: { mb: { type: 'string', default: '25' }, threads: { type: 'string', default: '1' } } });
const BYTES = Math.round(Number(args.mb) * 1_000_000);

const kb = (field: string) =>
  Number(
    /(\d+) kB/.exec(
      readFileSync('/proc/self/status', 'utf8')
        .split('\n')
        .find((l) => l.startsWith(field)) ?? '',
    )?.[1] ?? 0,
  );
const mb = (k: number) => (k / 1024).toFixed(0);
async function stage<T>(name: string, run: () => Promise<T>): Promise<T> {
  globalThis.gc?.();
  await new Promise((r) => setTimeout(r, 200));
  const before = kb('VmRSS:');
  writeFileSync('/proc/self/clear_refs', '5');
  const started = performance.now();
  const result = await run();
  const ms = performance.now() - started;
  const peak = kb('VmHWM:');
  console.log(`${name.padEnd(28)} +${mb(peak - before).padStart(4)} MB (RSS ${mb(before)} → peak ${mb(peak)} MB; ${ms.toFixed(0)} ms)`);
  return result;
}

const name = `${currentRunId()}_bigmsg`;
const admin = postgres(`${PG_BASE_URL}/postgres`, { max: 1, onnotice: () => {} });
await migrateDatabase(pgUrl(name));
const database = connectDatabase(pgUrl(name), { max: 2 });
const pool = createInspectPool({
  size: Number(args.threads),
  timeoutMs: 120_000,
  settings: {
    trustedAuthservIds: ['mx.bpart.test'],
    trustedReceivedBy: [],
    ourDomains: ['bpart.test'],
    dnsOff: true,
    maxAgeMs: 30 * 86_400_000,
    supportAddresses: ['support@bpart.test'],
    companyNames: [],
  },
});
try {
  const [person] = makePeople(1, prng(7));
  const small = await makeRequest(person!, 'small', makeDkimKey());
  const big = await makeRequest(person!, 'big', makeDkimKey(), { attachmentBytes: Math.floor((BYTES - 8_000) / ((4 / 3) * (78 / 76))), random: prng(9) });
  console.log(`message: ${(big.raw.length / 1048576).toFixed(1)} MiB`);
  // Warm: the threads, the connections, the prepared statement.
  const [warm] = await insertMessages(database.db, [toNewMessage({ raw: small.raw, source: 'ingest' })]);
  await messageToProcess(database.db, warm!.id);
  await pool.inspect(small.raw);
  // The reader's FETCH of the message (imapflow, BODY[] as one literal).
  const dovecot = await startDovecot();
  let raw: Buffer | null = null;
  try {
    await dovecot.append(undefined, big.raw);
    const imap = dovecot.client();
    await imap.connect();
    await imap.mailboxOpen('INBOX');
    raw = await stage('IMAP fetch (imapflow)', async () => {
      let source: Buffer | null = null;
      for await (const message of imap.fetch('1:*', { uid: true, source: true })) source = message.source ?? null;
      return source;
    });
    await imap.logout();
  } finally {
    await dovecot.stop();
  }
  console.log(`fetched ${raw?.length} bytes, identical: ${raw?.equals(big.raw)}`);
  const [stored] = await stage('store (insertMessages)', () => insertMessages(database.db, [toNewMessage({ raw: raw!, source: 'ingest' })]));
  raw = null;
  const row = await stage('read back (messageToProcess)', () => messageToProcess(database.db, stored!.id));
  console.log(`read back ${row?.raw?.length} bytes, identical: ${row?.raw?.equals(big.raw)}`);
  const copy = Buffer.from(row!.raw!);
  const inspection = await stage('inspect (pool thread)', () => pool.inspect(copy));
  console.log(`inspection ok: ${inspection.ok}`);
  const again = await stage('read + inspect (both)', async () => pool.inspect((await messageToProcess(database.db, stored!.id))!.raw!));
  console.log(
    `inspection ok: ${again.ok}; heap used ${mb(process.memoryUsage().heapUsed / 1024)} MB, external ${mb(process.memoryUsage().external / 1024)} MB`,
  );
} finally {
  await pool.close();
  await database.close();
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
}
