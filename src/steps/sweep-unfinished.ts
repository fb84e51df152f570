// PostgreSQL is the system of record: whatever it shows as unfinished past its due time is
// queued again, so a Redis that lost its data (or a crash between commit and enqueue) loses
// no work. Also applies the retention policy to raw messages (SPEC §6 rule 13).
import { and, eq, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { appendEvent } from '../adapters/db/events.repository.ts';
import { inboundMessages, outbox, tickets } from '../adapters/db/schema/index.ts';
import type { Deps } from './deps.ts';
import { sweepNotifications } from './notify-agents.ts';
import { replySentEvent } from './send-reply.ts';

export interface SweepResult {
  messages: number;
  replies: number;
  resets: number;
  purged: number;
  /** Sent replies whose audit event a crash had lost, written now. */
  audited: number;
}

const BATCH = 1000;
const CLOSED = ['done', 'rejected', 'cancelled', 'unmatched'] as const;

export async function sweepUnfinished(deps: Deps, options: { graceMs: number; retentionDays: number }): Promise<SweepResult> {
  const now = deps.now();
  const due = new Date(now.getTime() - options.graceMs);
  const result: SweepResult = { messages: 0, replies: 0, resets: 0, purged: 0, audited: 0 };

  const messages = await deps.db
    .select({ id: inboundMessages.id })
    .from(inboundMessages)
    .where(and(eq(inboundMessages.status, 'stored'), lt(inboundMessages.receivedAt, due)))
    .orderBy(inboundMessages.id)
    .limit(BATCH);
  for (const { id } of messages) if ((await deps.jobs.requeue('process-message', { messageId: id })) === 'queued') result.messages += 1;

  const replies = await deps.db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), lt(outbox.createdAt, due)))
    .orderBy(outbox.id)
    .limit(BATCH);
  for (const { id } of replies) if ((await deps.jobs.requeue('send-reply', { outboxId: id })) === 'queued') result.replies += 1;

  const resets = await deps.db
    .select({ id: tickets.id, dueAt: tickets.resetDueAt })
    .from(tickets)
    .where(and(eq(tickets.status, 'approved'), lt(tickets.resetDueAt, due)))
    .limit(BATCH);
  for (const { id, dueAt } of resets) if ((await deps.jobs.requeue('reset-2fa', { ticketId: id, dueAt: dueAt?.getTime() ?? 0 })) === 'queued') result.resets += 1;

  result.replies += await sweepNotifications(deps, due);
  result.audited = await auditSentReplies(deps, due);
  result.purged = await purgeExpiredRaw(deps, new Date(now.getTime() - options.retentionDays * 86_400_000));
  if (result.messages + result.replies + result.resets + result.audited > 0) deps.log.warn(result, 'sweeper queued unfinished work again');
  return result;
}

/**
 * A reply is marked sent the moment SMTP accepts it and audited just after; a crash in between
 * leaves a sent reply without its `reply_sent` event. Looks back one day (a crash is noticed
 * within a sweep interval), so the scan stays small however old the installation is.
 */
async function auditSentReplies(deps: Deps, due: Date): Promise<number> {
  const since = new Date(due.getTime() - 86_400_000);
  const rows = await deps.db.execute<{ id: number; ticket_id: number | null; kind: string; to_address: string }>(sql`
    select o.id, o.ticket_id, o.kind, o.to_address from outbox o
    where o.status = 'sent' and o.sent_at >= ${since.toISOString()}::timestamptz and o.sent_at < ${due.toISOString()}::timestamptz
      and not exists (select 1 from ticket_events e
                      where (e.ticket_id = o.ticket_id or (o.ticket_id is null and e.ticket_id is null)) and e.type = 'reply_sent'
                        and e.created_at >= ${since.toISOString()}::timestamptz and e.data->>'outboxId' = o.id::text)
    order by o.id limit ${BATCH}`);
  for (const row of rows) {
    await deps.db.transaction((tx) => appendEvent(tx, replySentEvent({ id: Number(row.id), ticketId: row.ticket_id, kind: row.kind, toAddress: row.to_address })));
  }
  return rows.length;
}

/** Raw bytes of messages whose ticket closed (or that had none) before the cutoff; verdicts stay. */
async function purgeExpiredRaw(deps: Deps, cutoff: Date): Promise<number> {
  const closedTickets = deps.db
    .select({ id: tickets.id })
    .from(tickets)
        // A plain sql`` expression has no column type for drizzle to map a Date with: pass the
    // instant as text and cast it (a Date here made every purge fail).
    .where(and(inArray(tickets.status, [...CLOSED]), sql`coalesce(${tickets.closedAt}, ${tickets.updatedAt}) < ${cutoff.toISOString()}::timestamptz`));
  return deps.db.transaction(async (tx) => {
    const purged = await tx
      .update(inboundMessages)
      .set({ raw: null, rawPurgedAt: deps.now() })
      .where(
        and(
          isNotNull(inboundMessages.raw),
          or(
            inArray(inboundMessages.ticketId, closedTickets),
            and(isNull(inboundMessages.ticketId), inArray(inboundMessages.status, ['processed', 'quarantined']), lt(inboundMessages.processedAt, cutoff)),
          ),
        ),
      )
      .returning({ id: inboundMessages.id });
    if (purged.length > 0) {
      await appendEvent(tx, { ticketId: null, type: 'raw_purged', actor: 'system', data: { count: purged.length, cutoff: cutoff.toISOString(), messageIds: purged.map((p) => p.id).slice(0, 1000) } });
    }
    return purged.length;
  });
}
