// Several stored messages in one job (a backlog stored together): their rows read by one
// statement, inspected concurrently, and the outcomes that write only the message's own row
// (plain mail, quarantines) written by one statement. Requests keep their own transaction,
// exactly as a single job runs it. Failure stays per message: a message whose processing throws
// is handed to a process-message job of its own (its retries, and its last attempt's
// quarantine, are that job's), never redone with its neighbours; a message already finished is
// skipped wherever it is met again (its status is no longer 'stored').
import { safeErrorMessage } from '../adapters/db/errors.ts';
import { finishMessages, messagesToProcess } from '../adapters/db/messages.repository.ts';
import { JOBS } from '../adapters/queue/jobs.ts';
import type { Deps } from './deps.ts';
import { processStored, type DeferredFinish, type ProcessOutcome } from './process-message.ts';

export interface BatchResult {
  /** Outcomes of the messages this job finished or found finished, by id. */
  outcomes: Map<number, ProcessOutcome>;
  /** Messages handed to a job of their own. */
  handedOff: number[];
}

export async function processBatch(deps: Deps, messageIds: number[]): Promise<BatchResult> {
  const outcomes = new Map<number, ProcessOutcome>();
  const failed = new Set<number>();
  try {
    const rows = await messagesToProcess(deps.db, messageIds, { maxBytes: deps.config.MAX_MESSAGE_BYTES });
    const deferred: DeferredFinish['deferred'][] = [];
    await Promise.all(
      messageIds.map(async (id) => {
        const row = rows.get(id);
        // No row: its own job says so (message.not_found, the catalog's meaning).
        if (!row) return failed.add(id);
        rows.delete(id); // its bytes are not held past its own processing
        try {
          const done = await processStored(deps, row, { defer: true });
          if ('deferred' in done) deferred.push(done.deferred);
          else outcomes.set(id, done);
        } catch (error) {
          deps.log.warn({ messageId: id, err: safeErrorMessage(error) }, 'message failed in a batch: handed to a job of its own');
          failed.add(id);
        }
      }),
    );
    await writeDeferred(deps, deferred, outcomes, failed);
  } catch (error) {
    // The batch's own statements failed: every message not finished goes to a job of its own.
    deps.log.warn({ messageIds, err: safeErrorMessage(error) }, 'batch failed: its unfinished messages handed to jobs of their own');
    for (const id of messageIds) if (!outcomes.has(id)) failed.add(id);
  }
  const handedOff = [...failed];
  // A message finished since (or by another worker) makes its job a no-op. If this throws, the
  // batch job is retried (the queue's attempts) and the finished messages are skipped then.
  for (const messageId of handedOff) await deps.jobs.requeue('process-message', { messageId }, { delayMs: JOBS['process-message'].backoffMs });
  return { outcomes, handedOff };
}

async function writeDeferred(deps: Deps, deferred: DeferredFinish['deferred'][], outcomes: Map<number, ProcessOutcome>, failed: Set<number>) {
  if (deferred.length === 0) return;
  let moved: Set<number>;
  try {
    moved = await finishMessages(
      deps.db,
      deferred.map(({ id, result }) => ({ id, result })),
      deps.now(),
    );
  } catch (error) {
    deps.log.warn({ err: safeErrorMessage(error) }, 'batch outcomes not written: their messages handed to jobs of their own');
    for (const { id } of deferred) failed.add(id);
    return;
  }
  for (const { id, done } of deferred) {
    // Not moved: processed concurrently (the first outcome stands); its own job reads which.
    if (!moved.has(id)) {
      failed.add(id);
      continue;
    }
    outcomes.set(id, done);
    if (done.outcome === 'quarantined') deps.log.warn({ messageId: id, reason: done.reason }, 'message quarantined');
    else deps.log.info({ messageId: id, outcome: done.outcome, kind: done.kind, ticketId: done.ticketId }, 'message processed');
  }
}
