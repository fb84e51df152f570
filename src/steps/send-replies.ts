// The replies a batch of messages queued (steps/process-batch.ts), sent by one job instead of one
// job each: the queue's work per reply (add, fetch, lock, finish) is paid once per batch. Each reply
// still goes through sendReply alone — its own claim, SMTP and "sent" — so exactly-once is the
// single job's. Failure stays per reply: a reply that throws is handed to a send-reply job of its
// own (its retries and backoff are that job's), never sent again with its neighbours; a reply
// already sent is skipped wherever it is met again (its claim finds it no longer pending).
import { safeErrorMessage } from '../adapters/db/errors.ts';
import { JOBS } from '../adapters/queue/jobs.ts';
import type { Deps } from './deps.ts';
import { sendReply, type SendResult } from './send-reply.ts';

export interface RepliesResult {
  /** What each reply this job ran came to (sent, already sent, suppressed), by outbox id. */
  results: Map<number, SendResult>;
  /** Replies handed to a job of their own. */
  handedOff: number[];
}

export async function sendReplies(deps: Deps, outboxIds: number[]): Promise<RepliesResult> {
  const results = new Map<number, SendResult>();
  const failed: number[] = [];
  await Promise.all(
    outboxIds.map(async (id) => {
      try {
        results.set(id, await sendReply(deps, id));
      } catch (error) {
        deps.log.warn({ outboxId: id, err: safeErrorMessage(error) }, 'reply failed in a batch: handed to a job of its own');
        failed.push(id);
      }
    }),
  );
  // If this throws, the batch job is retried (the queue's attempts) and the replies sent are skipped then.
  for (const outboxId of failed) await deps.jobs.requeue('send-reply', { outboxId }, { delayMs: JOBS['send-reply'].backoffMs });
  return { results, handedOff: failed };
}
