// Agents are told (SPEC §7.2 NOTIFY_*). Ticket changes record notifications in their own
// transaction (tickets/events repositories); this step turns the pending ones into at most one
// batch per NOTIFY_INTERVAL, and sends each agent (and the webhook) its copy exactly once.
import { LOOP_HEADER } from '../core/auto-answer.ts';
import { ourMessageId } from '../core/message-id.ts';
import { groupNotifications, nextBatchAt, notificationText, webhookBody, type NotifiedTicket } from '../core/notify.ts';
import { safeErrorMessage } from '../adapters/db/errors.ts';
import {
  createBatch,
  dropPendingNotifications,
  findDelivery,
  lastBatch,
  lockBatches,
  markDelivery,
  oldestPendingNotification,
  pendingNotifications,
  unsentDeliveries,
} from '../adapters/db/notifications.repository.ts';
import type { JobPayload } from '../adapters/queue/jobs.ts';
import { postJson, redact } from '../adapters/webhook/post-json.ts';
import type { Deps } from './deps.ts';
import { supportDomain } from './queue-reply.ts';

type KickDeps = Pick<Deps, 'db' | 'jobs' | 'config' | 'now' | 'log'>;
const MAX_TICKETS = 200;
const EARLY_MS = 1000;

/**
 * After a commit that may have recorded notifications: queues the next batch for when the
 * interval allows. Never fails its caller (the sweeper calls it again every interval).
 */
export async function kickNotifications(deps: KickDeps): Promise<void> {
  try {
    const now = deps.now();
    if (deps.config.NOTIFY_AGENTS === 'off') {
      await dropPendingNotifications(deps.db, now);
      return;
    }
    const oldestPending = await oldestPendingNotification(deps.db);
    if (!oldestPending) return;
    const last = await lastBatch(deps.db);
    const due = nextBatchAt({ oldestPending, lastBatch: last?.createdAt ?? null, intervalMs: deps.config.NOTIFY_INTERVAL });
    const delayMs = Math.max(0, due.getTime() - now.getTime());
    await deps.jobs.requeue('notify-agents', { afterBatch: last?.id ?? 0 }, { delayMs });
  } catch (error) {
    deps.log.warn({ err: safeErrorMessage(error) }, 'could not queue the agents notification; the sweeper will');
  }
}

/** The sweeper's part: pending notifications and deliveries a crash or a lost Redis left behind. */
export async function sweepNotifications(deps: Deps, due: Date): Promise<number> {
  await kickNotifications(deps);
  const ids = await unsentDeliveries(deps.db, due, new Date(due.getTime() - 86_400_000), 1000);
  let queued = 0;
  for (const deliveryId of ids) if ((await deps.jobs.requeue('notify-agents', { deliveryId })) === 'queued') queued += 1;
  return queued;
}

export async function notifyAgents(deps: Deps, payload: JobPayload<'notify-agents'>) {
  return 'deliveryId' in payload ? deliver(deps, payload.deliveryId) : makeBatch(deps);
}

async function makeBatch(deps: Deps) {
  const now = deps.now();
  if (deps.config.NOTIFY_AGENTS === 'off') return { result: 'off' as const, dropped: await dropPendingNotifications(deps.db, now) };
  const made = await deps.db.transaction(async (tx) => {
    await lockBatches(tx);
    const last = await lastBatch(tx);
    const oldestPending = await oldestPendingNotification(tx);
    if (!oldestPending) return null;
    const due = nextBatchAt({ oldestPending, lastBatch: last?.createdAt ?? null, intervalMs: deps.config.NOTIFY_INTERVAL });
    if (due.getTime() - now.getTime() > EARLY_MS) return null;
    const pending = await pendingNotifications(tx, MAX_TICKETS * 4);
    if (pending.length === 0) return null;
    const items = groupNotifications(pending).slice(0, MAX_TICKETS);
    const kept = new Set(items.map((item) => item.ref));
    const ids = pending.filter((row) => kept.has(row.ref)).map((row) => row.id);
    const deliveryIds = await createBatch(tx, { notificationIds: ids, items, webhook: Boolean(deps.config.NOTIFY_WEBHOOK_URL), now });
    return { items, deliveryIds };
  });
  if (!made) {
    await kickNotifications(deps);
    return { result: 'nothing_due' as const };
  }
  await deps.jobs.addBulk(
    'notify-agents',
    made.deliveryIds.map((deliveryId) => ({ deliveryId })),
  );
  deps.log.info({ tickets: made.items.map((item) => item.ref), deliveries: made.deliveryIds.length }, 'agents notification batched');
  // Whatever arrived meanwhile (or did not fit) goes in the next batch, an interval later.
  await kickNotifications(deps);
  return { result: 'batched' as const, tickets: made.items.length, deliveries: made.deliveryIds.length };
}

async function deliver(deps: Deps, deliveryId: number) {
  const found = await findDelivery(deps.db, deliveryId);
  if (!found || found.delivery.sentAt) return { result: 'already_sent' as const };
  const { delivery, items } = found;
  await markDelivery(deps.db, delivery.id, { attempts: delivery.attempts + 1 });
  const webhookUrl = deps.config.NOTIFY_WEBHOOK_URL ?? '';
  try {
    if (delivery.target === 'webhook') {
      if (!webhookUrl) {
        await markDelivery(deps.db, delivery.id, { error: 'NOTIFY_WEBHOOK_URL is no longer set' });
        return { result: 'skipped' as const };
      }
      await postJson(webhookUrl, webhookBody(items, deps.config.PUBLIC_URL));
    } else {
      await deps.sendMail(agentMail(deps, delivery.id, delivery.toAddress ?? '', items));
    }
  } catch (error) {
    await markDelivery(deps.db, delivery.id, { error: redact(safeErrorMessage(error), webhookUrl).slice(0, 500) });
    throw Object.assign(new Error(redact(safeErrorMessage(error), webhookUrl)), { code: (error as { code?: string }).code });
  }
  // As for replies: recorded the moment the recipient accepted it; a crash in between sends it again.
  await markDelivery(deps.db, delivery.id, { sentAt: deps.now(), error: null });
  deps.log.info(
    { deliveryId: delivery.id, batchId: delivery.batchId, target: delivery.target === 'webhook' ? 'webhook' : 'agent', tickets: items.length },
    'agents notified',
  );
  return { result: 'sent' as const };
}

/** Not a reply to anyone: a notice, marked as ours so no auto-responder answers it. */
function agentMail(deps: Deps, deliveryId: number, to: string, items: NotifiedTicket[]) {
  const { subject, text } = notificationText(items, deps.config.PUBLIC_URL);
  return {
    from: deps.config.SUPPORT_ADDRESS,
    to,
    subject,
    text,
    messageId: ourMessageId(null, `notify${deliveryId}`, supportDomain(deps), deps.sign),
    inReplyTo: null,
    references: [],
    headers: {
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'All',
      [LOOP_HEADER]: deps.config.SUPPORT_ADDRESS,
      'X-Recovery-Desk-Kind': 'agent_notification',
    },
  };
}
