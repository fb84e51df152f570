// First start on a mailbox with history (SPEC §3): IMAP_START=now|all|DATE decides what the
// first sync reads; older mail is left alone (not stored, not flagged) and counted in the log;
// the start point stays the first start's after a UIDVALIDITY change; REPLY_MAX_AGE keeps old
// requests from any automatic answer. Real Dovecot, PostgreSQL, Redis, workers and SMTP sink.
import { eq, sql } from 'drizzle-orm';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { inboundMessages, mailboxCursors, outbox, tickets } from '../../src/adapters/db/schema/index.ts';
import { toText } from '../../src/web/html.ts';
import { ticketPage } from '../../src/web/views/ticket.ts';
import { consoleQueue, consoleTicket } from '../../src/steps/console-view.ts';
import { createTestEnv, type TestEnv } from '../support/app.ts';
import { people, requestFor, seedPeople, otherMail, type Person } from '../support/chaos/burst.ts';
import { DEFAULT_DOVECOT_USER, startDovecot, type Dovecot } from '../support/dovecot.ts';
import { buildMail, COMPLETE_REQUEST_EN } from '../support/mail.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { waitFor } from '../support/wait.ts';

let dovecot: Dovecot;
let sink: SmtpSink;
const envs: TestEnv[] = [];
const DAY = 86_400_000;
const ago = (ms: number) => new Date(Date.now() - ms);

beforeAll(async () => {
  [dovecot, sink] = await Promise.all([startDovecot(), startSmtpSink()]);
});
afterAll(async () => {
  for (const env of envs) await env.close();
  await Promise.all([dovecot?.stop(), sink?.close()]);
});

/** A test installation reading `mailbox`, whose info logs the test reads as an operator would. */
async function envFor(mailbox: string, overrides: Record<string, string | undefined>): Promise<{ env: TestEnv; logs: string[] }> {
  const logs: string[] = [];
  const env = await createTestEnv(
    { IMAP_URL: dovecot.imapUrl(DEFAULT_DOVECOT_USER, mailbox), SMTP_URL: sink.url, IMAP_POLL_INTERVAL: '2s', IMAP_RECONCILE_INTERVAL: '1s', ...overrides },
    { logTo: { write: (line: string) => void logs.push(line) } },
  );
  envs.push(env);
  return { env, logs };
}

const leftAlone = (logs: string[]) => logs.map((line) => (JSON.parse(line) as { msg: string }).msg).filter((msg) => msg.startsWith('left alone'));

const imap = <T>(fn: (client: ImapFlow) => Promise<T>): Promise<T> => dovecot.session(fn);

/** APPENDs each message with the internal date given (the server's clock when none). */
function appendDated(mailbox: string, messages: { raw: Buffer; at?: Date }[]): Promise<void> {
  return dovecot.appendDated(mailbox, messages);
}

/** Flags on the server, by Message-ID. */
async function serverFlags(mailbox: string): Promise<Map<string, string[]>> {
  return imap(async (client) => {
    const lock = await client.getMailboxLock(mailbox);
    const flags = new Map<string, string[]>();
    try {
      for await (const m of client.fetch('1:*', { envelope: true, flags: true })) flags.set(m.envelope?.messageId ?? '?', [...(m.flags ?? [])]);
    } finally {
      lock.release();
    }
    return flags;
  });
}

/** A request with every detail (name, organisation, explanation): its answer is the acknowledgement. */
const NAMES = ['Sarah Connor', 'Marie Dubois', 'Jan Peeters'];
const complete = (person: Person, i: number, tag: string) =>
  buildMail({
    from: person.email,
    body: COMPLETE_REQUEST_EN.replaceAll('Sarah Connor', person.fullName).replaceAll('Northwind Traders', person.organisation),
    messageId: idOf(person, i, tag),
  });
const named = (list: Person[]) => list.map((p, i) => ({ ...p, fullName: NAMES[i]!, organisation: 'Northwind Traders' }));

