// PostgreSQL is the system of record: whatever it shows as unfinished past its due time is
// queued again, so a Redis that lost its data (or a crash between commit and enqueue) loses
// no work. Also applies the retention policy to raw messages (SPEC §6 rule 13).
import { appendEvent } from '../adapters/db/events.repository.ts';
import { purgeRawBefore, unprocessedBefore } from '../adapters/db/messages.repository.ts';
import { pendingBefore, sentWithoutAuditEvent } from '../adapters/db/outbox.repository.ts';
import { stalledOperations } from '../adapters/db/directory-operations.repository.ts';
import { overdueResets } from '../adapters/db/tickets.repository.ts';
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

export async function sweepUnfinished(deps: Deps, options: { graceMs: number; retentionDays: number }): Promise<SweepResult> {
  const now = deps.now();
  const due = new Date(now.getTime() - options.graceMs);
  const result: SweepResult = { messages: 0, replies: 0, resets: 0, purged: 0, audited: 0 };

  const messages = await unprocessedBefore(deps.db, due, BATCH);
  for (const { id } of messages) if ((await deps.jobs.requeue('process-message', { messageId: id })) === 'queued') result.messages += 1;

  const replies = await pendingBefore(deps.db, due, BATCH);
  for (const { id } of replies) if ((await deps.jobs.requeue('send-reply', { outboxId: id })) === 'queued') result.replies += 1;

  const resets = await overdueResets(deps.db, due, BATCH);
  for (const { id, dueAt } of resets)
    if ((await deps.jobs.requeue('reset-2fa', { ticketId: id, dueAt: dueAt?.getTime() ?? 0 })) === 'queued') result.resets += 1;
  // External resets recorded but left without a job (Redis lost it, or a crash before enqueue).
  const operations = await stalledOperations(deps.db, due, BATCH);
  for (const { id } of operations) if ((await deps.jobs.requeue('directory-reset', { operationId: id })) === 'queued') result.resets += 1;

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
  const rows = await sentWithoutAuditEvent(deps.db, since, due, BATCH);
  for (const row of rows) await deps.db.transaction((tx) => appendEvent(tx, replySentEvent(row)));
  return rows.length;
}

/** Raw bytes of messages whose ticket closed (or that had none) before the cutoff; verdicts stay. */
async function purgeExpiredRaw(deps: Deps, cutoff: Date): Promise<number> {
  return deps.db.transaction(async (tx) => {
    const purged = await purgeRawBefore(tx, cutoff, deps.now());
    if (purged.length > 0) {
      await appendEvent(tx, {
        ticketId: null,
        type: 'raw_purged',
        actor: 'system',
        data: { count: purged.length, cutoff: cutoff.toISOString(), messageIds: purged.slice(0, 1000) },
      });
    }
    return purged.length;
  });
}
