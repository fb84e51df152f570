// Stop 23, second part: the main thread's allocation per reply and per log line, before and after,
// measured apart (no I/O, no database): the reply's claim (drizzle's building, as claimOutbox had
// it, against claimRead's fixed strings), its settle (drizzle's sql template against settleRead's
// fixed text), and one "message processed" line through pino with its `redact` option against the
// logger's redaction (log-redaction.ts), both written to a stream that drops them. Rounds A B B A.
// With --expose-gc and a young generation large enough that nothing is collected meanwhile, each
// line also gives the bytes allocated per call:
//   RECOVERY_DESK_ENV=development node --expose-gc --min-semi-space-size=128 --max-semi-space-size=128 bench/micro/reply-and-log.ts
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pino from 'pino';
import { Writable } from 'node:stream';
import { claimRead, settleRead, type ReplyLinks } from '../../src/adapters/db/outbox.repository.ts';
import { eventInsertWhen } from '../../src/adapters/db/events.repository.ts';
import { drizzleClaimRead } from '../../test/support/claim-reference.ts';
import { CENSOR, redactingChildren, redaction, REDACTED_PATHS } from '../../src/adapters/log-redaction.ts';

const dialect = new PgDialect();
const now = new Date();
const windows = [
  { since: new Date(now.getTime() - 3_600_000), max: 5 },
  { since: new Date(now.getTime() - 86_400_000), max: 20 },
];
const links: ReplyLinks = {
  confirm: { placeholder: '{{confirm-link}}', tokenHash: 'c'.repeat(64), expiresAt: new Date(now.getTime() + 86_400_000) },
  cancel: { placeholder: '{{cancel-link}}', tokenHash: 'd'.repeat(64) },
  dispute: { placeholder: '{{dispute-link}}', tokenHash: 'e'.repeat(64), createdAt: now },
};

const claimBefore = () => drizzleClaimRead(42, windows, links);
const claimAfter = () => claimRead(42, windows, links);

const event = { ticketId: 4242, type: 'reply_sent', actor: 'system', data: { outboxId: 9, kind: 'acknowledgement', to: 'anna@example.nl' } };
const changes = { status: 'sent' as const, sentAt: now, error: null };
function settleBefore() {
  return dialect.sqlToQuery(sql`with settled as (update outbox set status = ${changes.status}, sent_at = coalesce(${changes.sentAt.toISOString()}::timestamptz, sent_at),
        error = ${changes.error}::text where id = ${9}::bigint and status = 'pending' returning id),
      w0 as (${eventInsertWhen(event, sql`exists (select 1 from settled)`)}) select id from settled`);
}
const settleAfter = () => settleRead(9, changes, event);

const drop = () => new Writable({ write: (_chunk, _encoding, done) => done() });
const base = { service: 'recovery-desk' };
const logBefore = pino({ base, redact: { paths: REDACTED_PATHS, censor: CENSOR } }, drop()).child({ jobId: '1234' });
const logAfter = redactingChildren(pino({ base, ...redaction }, drop())).child({ jobId: '1234' });
const line = (log: pino.Logger) => () =>
  log.info({ messageId: 12345, outcome: 'ticket_opened', kind: 'recovery_request', ticketId: 4242 }, 'message processed');

const gc = (globalThis as { gc?: () => void }).gc;
const allocated = (fn: () => unknown, n = 200) => {
  if (!gc) return '';
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < n; i++) fn();
  return `, ${((process.memoryUsage().heapUsed - before) / n / 1024).toFixed(2).padStart(6)} KiB allocated`;
};
const time = (name: string, fn: () => unknown, n = 20000) => {
  for (let i = 0; i < 3000; i++) fn();
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) fn();
  const c = process.cpuUsage(c0);
  console.log(`${name.padEnd(40)} ${((c.user + c.system) / n).toFixed(2).padStart(7)} µs per call${allocated(fn)}`);
};
const cases: [string, () => unknown, () => unknown][] = [
  ['claim a reply', claimBefore, claimAfter],
  ['settle a reply', settleBefore, settleAfter],
  ['a "message processed" log line', line(logBefore), line(logAfter)],
];
for (const order of ['AB', 'BA']) {
  for (const [name, a, b] of cases) {
    for (const which of order) time(`${name}: ${which === 'A' ? 'before' : 'after'}`, which === 'A' ? a : b);
  }
}
process.exit(0);
