// Several stored messages per job (steps/process-batch.ts) on real services: each message still
// ends with exactly one outcome, a failing one goes on alone (its neighbours are neither redone
// nor quarantined with it), a batch picked again — after a crash, or twice at once — doubles
// nothing, and each reply goes out once.
import { inArray } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { inboundMessages, outbox, tickets } from '../../src/adapters/db/schema/index.ts';
import { processBatch } from '../../src/steps/process-batch.ts';
import { processMessageAttempt } from '../../src/steps/process-message-attempt.ts';
import { BATCH_MESSAGE_BYTES, PROCESS_BATCH, storeMessages } from '../../src/steps/store-message.ts';
import type { TestEnv } from '../support/app.ts';
import { createEmptyDatabase } from '../support/app-database.ts';
import type { TestDatabase } from '../support/db.ts';
import { rawMessage, recipients, request, settleOutbox, sign, signingZone, useFreshEnvsWithSink } from '../support/security.ts';
import { waitFor } from '../support/wait.ts';

// The directory's lookup fails, in the database, for the user marked broken only: a real error
// (division by zero) in the middle of one message's processing.
const FIND = `select id, email, name as full_name, org as organisations, true as totp_enabled, md5(email) as version
  from users where lower(email) = $1 and 1 / (case when broken then 0 else 1 end) = 1`;
const RESET = `update users set name = name where id = $1::int`;

const { zone, key } = signingZone();
const pipeline = useFreshEnvsWithSink(zone);
let appDb: TestDatabase;
let appSql: postgres.Sql;

beforeAll(async () => {
  appDb = await createEmptyDatabase('batch');
  appSql = postgres(appDb.url, { max: 1, onnotice: () => {} });
  await appSql.unsafe(`
    create table users (id serial primary key, email text not null, name text, org text, broken boolean not null default false);
    insert into users (email, name, org, broken) values
      ('victor@genuine.example', 'Victor Holder', 'Genuine BV', false),
      ('wendy@genuine.example', 'Wendy Holder', 'Genuine BV', false),
      ('xavier@genuine.example', 'Xavier Holder', 'Genuine BV', false),
      ('boom@genuine.example', 'Boom Holder', 'Genuine BV', true);`);
});
afterAll(async () => {
  await appSql?.end({ timeout: 5 });
  await appDb?.drop();
});

const env = () =>
  pipeline.freshEnv({
    ACCOUNT_DIRECTORY: 'sql',
    DIRECTORY_DATABASE_URL: appDb.url,
    DIRECTORY_SQL_FIND: FIND,
    DIRECTORY_SQL_RESET: RESET,
    MAX_MESSAGE_BYTES: '65536',
  });

const signedRequest = async (user: string, name: string) =>
  Buffer.from(await sign(rawMessage({ from: `${name} <${user}@genuine.example>`, body: request(name, 'Genuine BV') }), { domain: 'genuine.example', key }));
const otherMail = (n: number) =>
  Buffer.from(
    rawMessage({ from: `News ${n} <news${n}@elsewhere.example>`, subject: `Our news, issue ${n}`, body: `Hello,\n\nhere is issue ${n} of our news.\n` }),
  );
const tooLarge = () =>
  Buffer.from(rawMessage({ from: 'Big <big@elsewhere.example>', subject: 'Big', body: 'x'.repeat(100) + '\n'.concat('y'.repeat(76), '\n').repeat(1200) }));

async function rowsOf(e: TestEnv, ids: number[]) {
  const rows = await e.app.deps.db
    .select({
      id: inboundMessages.id,
      status: inboundMessages.status,
      outcome: inboundMessages.outcome,
      reason: inboundMessages.reason,
      processedAt: inboundMessages.processedAt,
    })
    .from(inboundMessages)
    .where(inArray(inboundMessages.id, ids));
  return new Map(rows.map((row) => [row.id, row]));
}

const inbound = (e: TestEnv) => e.app.queues.byName.get('inbound')!;

