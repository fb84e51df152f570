// THE job catalog: every job's name, payload schema and retry policy in one place.
// Handlers are keyed by the same names (see workers.ts), so a job without a handler
// does not compile.
import { z } from 'zod';

export const JOBS = {
  'process-message': {
    queue: 'inbound',
    payload: z.object({ messageId: z.number().int().positive() }),
    attempts: 5,
    backoffMs: 2_000,
    jobId: (p: { messageId: number }) => `msg-${p.messageId}`,
  },
  // Up to PROCESS_BATCH messages stored together (steps/process-batch.ts). A message that fails in
  // it goes on in a process-message job of its own, so the attempts here only cover the batch's
  // own statements and the hand-off.
  'process-messages': {
    queue: 'inbound',
    payload: z.object({ messageIds: z.array(z.number().int().positive()).min(1).max(64) }),
    attempts: 5,
    backoffMs: 2_000,
    jobId: (p: { messageIds: number[] }) => `msgs-${p.messageIds.join('-')}`,
  },
  'send-reply': {
    queue: 'outbound',
    payload: z.object({ outboxId: z.number().int().positive() }),
    attempts: 8,
    backoffMs: 5_000,
    jobId: (p: { outboxId: number }) => `out-${p.outboxId}`,
  },
  'reset-2fa': {
    queue: 'resets',
    // dueAt is part of the id: a ticket approved again after a voided approval gets a new job.
    payload: z.object({ ticketId: z.number().int().positive(), dueAt: z.number().int().nonnegative().optional() }),
    attempts: 8,
    backoffMs: 10_000,
    jobId: (p: { ticketId: number; dueAt?: number | undefined }) => `reset-${p.ticketId}-${p.dueAt ?? 0}`,
    // Run early (a clock ahead, a due date moved later), the step answers not_due: the job
    // waits again until then, without using an attempt.
    waitsUntilDue: true,
  },
  // An external reset (steps/directory-reset.ts, SPEC §9): the step owns its retries (same
  // idempotency key, backoff, until DIRECTORY_RETRY_FOR) by answering not_due with the delay;
  // BullMQ's attempts only cover crashes and errors outside the directory calls.
  'directory-reset': {
    queue: 'resets',
    payload: z.object({ operationId: z.number().int().positive() }),
    attempts: 8,
    backoffMs: 10_000,
    jobId: (p: { operationId: number }) => `dir-reset-${p.operationId}`,
    waitsUntilDue: true,
  },
  // Agents are told (steps/notify-agents.ts): `afterBatch` makes the next batch (one job per
  // previous batch, so at most one batch per NOTIFY_INTERVAL); `deliveryId` sends one recipient's copy.
  'notify-agents': {
    queue: 'outbound',
    payload: z.union([z.object({ afterBatch: z.number().int().nonnegative() }).strict(), z.object({ deliveryId: z.number().int().positive() }).strict()]),
    attempts: 8,
    backoffMs: 5_000,
    jobId: (p: { afterBatch: number } | { deliveryId: number }) => ('deliveryId' in p ? `notify-delivery-${p.deliveryId}` : `notify-after-${p.afterBatch}`),
  },
} as const;

export type JobName = keyof typeof JOBS;

/** A handler's answer that its job ran before it was due, and how long until it is. */
export interface NotDue {
  result: 'not_due';
  delayMs?: number | undefined;
}

/** For a job that waits until due: the delay a handler's result asks for, or null to finish. */
export function notDueDelay(name: JobName, result: unknown): number | null {
  if (!('waitsUntilDue' in JOBS[name])) return null;
  const answer = result as Partial<NotDue> | null;
  return answer?.result === 'not_due' && answer.delayMs && answer.delayMs > 0 ? answer.delayMs : null;
}
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]['payload']>;
export type QueueName = (typeof JOBS)[JobName]['queue'];
export const QUEUE_NAMES: readonly QueueName[] = [...new Set(Object.values(JOBS).map((job) => job.queue))];

/** What steps use to queue work: they never see BullMQ itself. */
export interface JobQueue {
  add<N extends JobName>(name: N, payload: JobPayload<N>, options?: { delayMs?: number }): Promise<void>;
  /** Many jobs of one kind in one round trip. */
  addBulk<N extends JobName>(name: N, payloads: JobPayload<N>[]): Promise<void>;
  /**
   * Queues the job again even when a finished or failed job with the same id is kept:
   * for the sweeper and for replaying quarantined mail. A job still waiting or running is left.
   */
  requeue<N extends JobName>(name: N, payload: JobPayload<N>, options?: { delayMs?: number }): Promise<'queued' | 'already_queued'>;
}
