import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { JOBS, QUEUE_NAMES, type JobName, type JobPayload, type JobQueue, type QueueName } from './jobs.ts';

export interface Queues extends JobQueue {
  byName: Map<QueueName, Queue>;
  close(): Promise<void>;
}

export function createQueues(connection: Redis, prefix: string): Queues {
  const byName = new Map<QueueName, Queue>(QUEUE_NAMES.map((name) => [name, new Queue(name, { connection, prefix })]));
  const prepare = <N extends JobName>(name: N, payload: JobPayload<N>) => {
    const spec = JOBS[name];
    const data = spec.payload.parse(payload) as JobPayload<N>;
    const queue = byName.get(spec.queue);
    if (!queue) throw new Error(`no queue ${spec.queue}`);
    const opts = {
      jobId: (spec.jobId as (p: JobPayload<N>) => string)(data),
      attempts: spec.attempts,
      backoff: { type: 'exponential', delay: spec.backoffMs },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 5000 },
    };
    return { queue, data, opts };
  };
  return {
    byName,
    async add<N extends JobName>(name: N, payload: JobPayload<N>, options: { delayMs?: number } = {}) {
      const { queue, data, opts } = prepare(name, payload);
      await queue.add(name, data, { ...opts, delay: options.delayMs ?? 0 });
    },
    async addBulk<N extends JobName>(name: N, payloads: JobPayload<N>[]) {
      if (payloads.length === 0) return;
      const jobs = payloads.map((payload) => prepare(name, payload));
      await jobs[0]!.queue.addBulk(jobs.map(({ data, opts }) => ({ name, data, opts })));
    },
    async requeue<N extends JobName>(name: N, payload: JobPayload<N>, options: { delayMs?: number } = {}) {
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
      await this.add(name, payload, options);
      return 'queued';
    },
    async close() {
      await Promise.all([...byName.values()].map((queue) => queue.close()));
    },
  };
}
