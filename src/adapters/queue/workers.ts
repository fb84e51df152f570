// BullMQ workers: one per queue, dispatching by job name to handlers typed by the catalog.
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { safeErrorMessage } from '../db/errors.ts';
import { JOBS, QUEUE_NAMES, type JobName, type JobPayload } from './jobs.ts';

export type Handlers = { [N in JobName]: (payload: JobPayload<N>, job: Job) => Promise<unknown> };

/** Error codes that retrying cannot fix: the job fails at once instead of retrying. */
const PERMANENT = /^(message\.not_found|ticket\.|agent\.|approval\.)/;

export interface Workers {
  close(): Promise<void>;
  workers: Worker[];
}

export function startWorkers(options: { connection: Redis; prefix: string; concurrency: number; handlers: Handlers; log: Logger }): Workers {
  const workers = QUEUE_NAMES.map((queue) => {
    const worker = new Worker(
      queue,
      async (job: Job) => {
        const spec = JOBS[job.name as JobName];
        if (!spec || spec.queue !== queue) throw new UnrecoverableError(`unknown job ${job.name} on ${queue}`);
        const payload = spec.payload.safeParse(job.data);
        if (!payload.success) throw new UnrecoverableError(`bad payload for ${job.name}: ${payload.error.message}`);
        const handler = options.handlers[job.name as JobName] as (p: unknown, j: Job) => Promise<unknown>;
        try {
          return await handler(payload.data, job);
        } catch (error) {
          const code = (error as { code?: string }).code;
          const message = safeErrorMessage(error);
          if (code && PERMANENT.test(code)) throw new UnrecoverableError(`${code}: ${message}`);
          // A clean error for BullMQ's failedReason and the logs: never query parameters.
          throw Object.assign(new Error(message), { code });
        }
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
    worker.on('failed', (job, error) => options.log.warn({ queue, job: job?.name, jobId: job?.id, attempts: job?.attemptsMade, err: error.message }, 'job failed'));
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
