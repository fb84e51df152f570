// CPU of this process and of redis-server per reply queued and run, with no-op handlers: one
// send-reply job per reply (before stop 21) against one send-replies job for a batch's replies
// (after; 3.5 replies per job, as a batch of 8 messages gives in the bench). Local Redis only.
//   RECOVERY_DESK_ENV=development node bench/micro/queue-cost.ts single|batched [replies]
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import pino from 'pino';
import { connectRedis } from '../../src/adapters/queue/connection.ts';
import { createQueues } from '../../src/adapters/queue/queues.ts';
import { startWorkers, type Handlers } from '../../src/adapters/queue/workers.ts';
const mode = process.argv[2] as 'single' | 'batched';
const REPLIES = Number(process.argv[3] ?? 1400);
const PER_BATCH = 3.5; // replies of a batch of 8 messages in the bench (0.44 per message)
const info = new Redis('redis://127.0.0.1:6379');
const redisPid = Number(/process_id:(\d+)/.exec(await info.info('server'))?.[1]);
info.disconnect();
const redisCpu = () => {
  const f = readFileSync(`/proc/${redisPid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};
const prefix = `qcost-${process.pid}`;
let done = 0;
let resolveAll: () => void = () => {};
const handlers = {
  'process-message': async () => {},
  'process-messages': async () => {},
  'reset-2fa': async () => {},
  'directory-reset': async () => {},
  'notify-agents': async () => {},
  'send-reply': async () => {
    if (++done === REPLIES) resolveAll();
    return { result: 'sent' };
  },
  'send-replies': async ({ outboxIds }: { outboxIds: number[] }) => {
    done += outboxIds.length;
    if (done >= REPLIES) resolveAll();
    return { sent: outboxIds.length };
  },
} as unknown as Handlers;
const queues = createQueues(connectRedis('redis://127.0.0.1:6379', 'qcost'), prefix);
const workers = startWorkers({
  connection: connectRedis('redis://127.0.0.1:6379', 'qcost-w'),
  prefix,
  concurrency: 8,
  handlers,
  log: pino({ level: 'silent' }),
});
let next = 1;
const round = async (n: number) => {
  const all = new Promise<void>((r) => (resolveAll = r));
  done = 0;
  for (let i = 0; i < n;) {
    const k = Math.min(Math.round(PER_BATCH * (1 + (i % 2 ? 0.15 : -0.15))), n - i);
    const ids = Array.from({ length: k }, () => next++);
    i += k;
    if (mode === 'single') await Promise.all(ids.map((outboxId) => queues.add('send-reply', { outboxId })));
    else await queues.add('send-replies', { outboxIds: ids });
  }
  if (n === REPLIES) await all;
};
await round(REPLIES); // warm
next += 100000;
const c0 = process.cpuUsage();
const r0 = redisCpu();
const t0 = performance.now();
await round(REPLIES);
const c = process.cpuUsage(c0);
const r = redisCpu() - r0;
console.log(
  `${mode}: per reply ${((c.user + c.system) / 1000 / REPLIES).toFixed(3)} ms CPU here, ${(r / REPLIES).toFixed(3)} ms redis-server; ${(performance.now() - t0).toFixed(0)} ms`,
);
await workers.close();
await queues.close();
const redis = new Redis('redis://127.0.0.1:6379');
let cursor = '0';
do {
  const [c2, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
  cursor = c2;
  if (keys.length) await redis.unlink(...keys);
} while (cursor !== '0');
redis.disconnect();
process.exit(0);
