// Bad input and odd mailboxes: poison messages in the middle of a burst, mail marked \Seen by
// someone else, quarantine replay through the CLI after a limit is raised, retention.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { inboundMessages, ticketEvents, tickets } from '../../src/adapters/db/schema/index.ts';
import { createApp, startWorker } from '../../src/main.ts';
import { sweepUnfinished } from '../../src/steps/sweep-unfinished.ts';
import pino from 'pino';
import { createTestEnv, offlineResolver, type TestEnv } from '../support/app.ts';
import { DEFAULT_DOVECOT_USER, startDovecot, type Dovecot } from '../support/dovecot.ts';
import { buildMail, COMPLETE_REQUEST_EN } from '../support/mail.ts';
import { REDIS_URL } from '../support/run.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { waitFor } from '../support/wait.ts';
import { appendAll, people, requestFor, seedPeople } from '../support/chaos/burst.ts';
import { runCli } from '../support/chaos/processes.ts';

let dovecot: Dovecot;
let sink: SmtpSink;
const envs: TestEnv[] = [];

beforeAll(async () => {
  [dovecot, sink] = await Promise.all([startDovecot(), startSmtpSink()]);
});
afterAll(async () => {
  for (const env of envs) await env.close();
  await Promise.all([dovecot?.stop(), sink?.close()]);
});

async function envFor(mailbox: string, overrides: Record<string, string> = {}): Promise<TestEnv> {
  const env = await createTestEnv({ IMAP_URL: dovecot.imapUrl(DEFAULT_DOVECOT_USER, mailbox), SMTP_URL: sink.url, IMAP_POLL_INTERVAL: '5s', ...overrides });
  envs.push(env);
  return env;
}

const pass = () => dovecot.users[0]!.password;

