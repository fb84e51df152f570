import { it } from 'vitest';
import { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { startDovecot } from '../support/dovecot.ts';
import { createTestDatabase } from '../support/db.ts';
import { testQueuePrefix } from '../support/redis.ts';
it('leaks', async () => {
  const d = await startDovecot();
  await createTestDatabase('leak');
  const r = new Redis('redis://127.0.0.1:6379'); await r.set(`${testQueuePrefix()}:k`, '1'); r.disconnect();
  console.log('LEAKED', d.dir, d.port);
  if (process.env.HANG) await sleep(60_000);
});
