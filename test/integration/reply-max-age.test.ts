// REPLY_MAX_AGE whatever the path (SPEC §3): a message that arrived longer ago than the limit
// gets no automatic answer when ingest, the sweeper or a quarantine replay brings it to
// processing now; its ticket waits for an agent with the reason. Arrival for ingest is the
// time of storing. Real PostgreSQL, Redis, BullMQ workers and SMTP sink.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { insertMessages } from '../../src/adapters/db/messages.repository.ts';
import { inboundMessages, outbox, tickets } from '../../src/adapters/db/schema/index.ts';
import { replayMessage } from '../../src/steps/replay-message.ts';
import { storeMessages, toNewMessage } from '../../src/steps/store-message.ts';
import { sweepUnfinished } from '../../src/steps/sweep-unfinished.ts';
import { createTestEnv, seedAccount, type TestEnv } from '../support/app.ts';
import { buildMail, COMPLETE_REQUEST_EN } from '../support/mail.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { waitFor } from '../support/wait.ts';

const DAY = 86_400_000;
let sink: SmtpSink;
let env: TestEnv;

beforeAll(async () => {
  sink = await startSmtpSink();
  // DKIM_MAX_AGE apart from REPLY_MAX_AGE: an old Date also makes a signature too old (SPEC §5),
  // and this file is about the answer's age alone.
  env = await createTestEnv({ SMTP_URL: sink.url, DKIM_MAX_AGE: '30d' });
  env.startWorker();
});
afterAll(async () => {
  await env?.close();
  await sink?.close();
});

/** An account and its complete request (its automatic answer is the acknowledgement). */
async function requestOf(name: string): Promise<{ email: string; raw: Buffer }> {
  const email = `${name.toLowerCase().replace(' ', '.')}@${name.split(' ')[1]!.toLowerCase()}.example`;
  await seedAccount(env, { email, fullName: name, organisations: ['Northwind Traders'] });
  return { email, raw: buildMail({ from: email, body: COMPLETE_REQUEST_EN.replaceAll('Sarah Connor', name) }) };
}

/** Stores a message without queueing it, as if stored `msAgo` (workers down, Redis lost). */
async function storedAgo(raw: Buffer, msAgo: number, status: 'stored' | 'quarantined' = 'stored'): Promise<number> {
  const [row] = await insertMessages(env.app.deps.db, [toNewMessage({ raw, source: 'ingest' })]);
  const receivedAt = new Date(Date.now() - msAgo);
  await env.app.deps.db
    .update(inboundMessages)
    .set({ receivedAt, ...(status === 'quarantined' ? { status, outcome: 'quarantined' as const, reason: 'too_large', processedAt: receivedAt } : {}) })
    .where(eq(inboundMessages.id, row!.id));
  return row!.id;
}

/** The message's ticket once processed and every reply settled: its noAutoAnswer, and the mail the sink got for `email`. */
async function outcome(id: number, email: string) {
  const { db } = env.app.deps;
  const row = await waitFor(
    async () => {
      const [found] = await db.select().from(inboundMessages).where(eq(inboundMessages.id, id));
      return found?.status === 'processed' && found;
    },
    { timeoutMs: 20_000, what: `message ${id} processed` },
  );
  await waitFor(async () => (await db.select().from(outbox).where(eq(outbox.status, 'pending'))).length === 0, { timeoutMs: 20_000, what: 'every reply sent' });
  const [ticket] = await db.select().from(tickets).where(eq(tickets.id, row.ticketId!));
  const replies = await db.select({ kind: outbox.kind }).from(outbox).where(eq(outbox.toAddress, email));
  return {
    outcome: row.outcome,
    status: ticket!.status,
    noAutoAnswer: (ticket!.signals as { noAutoAnswer: string | null }).noAutoAnswer,
    replies: replies.map((r) => r.kind),
    atSink: sink.messages.filter((m) => m.envelope.to.includes(email)).length,
  };
}

test('ingest: arrival is the time of storing, not the Date header the sender wrote', async () => {
  const request = await requestOf('Anna Ingest');
  const { email } = request;
  // The Date header says 10 days ago: by it, the message is older than REPLY_MAX_AGE (7 days).
  const written = new Date(Date.now() - 10 * DAY);
  const raw = Buffer.from(request.raw.toString().replace(/^Date: .*$/m, `Date: ${written.toUTCString()}`));
  expect(raw.toString()).toContain(`Date: ${written.toUTCString()}`);
  expect(Date.now() - written.getTime()).toBeGreaterThan(env.config.REPLY_MAX_AGE);
  const [stored] = await storeMessages(env.app.deps, [{ raw, source: 'ingest' }]);
  expect(await outcome(stored!.id, email)).toMatchObject({ outcome: 'ticket_opened', noAutoAnswer: null, replies: ['acknowledgement'] });
  await waitFor(() => sink.messages.some((m) => m.envelope.to.includes(email)), { timeoutMs: 20_000, what: 'the acknowledgement at the sink' });
});

test('a request stored 8 days ago and picked up by the sweeper now opens a ticket for an agent and sends nothing; one stored an hour ago is acknowledged', async () => {
  const old = await requestOf('Oscar Sweeper');
  const recent = await requestOf('Rita Sweeper');
  const oldId = await storedAgo(old.raw, 8 * DAY);
  const recentId = await storedAgo(recent.raw, 3_600_000);
  const swept = await sweepUnfinished(env.app.deps, { graceMs: 30_000, retentionDays: 30 });
  expect(swept.messages).toBe(2);
  expect(await outcome(oldId, old.email)).toEqual({ outcome: 'ticket_opened', status: 'ready', noAutoAnswer: 'too_old', replies: [], atSink: 0 });
  expect(await outcome(recentId, recent.email)).toMatchObject({ outcome: 'ticket_opened', noAutoAnswer: null, replies: ['acknowledgement'] });
});

test('a message quarantined 9 days ago and replayed today gets no automatic answer; one quarantined today and replayed is acknowledged', async () => {
  const old = await requestOf('Quentin Replay');
  const today = await requestOf('Tess Replay');
  const oldId = await storedAgo(old.raw, 9 * DAY, 'quarantined');
  const todayId = await storedAgo(today.raw, 60_000, 'quarantined');
  await replayMessage(env.app.deps, oldId, 'admin@bpart.test');
  await replayMessage(env.app.deps, todayId, 'admin@bpart.test');
  expect(await outcome(oldId, old.email)).toEqual({ outcome: 'ticket_opened', status: 'ready', noAutoAnswer: 'too_old', replies: [], atSink: 0 });
  expect(await outcome(todayId, today.email)).toMatchObject({ outcome: 'ticket_opened', noAutoAnswer: null, replies: ['acknowledgement'] });
  const [count] = await env.app.deps.db.execute<{ n: number }>(sql`select count(*)::int as n from ticket_events where type = 'message_replayed'`);
  expect(count?.n).toBe(2);
});
