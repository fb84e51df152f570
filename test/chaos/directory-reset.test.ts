// External resets under chaos (SPEC §9): the worker (a child process) is killed -9 while the http
// directory — the reference receiver, its own program — has applied the reset but not yet answered,
// then the directory is down (5xx, then time-outs) while another worker is killed, and comes back.
// Afterwards: each account reset exactly once in the directory, each holder told exactly once, and
// no ticket done, nor any confirmation sent, before the directory showed the second factor gone.
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { directoryOperations, tickets } from '../../src/adapters/db/schema/index.ts';
import { totpCode } from '../../src/adapters/totp/totp.ts';
import { approveTicket } from '../../src/steps/approve-ticket.ts';
import { storeMessages } from '../../src/steps/store-message.ts';
import { seedAgent, type TestEnv } from '../support/app.ts';
import { createChaosApp, type ChaosApp } from '../support/chaos/app.ts';
import { requestFor, type Person } from '../support/chaos/burst.ts';
import { spawnWorker, type WorkerProcess } from '../support/chaos/processes.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startReceiver, type Receiver } from '../support/directory-receiver.ts';
import { cleanupPrefix, testQueuePrefix } from '../support/redis.ts';
import { REDIS_URL } from '../support/run.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { waitFor } from '../support/wait.ts';

const SECRET = 'chaos-directory-secret-0123456789abcdef';
const prefix = testQueuePrefix();
let receiver: Receiver;
let database: TestDatabase;
let sink: SmtpSink;
let env: ChaosApp;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  [receiver, database, sink] = await Promise.all([startReceiver(SECRET, '/dir'), createTestDatabase('chaosdir'), startSmtpSink()]);
  env = createChaosApp({
    DATABASE_URL: database.url,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    SMTP_URL: sink.url,
    ACCOUNT_DIRECTORY: 'http',
    DIRECTORY_HTTP_URL: receiver.url,
    DIRECTORY_HTTP_SECRET: SECRET,
    DIRECTORY_HTTP_TIMEOUT: '2s',
    DIRECTORY_RETRY_FOR: '5m',
  });
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill9()));
  await env?.close();
  await cleanupPrefix(prefix);
  await Promise.all([receiver?.stop(), sink?.close(), database?.drop()]);
});

const startWorker = () => {
  const worker = spawnWorker(env.env);
  workers.push(worker);
  return worker;
};

/** Opens a ready ticket per person (through a running worker). */
async function openTickets(list: Person[]) {
  const { deps } = env.app;
  await storeMessages(
    deps,
    list.map((p, i) => ({ raw: requestFor(p, i, 'dir'), source: 'ingest' as const })),
  );
  return waitFor(
    async () => {
      const found = await deps.db.select().from(tickets).where(eq(tickets.status, 'ready'));
      return found.length === list.length ? found : null;
    },
    { timeoutMs: 150_000, intervalMs: 250, what: `${list.length} ready tickets` },
  );
}

/** Approves each ticket (no cancel window: the external reset is recorded at once). */
async function approveAll(rows: { id: number; ref: string }[]): Promise<number[]> {
  const { deps } = env.app;
  for (const ticket of rows) {
    const agent = await seedAgent({ app: env.app } as TestEnv, `agent-${ticket.id}@bpart.test`);
    expect(await approveTicket(deps, { ref: ticket.ref, agentEmail: agent.email, totpCode: await totpCode(agent.totpSecret) })).toMatchObject({
      status: 'resetting',
    });
  }
  return rows.map((t) => t.id);
}

const statuses = async (ids: number[]) =>
  (await env.app.deps.db.select({ status: tickets.status }).from(tickets).where(inArray(tickets.id, ids))).map((t) => t.status);
const confirmationsTo = (list: Person[]) => sink.messages.filter((m) => list.some((p) => m.to.includes(p.email))).length;

test(
  'a worker killed after the directory reset but before its answer, then the directory down while another is killed: one reset and one confirmation each',
  { timeout: 600_000 },
  async () => {
    // Names the reader reads as names (the burst's "Person Number0" is not one): complete requests, ready for review.
    const list: Person[] = ['Anna Peeters', 'Bart Claes', 'Chloé Dubois', 'Dirk Maes'].map((fullName, i) => ({
      email: `${fullName
        .split(' ')[0]!
        .toLowerCase()
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')}@client${i}.example`,
      fullName,
      organisation: `Genuine Works ${['Antwerp', 'Brussels', 'Charleroi', 'Dinant'][i]}`,
    }));
    await receiver.seed(list.map((p, i) => ({ id: `app-${i}`, email: p.email, fullName: p.fullName, organisations: [p.organisation], totpEnabled: true })));
    // 1. The directory applies the resets and stores their keys, but the answers never leave.
    // Killing the worker then is the worst moment: the reset happened, recovery-desk does not know.
    await receiver.fail('apply-then-hang');
    let worker = startWorker();
    const opened = await openTickets(list);
    const acknowledgements = await waitFor(() => (confirmationsTo(list) >= 4 ? confirmationsTo(list) : null), { timeoutMs: 60_000, what: 'acknowledgements' });
    const ids = await approveAll(opened.slice(0, 2));
    await waitFor(async () => ((await receiver.state()).resets >= 2 ? true : null), { timeoutMs: 90_000, what: 'two resets applied' });
    await worker.kill9();
    expect(await statuses(ids)).toEqual(['approved', 'approved']); // nothing reported done
    expect(confirmationsTo(list)).toBe(acknowledgements); // and nobody told

    // 2. The directory is down (5xx, look-ups too) when the next worker starts; the second pair is approved meanwhile.
    await receiver.fail('500');
    const more = await approveAll(opened.slice(2));
    worker = startWorker();
    await waitFor(
      async () => {
        const ops = await env.app.deps.db.select().from(directoryOperations).where(inArray(directoryOperations.ticketId, more));
        return ops.every((op) => op.failures >= 1) ? true : null;
      },
      { timeoutMs: 120_000, what: 'failed calls on the second pair' },
    );
    await worker.kill9();
    // 3. Time-outs for resets, then the directory is back.
    await receiver.fail('hang-resets');
    worker = startWorker();
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    await receiver.fail(null);

    const all = [...ids, ...more];
    await waitFor(async () => ((await statuses(all)).every((s) => s === 'done') ? true : null), {
      timeoutMs: 240_000,
      intervalMs: 250,
      what: 'every ticket done',
    });
    const state = await receiver.state();
    expect(state.resets).toBe(4); // one per account, however many calls were made
    expect(state.accounts.every((a) => a.totpEnabled === false)).toBe(true);
    await waitFor(() => (confirmationsTo(list) === acknowledgements + 4 ? true : null), { timeoutMs: 30_000, what: 'one confirmation each' });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    for (const person of list) expect(sink.messages.filter((m) => m.to.includes(person.email)).length).toBe(2); // acknowledgement + confirmation
    const calls = await env.app.deps.db
      .select()
      .from(directoryOperations)
      .where(and(inArray(directoryOperations.ticketId, all), eq(directoryOperations.status, 'done')));
    expect(calls).toHaveLength(4);
    await worker.stop();
  },
);
