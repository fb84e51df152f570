// BullMQ workers: one per queue, dispatching by job name to handlers typed by the catalog.
// Here, not in the handlers, is decided what a failure means (the error catalog: retry, or
// fail at once) and what "not due yet" does (the job waits again, without using an attempt).
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { meaningOf } from '../../core/errors.ts';
import { safeErrorMessage } from '../db/errors.ts';
import { JOBS, notDueDelay, QUEUE_NAMES, type JobName, type JobPayload } from './jobs.ts';

/** What a handler knows of its job: enough for logs and the last-attempt decision, no BullMQ. */
export interface JobContext {
  id: string | undefined;
  isLastAttempt: boolean;
}

export type Handlers = { [N in JobName]: (payload: JobPayload<N>, job: JobContext) => Promise<unknown> };

export interface Workers {
  close(): Promise<void>;
  workers: Worker[];
}

/** The error BullMQ is given: UnrecoverableError when the catalog says retrying cannot help. */
export function jobFailure(error: unknown): Error {
  const code = (error as { code?: string } | null)?.code;
  const message = safeErrorMessage(error);
  if (meaningOf(error)?.retryable === false) return new UnrecoverableError(`${code}: ${message}`);
  // A clean error for BullMQ's failedReason and the logs: never query parameters.
  return Object.assign(new Error(message), { code });
}

export function startWorkers(options: {
  connection: Redis;
  prefix: string;
  concurrency: number;
  handlers: Handlers;
  log: Logger;
  /** Counts each run (a job put back until due counts as completed). */
  onRun?: (run: { queue: string; job: string; result: 'completed' | 'failed' }) => void;
}): Workers {
  const workers = QUEUE_NAMES.map((queue) => {
    const worker = new Worker(
      queue,
      async (job: Job, token?: string) => {
        const name = job.name as JobName;
        const spec = JOBS[name];
        if (!spec || spec.queue !== queue) throw new UnrecoverableError(`unknown job ${job.name} on ${queue}`);
        const payload = spec.payload.safeParse(job.data);
        if (!payload.success) throw new UnrecoverableError(`bad payload for ${job.name}: ${payload.error.message}`);
        const handler = options.handlers[name] as (p: unknown, j: JobContext) => Promise<unknown>;
        let result: unknown;
        try {
          result = await handler(payload.data, { id: job.id, isLastAttempt: job.attemptsMade + 1 >= spec.attempts });
        } catch (error) {
          options.onRun?.({ queue, job: name, result: 'failed' });
          throw jobFailure(error);
        }
        options.onRun?.({ queue, job: name, result: 'completed' });
        const delayMs = notDueDelay(name, result);
        if (delayMs === null) return result;
        await job.moveToDelayed(Date.now() + delayMs, token);
        throw new DelayedError();
      },
      {
        connection: options.connection,
        prefix: options.prefix,
        concurrency: queue === 'inbound' ? options.concurrency : Math.max(2, Math.ceil(options.concurrency / 2)),
        // A crashed worker's jobs come back within ~30 s (lock expiry + the next stalled check)
        // instead of up to a minute with BullMQ's defaults (30 s + 30 s). Steps are idempotent,
        // so a job wrongly thought stalled (a blocked event loop) runs twice without harm.
        lockDuration: 20_000,
        stalledInterval: 10_000,
      },
    );
    worker.on('failed', (job, error) =>
      options.log.warn({ queue, job: job?.name, jobId: job?.id, attempts: job?.attemptsMade, err: error.message }, 'job failed'),
    );
    worker.on('error', (error) => options.log.error({ queue, err: error.message }, 'worker error'));
    return worker;
  });
  return {
    workers,
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
    },
  };
}