const idOf = (person: Person, i: number, tag: string) => `<burst-${tag}-${i}@${person.email.split('@')[1]}>`;
const storedIds = async (env: TestEnv) => (await env.app.deps.db.select({ id: inboundMessages.messageIdHeader }).from(inboundMessages)).map((r) => r.id).sort();
const cursorOf = async (env: TestEnv) => (await env.app.deps.db.select().from(mailboxCursors))[0]!;
const sentTo = (person: Person) => sink.messages.filter((m) => m.envelope.to.includes(person.email)).length;

async function ticketOf(env: TestEnv, person: Person) {
  return waitFor(async () => (await env.app.deps.db.select().from(tickets).where(eq(tickets.senderAddress, person.email)))[0], {
    timeoutMs: 30_000,
    what: `a ticket for ${person.email}`,
  });
}

async function settled(env: TestEnv, messages: number): Promise<void> {
  await waitFor(
    async () => {
      const [row] = await env.app.deps.db.execute<{ done: number; pending: number }>(
        sql`select (select count(*)::int from inbound_messages where status <> 'stored') as done, (select count(*)::int from outbox where status = 'pending') as pending`,
      );
      return row?.done === messages && row.pending === 0;
    },
    { timeoutMs: 30_000, what: `${messages} message(s) processed and every reply sent` },
  );
}

