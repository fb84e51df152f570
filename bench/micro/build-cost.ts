// CPU of building the outcome's statement (text + parameters, no I/O): drizzle's UPDATE builder
// (before, copied from e506079's finishMessage) against the fixed text with one JSON parameter
// (after), for the one-statement outcome and for a request's WITH (ticket, 2 events, a reply
// alongside, the same in both). Also settleOutbox's statement. No database is reached.
// Stop 23: "stop 23" is the request's WITH as one fixed text (FINISH_WITH in messages.repository.ts),
// whose building is only the JSON of its rows; with --expose-gc and a young generation large enough
// that nothing is collected meanwhile, each line also gives the bytes allocated per statement:
//   RECOVERY_DESK_ENV=development node --expose-gc --min-semi-space-size=128 --max-semi-space-size=128 bench/micro/build-cost.ts
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import { PgDialect } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import * as schema from '../../src/adapters/db/schema/index.ts';
import { inboundMessages, outbox, ticketEvents, tickets } from '../../src/adapters/db/schema/index.ts';
import { eventInsertWhen } from '../../src/adapters/db/events.repository.ts';
import { finishText } from '../../src/adapters/db/messages.repository.ts';
const db = drizzle(postgres('postgres://nobody@127.0.0.1:1/none'), { schema });
const dialect = new PgDialect();
const result = {
  outcome: 'ticket_opened' as const,
  kind: 'recovery_request',
  reason: null,
  ticketId: 4242,
  fromAddress: 'anna.de.vries@example.nl',
  authenticated: true,
  accountId: 77,
  analysis: {
    kind: 'recovery_request',
    language: 'nl',
    fields: {
      fullName: 'Anna de Vries',
      organisation: 'Gemeente Utrecht',
      explanation: 'Ik heb een nieuwe telefoon en kan niet meer inloggen met mijn authenticator app. '.repeat(3),
    },
    missing: [],
    reasons: ['asks_reset', 'mentions_phone', 'lost_device', 'verb_reset', 'signature'],
  },
  auth: {
    authenticated: true,
    reason: 'dmarc_pass',
    flags: [],
    evidence: { dkim: [{ domain: 'example.nl', result: 'pass', aligned: true, bHash: 'a'.repeat(64) }], dmarc: 'pass', spf: 'pass' },
  },
  serverAction: true,
  dkimBHashes: ['a'.repeat(64)],
  countedAt: new Date(),
};
const outcomeColumns = (r: typeof result) => ({
  status: 'processed' as const,
  outcome: r.outcome,
  kind: r.kind,
  reason: r.reason,
  ticketId: r.ticketId,
  fromAddress: r.fromAddress,
  fromDomain: r.fromAddress.split('@')[1] ?? null,
  authenticated: r.authenticated,
  accountId: r.accountId,
  analysis: r.analysis,
  auth: r.auth,
});
const alongside = () => [
  db.insert(tickets).values({
    id: 4242,
    ref: 'RD-4242',
    status: 'waiting_confirmation',
    senderAddress: result.fromAddress,
    kind: 'recovery_request',
    fields: result.analysis.fields as never,
    missing: [],
    signals: { a: 1 } as never,
    accountId: 77,
  } as never),
  db.insert(ticketEvents).values([
    { ticketId: 4242, type: 'ticket_opened', actor: 'system', data: { messageId: 1 }, createdAt: new Date() },
    { ticketId: 4242, type: 'message_received', actor: 'holder', data: { messageId: 1 }, createdAt: new Date() },
  ]),
];
const replies = () =>
  db
    .insert(outbox)
    .values([
      {
        dedupeKey: 'ack:1',
        ticketId: 4242,
        kind: 'acknowledgement',
        language: 'nl',
        toAddress: result.fromAddress,
        subject: 'Re: hulp',
        body: 'Beste Anna,\n'.repeat(40),
        ourMessageId: '<x@bpart.test>',
        references: [],
      },
    ])
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .returning({ id: outbox.id });
const withOf = (w: { getSQL(): SQL }[], r: { getSQL(): SQL }) =>
  sql.join([...w.map((x, i) => sql`${sql.raw(`w${i}`)} as (${x.getSQL()})`), sql`replies as (${r.getSQL()})`], sql`, `);