/** Thousands of nested multiparts, each one level deeper than the last. */
function endlessNesting(depth: number): Buffer {
  const head = ['From: nest@nest.example', 'To: support@bpart.test', 'Subject: nested', 'Message-ID: <nest@nest.example>', 'MIME-Version: 1.0'];
  let body = 'Content-Type: text/plain\r\n\r\nthe bottom\r\n';
  for (let i = depth; i > 0; i--) body = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${body}--b${i}--\r\n`;
  return Buffer.from(`${head.join('\r\n')}\r\n${body}`);
}

/** A header block of ~400 KB of encoded words (a parser bomb for header decoding). */
function headerBomb(): Buffer {
  const words = Array.from({ length: 8000 }, () => ' =?UTF-8?B?w6nDqcOpw6nDqcOpw6nDqcOp?=').join('\r\n');
  return Buffer.from(
    `From: bomb@bomb.example\r\nTo: support@bpart.test\r\nSubject:${words}\r\nMessage-ID: <bomb@bomb.example>\r\nContent-Type: text/plain\r\n\r\nhi\r\n`,
  );
}

/** A 50 MB message (a base64 attachment). */
function huge(): Buffer {
  const line = `${'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo'.repeat(2)}\r\n`;
  const body = line.repeat(Math.ceil((50 * 1024 * 1024) / line.length));
  return Buffer.from(
    `From: huge@huge.example\r\nTo: support@bpart.test\r\nSubject: big\r\nMessage-ID: <huge@huge.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--x\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n${body}--x--\r\n`,
  );
}

test('poison messages in the middle of a burst are quarantined with a reason and everything after them flows', { timeout: 120_000 }, async () => {
  const env = await envFor('Poison');
  const { db } = env.app.deps;
  const list = people(40, 'poison');
  await seedPeople(db, env.app.deps.secrets, list);
  const before = list.slice(0, 20).map((p, i) => requestFor(p, i, 'poison'));
  const after = list.slice(20).map((p, i) => requestFor(p, i + 20, 'poison'));
  await appendAll(dovecot.port, DEFAULT_DOVECOT_USER, pass(), 'Poison', before);
  env.startWorker();
  await appendAll(dovecot.port, DEFAULT_DOVECOT_USER, pass(), 'Poison', [endlessNesting(5000), headerBomb(), huge()]);
  await appendAll(dovecot.port, DEFAULT_DOVECOT_USER, pass(), 'Poison', after);
  const started = Date.now();
  await waitFor(
    async () => {
      const [row] = await db.execute<{ done: number; tickets: number }>(
        sql`select (select count(*)::int from inbound_messages where status <> 'stored') as done, (select count(*)::int from tickets) as tickets`,
      );
      return row?.done === 43 && row.tickets === 40;
    },
    { timeoutMs: 90_000, intervalMs: 250, what: '43 messages finished and 40 tickets' },
  );
  const quarantined = await db
    .select({ uid: inboundMessages.uid, reason: inboundMessages.reason, size: inboundMessages.size })
    .from(inboundMessages)
    .where(eq(inboundMessages.status, 'quarantined'))
    .orderBy(inboundMessages.uid);
  expect(quarantined.map((q) => q.reason)).toEqual(['too_many_parts', 'headers_too_large', 'too_large']);
  expect(quarantined[2]!.size).toBeGreaterThan(50 * 1024 * 1024);
  // Everything after the poison has its ticket and its acknowledgement.
  const outcomes = await db.select({ uid: inboundMessages.uid, outcome: inboundMessages.outcome }).from(inboundMessages).orderBy(inboundMessages.uid);
  expect(outcomes.slice(-20).every((m) => m.outcome === 'ticket_opened')).toBe(true);
  await waitFor(async () => (await db.execute<{ n: number }>(sql`select count(*)::int as n from outbox where status = 'sent'`))[0]?.n === 40, {
    timeoutMs: 30_000,
    what: '40 replies sent',
  });
  // Operators see the reasons on /metrics.
  const metrics = await env.app.metrics.registry.metrics();
  for (const reason of ['too_many_parts', 'headers_too_large', 'too_large'])
    expect(metrics).toContain(`recovery_desk_messages_quarantined{reason="${reason}"} 1`);
  console.info(JSON.stringify({ chaos: 'poison', secondsToDrain: (Date.now() - started) / 1000 }));
  await env.stopWorker();
});

test('mail marked \\Seen by someone else before the reader saw it is still processed', { timeout: 60_000 }, async () => {
  const env = await envFor('Seen');
  const { db } = env.app.deps;
  const [early, late] = people(2, 'seen');
  await seedPeople(db, env.app.deps.secrets, [early!, late!]);
  // Read in Outlook before the worker ever ran, and read while the worker idles.
  await appendAll(dovecot.port, DEFAULT_DOVECOT_USER, pass(), 'Seen', [requestFor(early!, 0, 'seen')], ['\\Seen']);
  const worker = env.startWorker();
  await worker.reader!.ready;
  await appendAll(dovecot.port, DEFAULT_DOVECOT_USER, pass(), 'Seen', [requestFor(late!, 1, 'seen')], ['\\Seen']);
  await waitFor(async () => (await db.select().from(tickets)).length === 2, { timeoutMs: 30_000, what: 'two tickets' });
  await env.stopWorker();
});

test(
  'a message quarantined for a limit reaches a ticket after the limit is raised and it is replayed through the CLI; retention purges it later',
  { timeout: 90_000 },
  async () => {
    const env = await envFor('Replay', { MAX_MESSAGE_BYTES: '2048' });
    const { db } = env.app.deps;
    const [person] = people(1, 'replay');
    await seedPeople(db, env.app.deps.secrets, [person!]);
    const padded = `${COMPLETE_REQUEST_EN}\n\n${'P.S. '.padEnd(3000, 'x')}`;
    await appendAll(dovecot.port, DEFAULT_DOVECOT_USER, pass(), 'Replay', [
      buildMail({ from: person!.email, body: padded.replace('Sarah Connor', person!.fullName).replaceAll('Northwind Traders', person!.organisation) }),
    ]);
    env.startWorker();
    const [row] = await waitFor(
      async () => {
        const rows = await db.select().from(inboundMessages).where(eq(inboundMessages.status, 'quarantined'));
        return rows.length === 1 && rows;
      },
      { timeoutMs: 30_000, what: 'the message quarantined' },
    );
    expect(row!.reason).toBe('too_large');
    await env.stopWorker();

    // The operator raises the limit (a new worker with the new configuration) and replays.
    const raised = { ...env.config, MAX_MESSAGE_BYTES: 25 * 1024 * 1024 };
    const app = createApp(raised, pino({ level: 'silent' }), { resolver: offlineResolver });
    const running = startWorker(app);
    try {
      const cliEnv = {
        DATABASE_URL: env.config.DATABASE_URL,
        REDIS_URL,
        QUEUE_PREFIX: env.config.QUEUE_PREFIX,
        SECRETS_KEY: '11'.repeat(32),
        MESSAGE_HMAC_KEY: 'test-hmac-key-0123456789',
        SUPPORT_ADDRESS: 'support@bpart.test',
        LOG_LEVEL: 'silent',
      };
      const list = await runCli(['quarantine', 'list', '--json'], cliEnv);
      expect(list.code, list.stderr).toBe(0);
      const listed = JSON.parse(list.stdout) as { id: number; reason: string; replayable: boolean }[];
      expect(listed).toEqual([expect.objectContaining({ id: row!.id, reason: 'too_large', replayable: true })]);
      const replay = await runCli(['quarantine', 'replay', String(row!.id), '--json'], cliEnv);
      expect(replay.code, replay.stderr).toBe(0);
      expect(JSON.parse(replay.stdout)).toEqual([{ messageId: row!.id, previousReason: 'too_large' }]);
      const ticket = await waitFor(async () => (await db.select().from(tickets))[0], { timeoutMs: 30_000, what: 'a ticket from the replayed message' });
      const [message] = await db.select().from(inboundMessages).where(eq(inboundMessages.id, row!.id));
      expect(message).toMatchObject({ status: 'processed', outcome: 'ticket_opened', ticketId: ticket.id });
      const replayed = await db.select().from(ticketEvents).where(eq(ticketEvents.type, 'message_replayed'));
      expect(replayed[0]?.data).toMatchObject({ messageId: row!.id, previousReason: 'too_large' });
      await waitFor(async () => (await db.execute<{ n: number }>(sql`select count(*)::int as n from outbox where status = 'sent'`))[0]?.n === 1, {
        timeoutMs: 20_000,
        what: 'the acknowledgement sent',
      });

      // Retention: the ticket closes; 29 days later the raw bytes are still there, 31 days later
      // they are gone, the verdicts and the audit trail stay, and the purge itself is audited.
      const closedAt = new Date();
      await db.update(tickets).set({ status: 'rejected', closedAt }).where(eq(tickets.id, ticket.id));
      const day = 86_400_000;
      const sweepAt = (ms: number) => sweepUnfinished({ ...app.deps, now: () => new Date(closedAt.getTime() + ms) }, { graceMs: 30_000, retentionDays: 30 });
      expect((await sweepAt(29 * day)).purged).toBe(0);
      const eventsBefore = (await db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id))).length;
      expect((await sweepAt(31 * day)).purged).toBe(1);
      const [purged] = await db.select().from(inboundMessages).where(eq(inboundMessages.id, row!.id));
      expect(purged!.raw).toBeNull();
      expect(purged!.rawPurgedAt).not.toBeNull();
      expect(purged).toMatchObject({ outcome: 'ticket_opened', kind: 'recovery_request', authenticated: true });
      expect(purged!.auth).toMatchObject({ authenticated: true });
      expect(purged!.analysis).toMatchObject({ kind: 'recovery_request' });
      expect((await db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id))).length).toBe(eventsBefore);
      const purgeEvents = await db.select().from(ticketEvents).where(eq(ticketEvents.type, 'raw_purged'));
      expect(purgeEvents).toHaveLength(1);
      expect(purgeEvents[0]!.data).toMatchObject({ count: 1, messageIds: [row!.id] });
      expect((await sweepAt(32 * day)).purged).toBe(0); // once
      const audit = await runCli(['audit', 'verify', '--json'], cliEnv);
      expect(audit.code, `${audit.stdout}${audit.stderr}`).toBe(0);
    } finally {
      await running.stop();
      await app.close();
    }
  },
);
