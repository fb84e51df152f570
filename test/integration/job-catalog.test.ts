// The queue side of the catalogs on a real Redis: what a failure means comes from the error
// catalog, and "not due yet" puts the same job back without using an attempt.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectRedis } from '../../src/adapters/queue/connection.ts';
import { createQueues, type Queues } from '../../src/adapters/queue/queues.ts';
import { startWorkers, type Handlers, type JobContext, type Workers } from '../../src/adapters/queue/workers.ts';
import { StepError } from '../../src/core/errors.ts';
import { cleanupPrefix, testQueuePrefix } from '../support/redis.ts';
import { REDIS_URL } from '../support/run.ts';
import { waitFor } from '../support/wait.ts';

const prefix = testQueuePrefix();
const calls: { job: string; context: JobContext }[] = [];
const runs: string[] = [];
let resetAnswers: unknown[] = [];
let queues: Queues;
let workers: Workers;
const queueRedis = connectRedis(REDIS_URL, 'test:job-catalog:queues');
const workerRedis = connectRedis(REDIS_URL, 'test:job-catalog:workers');

const handlers: Handlers = {
  'process-message': async ({ messageId }, context) => {
    calls.push({ job: `process-message:${messageId}`, context });
    throw new StepError('message.not_found', `no stored message ${messageId}`);
  },
  'process-messages': async () => undefined,
  'notify-agents': async () => undefined,
  'send-reply': async ({ outboxId }, context) => {
    calls.push({ job: `send-reply:${outboxId}`, context });
    throw Object.assign(new Error('connection reset'), { code: 'ECONNRESET' });
  },
  'reset-2fa': async ({ ticketId }, context) => {
    calls.push({ job: `reset-2fa:${ticketId}`, context });
    return resetAnswers.shift() ?? { result: 'done' };
  },
  'directory-reset': async () => ({ result: 'finished' }),
};

beforeAll(() => {
  queues = createQueues(queueRedis, prefix);
  workers = startWorkers({
    connection: workerRedis,
    prefix,
    concurrency: 2,
    handlers,
    log: pino({ level: 'silent' }),
    onRun: (run) => runs.push(`${run.job}:${run.result}`),
  });
});

afterAll(async () => {
  await workers.close();
  await queues.close();
  queueRedis.disconnect();
  workerRedis.disconnect();
  await cleanupPrefix(prefix);
});

const stateOf = async (queue: 'inbound' | 'outbound' | 'resets', id: string) => (await queues.byName.get(queue)!.getJob(id))?.getState();

describe('the job catalog on BullMQ', () => {
  test('a step that answers not_due puts the same job back until then, without using an attempt', async () => {
    resetAnswers = [{ result: 'not_due', delayMs: 400 }];
    await queues.add('reset-2fa', { ticketId: 7, dueAt: 1 });
    const job = await waitFor(
      async () => {
        // The state first, then the job: a job read before it completed carries no return value yet.
        const resets = queues.byName.get('resets')!;
        return (await stateOf('resets', 'reset-7-1')) === 'completed' ? await resets.getJob('reset-7-1') : undefined;
      },
      { timeoutMs: 15_000, what: 'the reset job to complete' },
    );
    expect(job.returnvalue).toEqual({ result: 'done' });
    expect(job.attemptsMade, 'the early run used no attempt').toBe(1);
    expect(calls.filter((c) => c.job === 'reset-2fa:7')).toHaveLength(2);
    expect(await queues.byName.get('resets')!.getJobCounts('delayed', 'waiting', 'completed')).toMatchObject({ delayed: 0, waiting: 0, completed: 1 });
  });

  test('a code the catalog says is not retryable fails the job at its first attempt', async () => {
    await queues.add('process-message', { messageId: 41 });
    await waitFor(async () => (await stateOf('inbound', 'msg-41')) === 'failed', { timeoutMs: 15_000, what: 'the job to fail' });
    const job = (await queues.byName.get('inbound')!.getJob('msg-41'))!;
    expect(job.failedReason).toMatch(/^message\.not_found: no stored message 41/);
    expect(job.attemptsMade).toBe(1);
    expect(calls.filter((c) => c.job === 'process-message:41').map((c) => c.context)).toEqual([{ id: 'msg-41', isLastAttempt: false }]);
    expect(runs).toContain('process-message:failed');
  });

  test('an error the catalog does not declare is retried later', async () => {
    await queues.add('send-reply', { outboxId: 9 });
    await waitFor(async () => (await stateOf('outbound', 'out-9')) === 'delayed', { timeoutMs: 15_000, what: 'the job to wait for its retry' });
    const job = (await queues.byName.get('outbound')!.getJob('out-9'))!;
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toBe('connection reset');
  });
});
