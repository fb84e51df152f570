// Issue 3, inbound abuse on the real pipeline: a flood of forged requests naming many
// accounts, one genuine user writing again and again, and messages too big or too complex to
// parse (quarantined on the raw bytes, before any parser sees them).
import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { accounts, inboundMessages, outbox, tickets } from '../../src/adapters/db/schema/index.ts';
import { INBOUND_LIMITS } from '../../src/core/rate-limit.ts';
import { processMessage } from '../../src/steps/process-message.ts';
import { PROCESS_BATCH, storeMessages } from '../../src/steps/store-message.ts';
import { seedAccount, type TestEnv } from '../support/app.ts';
import {
  deliver,
  detailOf,
  expectTwoFactorUntouched,
  rawMessage,
  recipients,
  request,
  settleOutbox,
  sign,
  ticketCount,
  signingZone,
  useFreshEnvsWithSink,
} from '../support/security.ts';
import type { SmtpSink } from '../support/smtp-sink.ts';
import { waitFor } from '../support/wait.ts';

const { zone, key } = signingZone();

const pipeline = useFreshEnvsWithSink(zone);
const freshEnv = pipeline.freshEnv;
let sink: SmtpSink;
beforeAll(() => {
  sink = pipeline.sink();
});

async function queueCounts(e: TestEnv, name: 'inbound' | 'outbound') {
  return e.app.queues.byName.get(name)!.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
}

