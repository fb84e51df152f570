import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { JOBS, QUEUE_NAMES, type JobName, type JobPayload, type JobQueue, type QueueName } from './jobs.ts';

export interface Queues extends JobQueue {
  byName: Map<QueueName, Queue>;
  close(): Promise<void>;
}

export function createQueues(connection: Redis, prefix: string): Queues {
  const byName = new Map<QueueName, Queue>(QUEUE_NAMES.map((name) => [name, new Queue(name, { connection, prefix })]));
  return {
    byName,
    async add<N extends JobName>(name: N, payload: JobPayload<N>, options: { delayMs?: number } = {}) {
      const spec = JOBS[name];
      const data = spec.payload.parse(payload);
      const queue = byName.get(spec.queue);
      if (!queue) throw new Error(`no queue ${spec.queue}`);
      await queue.add(name, data, {
        jobId: (spec.jobId as (p: JobPayload<N>) => string)(data as JobPayload<N>),
        attempts: spec.attempts,
        backoff: { type: 'exponential', delay: spec.backoffMs },
        delay: options.delayMs ?? 0,
        removeOnComplete: { count: 1000 },
        removeOnFail: { count: 5000 },
      });
    },
    async requeue<N extends JobName>(name: N, payload: JobPayload<N>) {
      const spec = JOBS[name];
      const queue = byName.get(spec.queue);
      if (!queue) throw new Error(`no queue ${spec.queue}`);
      const id = (spec.jobId as (p: JobPayload<N>) => string)(spec.payload.parse(payload) as JobPayload<N>);
      const existing = await queue.getJob(id);
      if (existing) {
        const state = await existing.getState();
        if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return 'already_queued';
        await existing.remove().catch(() => undefined);
      }
      await this.add(name, payload);
      return 'queued';
    },
    async close() {
      await Promise.all([...byName.values()].map((queue) => queue.close()));
    },
  };
}
