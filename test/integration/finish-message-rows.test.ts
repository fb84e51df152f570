// The outcome of a request's transaction is one fixed statement (finishMessage's FINISH_WITH):
// the rows it held back (ticket, audit events, notifications, replies) go in as JSON and are
// inserted by CTEs. What it writes must be what drizzle's inserts of the same rows wrote before
// (the reference here: the same rows through db.insert), column by column, in the order given,
// with a reply already queued skipped and the compare-and-set unchanged.
import { asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { EventRow } from '../../src/adapters/db/events.repository.ts';
import { finishMessage, type MessageResult } from '../../src/adapters/db/messages.repository.ts';
import type { NewOutbox } from '../../src/adapters/db/outbox.repository.ts';
import { inboundMessages, notifications, outbox, ticketEvents, tickets } from '../../src/adapters/db/schema/index.ts';
import type { TicketRow } from '../../src/adapters/db/tickets.repository.ts';
import { createTestEnv, type TestEnv } from '../support/app.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

let n = 0;
async function storedMessage(): Promise<number> {
  n += 1;
  const [row] = await env.app.deps.db
    .insert(inboundMessages)
    .values({ source: 'ingest', rawSha256: `finish-rows-${n}`, size: 10, status: 'stored' } as typeof inboundMessages.$inferInsert)
    .returning({ id: inboundMessages.id });
  return row!.id;
}

const result: MessageResult = {
  outcome: 'ticket_opened',
  kind: 'recovery_request',
  reason: null,
  ticketId: null,
  fromAddress: 'anna@genuine.example',
  authenticated: true,
  accountId: null,
  analysis: { kind: 'recovery_request', language: 'nl' },
  auth: { authenticated: true, reason: 'dmarc_pass', flags: [], evidence: null },
  serverAction: true,
  dkimBHashes: [],
  countedAt: new Date('2026-12-07T10:00:00.123Z'),
};

/** One mix of rows, keyed by `tag` so the two writers' rows do not collide on unique columns. */
function rowsOf(tag: string, ticketId: number) {
  const at = new Date('2026-12-07T10:00:00.456Z');
  const ticket: TicketRow = {
    id: ticketId,
    ref: `REC-2026-${tag}`,
    status: 'waiting_confirmation',
    accountId: null,
    senderAddress: 'anna@genuine.example',
    kind: 'recovery_request',
    language: 'nl',
    fields: { fullName: 'Anna de Vries', organisation: 'Gemeente "Utrecht"\n', explanation: 'Nieuwe telefoon — geen app. ✓ $1 \\ {}' } as never,
    snippets: {} as never,
    missing: ['organisation'],
    signals: { senderMatches: true, score: 0.5, nested: { list: [1, 'two', null] } } as never,
    threadMessageId: `<thread-${tag}@genuine.example>`,
    threadReferences: [],
    confirmTokenHash: null,
    confirmExpiresAt: null,
    confirmedAt: null,
    resetDueAt: null,
    cancelTokenHash: null,
    createdAt: at,
    updatedAt: at,
    closedAt: null,
  };
  const events: EventRow[] = [
    { ticketId, type: 'ticket_opened', actor: 'system', data: { messageId: 1, b: [true, null] }, createdAt: at },
    { ticketId, type: 'message_received', actor: 'holder', data: { text: 'üñí "quoted"', empty: {} }, createdAt: at },
    { ticketId: null, type: 'reply_queued', actor: 'system', data: {}, createdAt: at },
  ];
  const notified = [
    { ticketId, kind: 'ticket_ready' },
    { ticketId, kind: 'holder_wrote_again' },
  ];
  const replies: NewOutbox[] = [
    {
      dedupeKey: `ack:${tag}`,
      ticketId,
      kind: 'acknowledgement',
      language: 'nl',
      toAddress: 'anna@genuine.example',
      subject: 'Re: hulp',
      body: 'Beste Anna,\n\n{{CONFIRM_URL}}\n',
      ourMessageId: `<ack-${tag}@bpart.test>`,
      inReplyTo: `<thread-${tag}@genuine.example>`,
      references: [`<older-${tag}@genuine.example>`, `<thread-${tag}@genuine.example>`],
    },
    {
      dedupeKey: `details:${tag}`,
      ticketId: null,
      kind: 'wrong_address',
      language: 'en',
      toAddress: 'other@genuine.example',
      subject: 'Your request',
      body: 'Please write from the address on file.',
      ourMessageId: `<details-${tag}@bpart.test>`,
      inReplyTo: null,
    },
  ];
  return { ticket, events, notified, replies };
}

// Columns drawn by the writer (ids, unique keys) or by now() in its own transaction.
const drop = <T extends Record<string, unknown>>(row: T, keys: string[]) => Object.fromEntries(Object.entries(row).filter(([k]) => !keys.includes(k)));

test('the fixed statement writes what drizzle inserts of the same rows wrote, in order, and the outcome once', async () => {
  const db = env.app.deps.db;
  const mine = rowsOf('900001', 900001);
  const reference = rowsOf('900002', 900002);
  // A reply queued before (same dedupe key): the statement skips it and does not return its id.
  const [earlier] = await db
    .insert(outbox)
    .values({ ...mine.replies[1]!, ourMessageId: '<queued-before@bpart.test>' })
    .returning({ id: outbox.id });

  const id = await storedMessage();
  const finished = await db.transaction((tx) =>
    finishMessage(tx, id, { ...result, ticketId: 900001 }, new Date('2026-12-07T10:00:01.000Z'), {
      tickets: [mine.ticket],
      events: mine.events,
      notifications: mine.notified,
      outbox: mine.replies,
    }),
  );
  // The reference: drizzle's inserts, as the WITH's CTEs were built before this stop.
  await db.transaction(async (tx) => {
    await tx.insert(tickets).values(reference.ticket);
    await tx.insert(ticketEvents).values(reference.events);
    await tx.insert(notifications).values(reference.notified);
    await tx.insert(outbox).values(reference.replies).onConflictDoNothing({ target: outbox.dedupeKey });
  });

  const ticketRows = await db
    .select()
    .from(tickets)
    .where(inArray(tickets.id, [900001, 900002]))
    .orderBy(asc(tickets.id));
  expect(ticketRows).toHaveLength(2);
  expect(drop(ticketRows[0]!, ['id', 'ref', 'threadMessageId'])).toEqual(drop(ticketRows[1]!, ['id', 'ref', 'threadMessageId']));
  expect(ticketRows[0]).toMatchObject({ id: 900001, ref: 'REC-2026-900001', fields: mine.ticket.fields, signals: mine.ticket.signals });

  const eventsOf = async (ticketId: number) =>
    (
      await db
        .select()
        .from(ticketEvents)
        .where(inArray(ticketEvents.ticketId, [ticketId]))
        .orderBy(asc(ticketEvents.id))
    ).map((e) => drop(e, ['id', 'ticketId']));
  expect(await eventsOf(900001)).toEqual(await eventsOf(900002));
  expect((await eventsOf(900001)).map((e) => e.type)).toEqual(['ticket_opened', 'message_received']);
  const untied = await db.select().from(ticketEvents).where(eq(ticketEvents.type, 'reply_queued')).orderBy(asc(ticketEvents.id));
  expect(untied).toHaveLength(2);
  expect(drop(untied[0]!, ['id'])).toEqual(drop(untied[1]!, ['id']));

  const notificationsOf = async (ticketId: number) =>
    (await db.select().from(notifications).where(eq(notifications.ticketId, ticketId)).orderBy(asc(notifications.id))).map((r) =>
      drop(r, ['id', 'ticketId', 'createdAt']),
    );
  expect(await notificationsOf(900001)).toEqual(await notificationsOf(900002));
  expect((await notificationsOf(900001)).map((r) => r.kind)).toEqual(['ticket_ready', 'holder_wrote_again']);

  const repliesOf = async (tag: string) =>
    (
      await db
        .select()
        .from(outbox)
        .where(inArray(outbox.dedupeKey, [`ack:${tag}`, `details:${tag}`]))
        .orderBy(asc(outbox.id))
    ).map((r) => drop(r, ['id', 'dedupeKey', 'ourMessageId', 'inReplyTo', 'references', 'ticketId', 'createdAt']));
  const queued = await db
    .select()
    .from(outbox)
    .where(inArray(outbox.dedupeKey, ['ack:900001', 'details:900001']))
    .orderBy(asc(outbox.id));
  // Only the new reply was queued and its id returned; the one queued before is untouched.
  const newAck = queued.find((r) => r.dedupeKey === 'ack:900001')!;
  expect(finished).toEqual({ outboxIds: [newAck.id] });
  expect(queued).toHaveLength(2);
  expect(queued.find((r) => r.id === earlier!.id)!.ourMessageId).toBe('<queued-before@bpart.test>');
  expect((await repliesOf('900002')).length).toBe(2);
  const [ack] = queued.filter((r) => r.dedupeKey === 'ack:900001');
  const [refAck] = await db.select().from(outbox).where(eq(outbox.dedupeKey, 'ack:900002'));
  expect(drop(ack!, ['id', 'dedupeKey', 'ourMessageId', 'inReplyTo', 'references', 'ticketId', 'createdAt'])).toEqual(
    drop(refAck!, ['id', 'dedupeKey', 'ourMessageId', 'inReplyTo', 'references', 'ticketId', 'createdAt']),
  );
  expect(ack).toMatchObject({ status: 'pending', attempts: 0, references: mine.replies[0]!.references, inReplyTo: mine.replies[0]!.inReplyTo });
  const [refDetails] = await db.select().from(outbox).where(eq(outbox.dedupeKey, 'details:900002'));
  expect(refDetails!.references).toEqual([]);

  const [message] = await db.select().from(inboundMessages).where(eq(inboundMessages.id, id));
  expect(message).toMatchObject({ status: 'processed', outcome: 'ticket_opened', ticketId: 900001, authenticated: true });

  // The compare-and-set: a second outcome for the same message moves nothing (its transaction is rolled back by the caller).
  let second: Awaited<ReturnType<typeof finishMessage>> | 'not run' = 'not run';
  await db
    .transaction(async (tx) => {
      second = await finishMessage(tx, id, result, new Date(), { tickets: [], events: mine.events, notifications: [], outbox: [] });
      tx.rollback();
    })
    .catch(() => {});
  expect(second).toBeNull();
  expect(await eventsOf(900001)).toHaveLength(2);
});

test('an outcome with nothing alongside stays the one-statement UPDATE, once', async () => {
  const id = await storedMessage();
  const plain = { ...result, outcome: 'ignored' as const, kind: 'other', serverAction: false, countedAt: null };
  expect(await finishMessage(env.app.deps.db, id, plain, new Date())).toEqual({ outboxIds: [] });
  expect(await finishMessage(env.app.deps.db, id, plain, new Date())).toBeNull();
});