describe('a flood of forged requests', () => {
  test('1,000 forged requests naming 1,000 accounts: no mail, tickets capped by the unauthenticated limit, the rest throttled', async () => {
    const e = await freshEnv({ WORKER_CONCURRENCY: '16' });
    const N = 1000;
    const people = Array.from({ length: N }, (_, i) => ({ email: `user${i}@org${i}.example`, name: `User Number${i}` }));
    for (let i = 0; i < N; i += 50) {
      await Promise.all(people.slice(i, i + 50).map((p) => seedAccount(e, { email: p.email, fullName: p.name, organisations: [`Org ${p.name}`] })));
    }
    const raws = people.map((p) => rawMessage({ from: `${p.name} <${p.email}>`, body: request(p.name, `Org ${p.name}`) }));
    const stored = await storeMessages(
      e.app.deps,
      raws.map((raw) => ({ raw: Buffer.from(raw), source: 'ingest' as const })),
    );
    expect(stored.every((s) => s.created)).toBe(true);
    e.startWorker();
    await waitFor(
      async () => {
        const [row] = await e.app.deps.db.select({ n: count() }).from(inboundMessages).where(eq(inboundMessages.status, 'stored'));
        return row!.n === 0;
      },
      { timeoutMs: 80_000, intervalMs: 200, what: '1,000 messages processed' },
    );
    await settleOutbox(e);

    const cap = INBOUND_LIMITS.unauthenticated[0]!.max;
    const rows = await e.app.deps.db
      .select({ outcome: inboundMessages.outcome, reason: inboundMessages.reason, authenticated: inboundMessages.authenticated, kind: inboundMessages.kind })
      .from(inboundMessages);
    expect(rows).toHaveLength(N);
    expect(rows.every((r) => r.kind === 'recovery_request' && r.authenticated === false)).toBe(true);
    const opened = rows.filter((r) => r.outcome === 'ticket_opened');
    const throttled = rows.filter((r) => r.outcome === 'ignored' && r.reason?.startsWith('throttled_'));
    expect(opened).toHaveLength(cap);
    expect(throttled).toHaveLength(N - cap);
    expect(new Set(throttled.map((r) => r.reason))).toEqual(new Set(['throttled_unauthenticated']));
    expect(await ticketCount(e)).toBe(cap);
    // every ticket opened is marked unauthenticated for the agent
    const ticketRows = await e.app.deps.db.select({ signals: tickets.signals }).from(tickets);
    expect(ticketRows.every((t) => (t.signals as { senderAuthenticated: boolean; authReason: string }).senderAuthenticated === false)).toBe(true);
    expect(ticketRows.every((t) => (t.signals as { authReason: string }).authReason === 'no_aligned_pass')).toBe(true);

    // no mail out, nothing queued for it; the inbound queue drained (bounded)
    expect(await e.app.deps.db.select().from(outbox)).toEqual([]);
    expect(recipients(sink)).toEqual([]);
    const inbound = await queueCounts(e, 'inbound');
    expect(inbound).toMatchObject({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    expect(await queueCounts(e, 'outbound')).toMatchObject({ waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 });
    const [secrets] = await e.app.deps.db.select({ n: count() }).from(accounts).where(eq(accounts.mustEnrolTotp, false));
    expect(secrets!.n).toBe(N);
    await expectTwoFactorUntouched(e);
  }, 120_000);
});

describe('one genuine user writing again and again', () => {
  test('50 genuine requests over an hour: one ticket, one acknowledgement, the rest merged or throttled', async () => {
    const e = await freshEnv();
    await seedAccount(e, { email: 'alice@genuine.example', fullName: 'Alice Martin', organisations: ['Genuine BV'] });
    const raws = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        sign(
          rawMessage({ from: 'Alice Martin <alice@genuine.example>', subject: `Lost my 2FA device (${i + 1})`, body: request('Alice Martin', 'Genuine BV') }),
          { domain: 'genuine.example', key },
        ),
      ),
    );
    const stored = await storeMessages(
      e.app.deps,
      raws.map((raw) => ({ raw: Buffer.from(raw), source: 'ingest' as const })),
    );
    // one every 72 s over the past hour, on the pipeline's own clock
    const start = Date.now() - 3_600_000;
    for (const [i, s] of stored.entries()) {
      await processMessage({ ...e.app.deps, now: () => new Date(start + i * 72_000) }, s.id);
    }
    e.startWorker(); // sends what was queued; the queued process-message jobs find their rows done
    await settleOutbox(e);
    // 50 stored together: queued as batches of PROCESS_BATCH
    const batches = Math.ceil(50 / PROCESS_BATCH);
    await waitFor(async () => ((await queueCounts(e, 'inbound')).completed === batches ? true : undefined), { what: "the 50 messages' queued jobs seen" });

    const rows = await e.app.deps.db.select().from(inboundMessages).orderBy(inboundMessages.id);
    expect(rows.every((r) => r.status === 'processed' && r.authenticated === true)).toBe(true);
    expect(rows[0]!.outcome).toBe('ticket_opened');
    const outcomes = new Set(rows.slice(1).map((r) => `${r.outcome}:${r.reason}`));
    for (const outcome of outcomes) expect(outcome).toMatch(/^(ticket_updated:repeat_request|ignored:throttled_(sender|account|domain))$/);
    expect(outcomes).toContain('ticket_updated:repeat_request');
    expect([...outcomes].some((o) => o.startsWith('ignored:throttled_'))).toBe(true);
    expect(await ticketCount(e)).toBe(1);
    const detail = await detailOf(e, rows[0]!);
    expect(detail.signals).toMatchObject({ senderAuthenticated: true, authReason: 'dkim_aligned_pass' });
    expect(detail.replies.map((r) => [r.kind, r.to])).toEqual([['acknowledgement', 'alice@genuine.example']]);
    expect(recipients(sink)).toEqual(['alice@genuine.example']);
    await expectTwoFactorUntouched(e, ['alice@genuine.example']);
  });

  test('50 genuine requests arriving at once: still one ticket and one acknowledgement', async () => {
    const e = await freshEnv({ WORKER_CONCURRENCY: '16' });
    await seedAccount(e, { email: 'bob@genuine.example', fullName: 'Bob Peeters', organisations: ['Genuine BV'] });
    const raws = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        sign(rawMessage({ from: 'bob@genuine.example', subject: `2FA reset please #${i}`, body: request('Bob Peeters', 'Genuine BV') }), {
          domain: 'genuine.example',
          key,
        }),
      ),
    );
    e.startWorker();
    const rows = await deliver(e, raws, 30_000);
    expect(rows.filter((r) => r.outcome === 'ticket_opened')).toHaveLength(1);
    const limit = INBOUND_LIMITS.sender[0]!.max;
    expect(rows.filter((r) => r.outcome === 'ticket_updated')).toHaveLength(limit - 1);
    expect(rows.filter((r) => r.reason === 'throttled_sender')).toHaveLength(50 - limit);
    expect(await ticketCount(e)).toBe(1);
    expect(recipients(sink)).toEqual(['bob@genuine.example']);
    await expectTwoFactorUntouched(e, ['bob@genuine.example']);
  });
});