test(
  'IMAP_START=now (the default): 50 old requests are left alone, unflagged and counted in the log; one new request gives one ticket and one reply',
  { timeout: 90_000 },
  async () => {
    const { env, logs } = await envFor('Now', { IMAP_START: undefined });
    const tag = 'now';
    const list = people(52, tag);
    const old = list.slice(0, 50);
    const [fresh, movedIn] = list.slice(50);
    await seedPeople(env.app.deps.db, env.app.deps.secrets, list);
    // Two years of history, the last one minutes before the first start.
    await appendDated(
      'Now',
      old.map((person, i) => ({ raw: requestFor(person, i, tag), at: i === 49 ? ago(5 * 60_000) : ago((i + 1) * 14 * DAY) })),
    );
    const before = Date.now();
    await env.startWorker().reader!.ready;

    const cursor = await cursorOf(env);
    expect(cursor.startAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(leftAlone(logs)).toEqual([`left alone: 50 older than ${cursor.startAt!.toISOString()}`]);
    expect(await storedIds(env)).toEqual([]);

    await appendDated('Now', [{ raw: requestFor(fresh!, 50, tag) }]);
    await ticketOf(env, fresh!);
    await settled(env, 1);
    await waitFor(() => sentTo(fresh!) === 1, { timeoutMs: 20_000, what: 'the acknowledgement at the sink' });
    await waitFor(async () => (await serverFlags('Now')).get(idOf(fresh!, 50, tag))?.includes('$RecoveryDesk'), {
      timeoutMs: 20_000,
      what: 'the new request flagged',
    });

    // Several reconciliation passes later (every second here), the old mail is still alone.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await storedIds(env)).toEqual([idOf(fresh!, 50, tag)]);
    expect((await env.app.deps.db.select().from(tickets)).length).toBe(1);
    expect(sink.messages.filter((m) => m.envelope.to.some((to) => to.includes(`.${tag}`) || to.includes(`@${tag}`)))).toHaveLength(1);
    const flags = await serverFlags('Now');
    expect(old.map((person, i) => flags.get(idOf(person, i, tag)))).toEqual(old.map(() => []));

    // After the first sync, a message moved in from an archive (its old internal date kept) is
    // read, past the cursor, but REPLY_MAX_AGE keeps it from an automatic answer.
    await appendDated('Now', [{ raw: requestFor(movedIn!, 51, tag), at: ago(30 * DAY) }]);
    expect(((await ticketOf(env, movedIn!)).signals as { noAutoAnswer: string }).noAutoAnswer).toBe('too_old');
    await settled(env, 2);
    expect(sentTo(movedIn!)).toBe(0);
    await env.stopWorker();
  },
);

test('IMAP_START=all reads the whole history, and REPLY_MAX_AGE answers only what arrived within 7 days', { timeout: 90_000 }, async () => {
  const { env, logs } = await envFor('All', { IMAP_START: 'all' });
  const tag = 'all';
  const [years, eightDays, oneDay] = named(people(3, tag));
  await seedPeople(env.app.deps.db, env.app.deps.secrets, [years!, eightDays!, oneDay!]);
  await appendDated('All', [
    { raw: complete(years!, 0, tag), at: ago(3 * 365 * DAY) },
    { raw: complete(eightDays!, 1, tag), at: ago(8 * DAY) },
    { raw: complete(oneDay!, 2, tag), at: ago(1 * DAY) },
  ]);
  env.startWorker();
  await settled(env, 3);
  await waitFor(() => sentTo(oneDay!) === 1, { timeoutMs: 20_000, what: 'the acknowledgement of the 1-day-old request' });
  expect(leftAlone(logs)).toEqual([]);
  expect((await cursorOf(env)).startAt).toBeNull();

  // Every request has its ticket; the old ones wait for an agent, with the reason shown.
  for (const person of [years!, eightDays!]) {
    const ticket = await ticketOf(env, person);
    expect(await consoleQueue(env.app.deps, 'open')).toContainEqual(expect.objectContaining({ ref: ticket.ref }));
    expect((ticket.signals as { noAutoAnswer: string }).noAutoAnswer).toBe('too_old');
    const page = toText(ticketPage({ csrf: 'x' }, { ticket: (await consoleTicket(env.app.deps, ticket.ref))!, approvers: 1 }));
    expect(page).toContain('No automatic answer: the message is older than REPLY_MAX_AGE');
  }
  const control = await ticketOf(env, oneDay!);
  expect((control.signals as { noAutoAnswer: string | null }).noAutoAnswer).toBeNull();
  expect(toText(ticketPage({ csrf: 'x' }, { ticket: (await consoleTicket(env.app.deps, control.ref))!, approvers: 1 }))).not.toContain('No automatic answer');
  const rows = await env.app.deps.db.select({ to: outbox.toAddress, kind: outbox.kind }).from(outbox);
  expect(rows).toEqual([{ to: oneDay!.email, kind: 'acknowledgement' }]);
  expect([sentTo(years!), sentTo(eightDays!)]).toEqual([0, 0]);
  // The arrival stored is the server's internal date, not the time of storing.
  const [stored] = await env.app.deps.db
    .select({ arrivedAt: inboundMessages.arrivedAt, receivedAt: inboundMessages.receivedAt })
    .from(inboundMessages)
    .where(eq(inboundMessages.messageIdHeader, idOf(eightDays!, 1, tag)));
  expect(Math.abs(stored!.arrivedAt!.getTime() - ago(8 * DAY).getTime())).toBeLessThan(60_000);
  expect(Date.now() - stored!.receivedAt.getTime()).toBeLessThan(60_000);
  await env.stopWorker();
});

test('IMAP_START=DATE reads exactly what arrived since then; reconciliation restores a lost message but never the old ones', { timeout: 90_000 }, async () => {
  const start = new Date(Math.floor(ago(10 * DAY).getTime() / 1000) * 1000);
  const { env, logs } = await envFor('Since', { IMAP_START: start.toISOString() });
  const tag = 'since';
  const [twenty, hourBefore, hourAfter] = people(3, tag);
  await seedPeople(env.app.deps.db, env.app.deps.secrets, [twenty!, hourBefore!, hourAfter!]);
  const other = otherMail(0, tag);
  await appendDated('Since', [
    { raw: requestFor(twenty!, 0, tag), at: ago(20 * DAY) },
    { raw: requestFor(hourBefore!, 1, tag), at: new Date(start.getTime() - 3_600_000) }, // same day: SINCE alone would take it
    { raw: requestFor(hourAfter!, 2, tag), at: new Date(start.getTime() + 3_600_000) },
    { raw: other, at: ago(2 * DAY) },
  ]);
  env.startWorker();
  await settled(env, 2);
  expect(leftAlone(logs)).toEqual([`left alone: 2 older than ${start.toISOString()}`]);
  expect((await cursorOf(env)).startAt).toEqual(start);
  const afterId = idOf(hourAfter!, 2, tag);
  const otherId = '<other-since-0@x.example>';
  expect(await storedIds(env)).toEqual([afterId, otherId].sort());
  // Read since the date, but 10 days old: a ticket for an agent, no automatic answer.
  expect(((await ticketOf(env, hourAfter!)).signals as { noAutoAnswer: string }).noAutoAnswer).toBe('too_old');
  expect([sentTo(twenty!), sentTo(hourBefore!), sentTo(hourAfter!)]).toEqual([0, 0, 0]);
  await env.stopWorker();

  // A stored row is lost (a restore from an older backup): the next session's reconciliation
  // fetches it again, and the mail left alone at the first start stays alone.
  await env.app.deps.db.delete(inboundMessages).where(eq(inboundMessages.messageIdHeader, otherId));
  env.startWorker();
  await waitFor(async () => (await storedIds(env)).includes(otherId), { timeoutMs: 30_000, what: 'the lost message fetched again' });
  await settled(env, 2);
  expect(await storedIds(env)).toEqual([afterId, otherId].sort());
  expect(logs.some((line) => line.includes('reconciliation found messages that were never stored') && line.includes('"count":1'))).toBe(true);
  const flags = await serverFlags('Since');
  expect(flags.get(idOf(twenty!, 0, tag))).toEqual([]);
  expect(flags.get(idOf(hourBefore!, 1, tag))).toEqual([]);
  await env.stopWorker();
});

test('after a UIDVALIDITY change the first start’s point applies again: not everything, and not "now" at that later moment', { timeout: 90_000 }, async () => {
  const { env, logs } = await envFor('Valid', { IMAP_START: 'now' });
  const tag = 'valid';
  const [history, first, between] = people(3, tag);
  await seedPeople(env.app.deps.db, env.app.deps.secrets, [history!, first!, between!]);
  const historyMail = { raw: requestFor(history!, 0, tag), at: ago(3 * DAY) };
  await appendDated('Valid', [historyMail]);
  await env.startWorker().reader!.ready;
  const before = await cursorOf(env);
  const firstMail = { raw: requestFor(first!, 1, tag), at: new Date() };
  await appendDated('Valid', [firstMail]);
  await ticketOf(env, first!);
  await settled(env, 1);
  await env.stopWorker();

  // The mailbox is recreated (a server migration): new UIDVALIDITY, the same history, and a
  // request that arrived after the first start, before the migration.
  await imap(async (client) => {
    await client.mailboxDelete('Valid');
    await client.mailboxCreate('Valid');
  });
  const betweenMail = { raw: requestFor(between!, 2, tag), at: new Date(before.startAt!.getTime() + 1_000) };
  expect(betweenMail.at.getTime()).toBeLessThan(Date.now());
  await appendDated('Valid', [historyMail, firstMail, betweenMail]);
  await env.startWorker().reader!.ready;
  await ticketOf(env, between!);
  await settled(env, 2);
  await waitFor(() => sentTo(between!) === 1, { timeoutMs: 20_000, what: 'the acknowledgement of the request from between' });

  const after = await cursorOf(env);
  expect(after.uidValidity).not.toBe(before.uidValidity);
  expect(after.startAt).toEqual(before.startAt);
  expect(leftAlone(logs)).toEqual([`left alone: 1 older than ${before.startAt!.toISOString()}`, `left alone: 1 older than ${before.startAt!.toISOString()}`]);
  expect(logs.some((line) => line.includes('UIDVALIDITY changed'))).toBe(true);
  // The history never stored; the first request stored once (same bytes) and answered once.
  expect(await storedIds(env)).toEqual([idOf(first!, 1, tag), idOf(between!, 2, tag)].sort());
  expect([sentTo(history!), sentTo(first!), sentTo(between!)]).toEqual([0, 1, 1]);
  expect((await serverFlags('Valid')).get(idOf(history!, 0, tag))).toEqual([]);
  await env.stopWorker();
});