function before(cte: boolean) {
  const now = new Date();
  const update = db
    .update(inboundMessages)
    .set({ ...outcomeColumns(result), processedAt: now, serverActionDoneAt: null, dkimBHashes: result.dkimBHashes, countedAt: result.countedAt })
    .where(and(eq(inboundMessages.id, 1), eq(inboundMessages.status, 'stored')));
  if (!cte) return update.returning({ id: inboundMessages.id }).toSQL();
  const returning = update.returning({
    id: inboundMessages.id,
    outboxIds: sql<string[]>`(select coalesce(array_agg(replies.id order by replies.id), '{}') from replies)`.as('outbox_ids'),
  });
  return dialect.sqlToQuery(sql`with ${withOf(alongside(), replies())} ${returning.getSQL()}`);
}
const PARTS = finishText('\u0000v', '\u0000n').split(/\u0000[vn]/);
const SLOTS = [...finishText('\u0000v', '\u0000n').matchAll(/\u0000([vn])/g)].map((m) => m[1]);
function after(cte: boolean) {
  const now = new Date();
  const values = JSON.stringify([
    { id: 1, ...outcomeColumns(result), serverAction: true, dkimBHashes: result.dkimBHashes, countedAt: result.countedAt.toISOString() },
  ]);
  if (!cte) return [values, now.toISOString()];
  const chunks: SQL[] = [];
  PARTS.forEach((part, i) => {
    chunks.push(sql.raw(part));
    if (i < SLOTS.length) chunks.push(sql`${SLOTS[i] === 'v' ? values : now.toISOString()}`);
  });
  return dialect.sqlToQuery(sql`with ${withOf(alongside(), replies())} ${sql.join(chunks)}${sql.raw(' returning m.id, (select 1) as outbox_ids')}`);
}
const event = { ticketId: 4242, type: 'reply_sent', actor: 'system', data: { outboxId: 9, kind: 'acknowledgement', to: result.fromAddress } };
function settleBefore() {
  const settled = db
    .update(outbox)
    .set({ status: 'sent', sentAt: new Date(), error: null })
    .where(and(eq(outbox.id, 9), eq(outbox.status, 'pending')))
    .returning({ id: outbox.id });
  return dialect.sqlToQuery(
    sql`with settled as (${settled.getSQL()}), w0 as (${eventInsertWhen(event, sql`exists (select 1 from settled)`)}) select id from settled`,
  );
}
function settleAfter() {
  return dialect.sqlToQuery(sql`with settled as (update outbox set status = ${'sent'}, sent_at = coalesce(${new Date().toISOString()}::timestamptz, sent_at),
        error = ${null}::text where id = ${9}::bigint and status = 'pending' returning id),
      w0 as (${eventInsertWhen(event, sql`exists (select 1 from settled)`)}) select id from settled`);
}
// The same rows as alongside() and replies(), as stop 23's fixed statement takes them: JSON parameters.
const ticketRow = () => ({
  id: 4242,
  ref: 'RD-4242',
  status: 'waiting_confirmation',
  senderAddress: result.fromAddress,
  kind: 'recovery_request',
  fields: result.analysis.fields,
  missing: [],
  signals: { a: 1 },
  accountId: 77,
});
function stop23() {
  const now = new Date();
  const events = [
    { ticketId: 4242, type: 'ticket_opened', actor: 'system', data: { messageId: 1 }, createdAt: new Date() },
    { ticketId: 4242, type: 'message_received', actor: 'holder', data: { messageId: 1 }, createdAt: new Date() },
  ];
  const outboxRows = [
    {
      dedupeKey: 'ack:1',
      ticketId: 4242,
      kind: 'acknowledgement',
      language: 'nl',
      toAddress: result.fromAddress,
      subject: 'Re: hulp',
      body: 'Beste Anna,\n'.repeat(40),
      ourMessageId: '<x@bpart.test>',
      references: [],
    },
  ];
  const values = JSON.stringify([
    { id: 1, ...outcomeColumns(result), serverAction: true, dkimBHashes: result.dkimBHashes, countedAt: result.countedAt.toISOString() },
  ]);
  return [JSON.stringify([ticketRow()]), JSON.stringify(events), JSON.stringify([]), JSON.stringify(outboxRows), values, now.toISOString()];
}
const gc = (globalThis as { gc?: () => void }).gc;
const allocated = (fn: () => unknown, n = 200) => {
  if (!gc) return '';
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < n; i++) fn();
  return `, ${((process.memoryUsage().heapUsed - before) / n / 1024).toFixed(1).padStart(6)} KiB allocated`;
};
const time = (name: string, fn: () => unknown, n = 20000) => {
  for (let i = 0; i < 3000; i++) fn();
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) fn();
  const c = process.cpuUsage(c0);
  console.log(`${name.padEnd(40)} ${((c.user + c.system) / n).toFixed(1).padStart(6)} µs per statement${allocated(fn)}`);
};
for (let round = 0; round < 2; round++) {
  time('outcome, one statement: before', () => before(false));
  time('outcome, one statement: after', () => after(false));
  time('outcome of a request (WITH): before', () => before(true));
  time('outcome of a request (WITH): after', () => after(true));
  time('outcome of a request (WITH): stop 23', stop23);
  time('settle a reply: before', settleBefore);
  time('settle a reply: after', settleAfter);
}
process.exit(0);