describe('several messages per job', () => {
  test('a batch: one outcome each; the message that fails is handed to a job of its own, and its last attempt quarantines it alone', async () => {
    const e = await env();
    const raws = [
      await signedRequest('victor', 'Victor Holder'),
      otherMail(1),
      await signedRequest('boom', 'Boom Holder'),
      tooLarge(),
      await signedRequest('wendy', 'Wendy Holder'),
      otherMail(2),
    ];
    const stored = await storeMessages(
      e.app.deps,
      raws.map((raw) => ({ raw, source: 'ingest' as const })),
    );
    const ids = stored.map((row) => row.id);
    const [victor, news1, boom, big, wendy, news2] = ids as [number, number, number, number, number, number];
    // Stored together: one job for the six, none of their own.
    expect(await inbound(e).getJob(`msgs-${ids.join('-')}`)).toBeDefined();
    for (const id of ids) expect(await inbound(e).getJob(`msg-${id}`)).toBeUndefined();

    const first = await processBatch(e.app.deps, ids);
    expect(first.handedOff).toEqual([boom]);
    expect(Object.fromEntries([...first.outcomes].map(([id, o]) => [id, `${o.outcome}:${o.reason}`]))).toEqual({
      [victor]: 'ticket_opened:null',
      [wendy]: 'ticket_opened:null',
      [news1]: 'ignored:not_a_recovery_request',
      [news2]: 'ignored:not_a_recovery_request',
      [big]: 'quarantined:too_large',
    });
    const after = await rowsOf(e, ids);
    expect(after.get(boom)).toMatchObject({ status: 'stored', outcome: null });
    expect(after.get(big)).toMatchObject({ status: 'quarantined', reason: 'too_large' });
    for (const id of [victor, wendy, news1, news2]) expect(after.get(id)?.status).toBe('processed');
    expect(await e.app.deps.db.select().from(tickets)).toHaveLength(2);
    expect(await e.app.deps.db.select().from(outbox)).toHaveLength(2);
    // The failing message goes on in its own job, after the retry's backoff.
    expect(await (await inbound(e).getJob(`msg-${boom}`))?.getState()).toBe('delayed');

    // The same batch again (another worker after a crash, or the queue's retry): the finished
    // messages are skipped, nothing is written twice, the failing one is still its job's alone.
    const again = await processBatch(e.app.deps, ids);
    expect(again.handedOff).toEqual([boom]);
    expect(await rowsOf(e, ids)).toEqual(after);
    expect(await e.app.deps.db.select().from(tickets)).toHaveLength(2);
    expect(await e.app.deps.db.select().from(outbox)).toHaveLength(2);

    // Its own job's last attempt quarantines that message and no other.
    expect(await processMessageAttempt(e.app.deps, boom, { isLastAttempt: true })).toEqual({ outcome: 'quarantined' });
    const last = await rowsOf(e, ids);
    expect(last.get(boom)).toMatchObject({ status: 'quarantined', reason: 'processing_failed' });
    for (const id of [victor, wendy, news1, news2, big]) expect(last.get(id)).toEqual(after.get(id));

    // The worker runs the queued jobs (the batch and the hand-off find their rows done): each reply once.
    e.startWorker();
    await settleOutbox(e);
    await waitFor(async () => ((await inbound(e).getJobCounts('completed')).completed === 2 ? true : undefined), { what: 'both inbound jobs run' });
    expect(recipients(pipeline.sink()).sort()).toEqual(['victor@genuine.example', 'wendy@genuine.example']);
    expect(await e.app.deps.db.select().from(tickets)).toHaveLength(2);
  });

  test('the same batch run twice at once (a job wrongly thought stalled): one outcome each, one ticket per request, each reply once', async () => {
    const e = await env();
    const raws = [
      await signedRequest('victor', 'Victor Holder'),
      otherMail(3),
      await signedRequest('wendy', 'Wendy Holder'),
      otherMail(4),
      await signedRequest('xavier', 'Xavier Holder'),
      otherMail(5),
    ];
    const stored = await storeMessages(
      e.app.deps,
      raws.map((raw) => ({ raw, source: 'ingest' as const })),
    );
    const ids = stored.map((row) => row.id);
    const [one, two] = await Promise.all([processBatch(e.app.deps, ids), processBatch(e.app.deps, ids)]);
    // Every message finished by one of the two; a message the other run finished first is handed
    // off, and its job finds it done.
    for (const id of ids) expect(one.outcomes.has(id) || two.outcomes.has(id)).toBe(true);
    const rows = await rowsOf(e, ids);
    expect([...rows.values()].map((row) => row.status)).toEqual(ids.map(() => 'processed'));
    expect([...rows.values()].filter((row) => row.outcome === 'ticket_opened')).toHaveLength(3);
    expect(await e.app.deps.db.select().from(tickets)).toHaveLength(3);
    expect(await e.app.deps.db.select().from(outbox)).toHaveLength(3);

    e.startWorker();
    await settleOutbox(e);
    await waitFor(
      async () => {
        const counts = await inbound(e).getJobCounts('waiting', 'delayed', 'active');
        return (counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.active ?? 0) === 0 ? counts : undefined;
      },
      { what: 'no inbound job left', timeoutMs: 20_000 },
    );
    expect((await inbound(e).getJobCounts('failed')).failed).toBe(0);
    expect(await rowsOf(e, ids)).toEqual(rows);
    expect(recipients(pipeline.sink()).sort()).toEqual(['victor@genuine.example', 'wendy@genuine.example', 'xavier@genuine.example']);
  });

  test('a message stored alone keeps a job of its own; a backlog is queued by PROCESS_BATCH and the worker finishes every message', async () => {
    const e = await env();
    const [alone] = await storeMessages(e.app.deps, [{ raw: otherMail(6), source: 'ingest' }]);
    expect(await inbound(e).getJob(`msg-${alone!.id}`)).toBeDefined();

    const arrivals = Array.from({ length: PROCESS_BATCH + 2 }, (_, i) => ({ raw: otherMail(100 + i), source: 'ingest' as const }));
    const backlog = await storeMessages(e.app.deps, arrivals);
    const ids = backlog.map((row) => row.id);
    const jobs = await inbound(e).getJobs(['waiting']);
    expect(jobs.map((job) => job.id).sort()).toEqual(
      [`msg-${alone!.id}`, `msgs-${ids.slice(0, PROCESS_BATCH).join('-')}`, `msgs-${ids.slice(PROCESS_BATCH).join('-')}`].sort(),
    );
    // Stored again (a lost enqueue rescued): the same jobs, nothing more.
    expect((await storeMessages(e.app.deps, arrivals)).map((row) => row.id)).toEqual(ids);
    expect(await inbound(e).getJobCounts('waiting')).toMatchObject({ waiting: 3 });

    e.startWorker();
    const rows = await waitFor(
      async () => {
        const found = await rowsOf(e, [alone!.id, ...ids]);
        return [...found.values()].every((row) => row.status === 'processed') ? found : undefined;
      },
      { what: 'every message processed' },
    );
    expect([...rows.values()].map((row) => row.outcome)).toEqual([alone!.id, ...ids].map(() => 'ignored'));
  });

  test('a large message in a backlog keeps a job of its own: large messages are never read and inspected eight at a time', async () => {
    const e = await env();
    const large = (n: number) => Buffer.concat([otherMail(n), Buffer.from(`\r\n${'x'.repeat(76)}`.repeat(Math.ceil(BATCH_MESSAGE_BYTES / 78) + 1))]);
    const arrivals = [otherMail(200), large(201), otherMail(202), large(203), otherMail(204)].map((raw) => ({ raw, source: 'ingest' as const }));
    expect(arrivals[1]!.raw.length).toBeGreaterThan(BATCH_MESSAGE_BYTES);
    const ids = (await storeMessages(e.app.deps, arrivals)).map((row) => row.id);
    const jobs = await inbound(e).getJobs(['waiting']);
    expect(jobs.map((job) => job.id).sort()).toEqual([`msg-${ids[1]}`, `msg-${ids[3]}`, `msgs-${ids[0]}-${ids[2]}-${ids[4]}`].sort());

    e.startWorker();
    const rows = await waitFor(
      async () => {
        const found = await rowsOf(e, ids);
        return [...found.values()].every((row) => row.status !== 'stored') ? found : undefined;
      },
      { what: 'every message with its outcome' },
    );
    // This environment's MAX_MESSAGE_BYTES is 64 KiB: the large ones end quarantined on their size, alone.
    expect(ids.map((id) => [rows.get(id)!.outcome, rows.get(id)!.reason])).toEqual([
      ['ignored', 'not_a_recovery_request'],
      ['quarantined', 'too_large'],
      ['ignored', 'not_a_recovery_request'],
      ['quarantined', 'too_large'],
      ['ignored', 'not_a_recovery_request'],
    ]);
  });
});
