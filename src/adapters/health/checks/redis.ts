// Redis reachable, and with maxmemory-policy noeviction: under memory pressure any other policy
// lets Redis drop BullMQ's keys, and queued replies or resets silently disappear.
import { Redis } from 'ioredis';
import { fail, pass, type Outcome } from '../../../core/doctor.ts';

export async function checkRedis(redisUrl: string): Promise<Outcome> {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: 5_000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    connectionName: 'recovery-desk:doctor',
  });
  redis.on('error', () => undefined); // the failure rejects connect() or the command below
  try {
    await redis.connect();
    // INFO rather than CONFIG GET: managed Redis services often forbid CONFIG.
    const info = await redis.info('memory');
    const policy = /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
    if (!policy) return fail('reachable, but INFO memory does not tell the maxmemory policy', 'make sure maxmemory-policy is noeviction (BullMQ needs it)');
    if (policy !== 'noeviction') {
      return fail(
        `reachable, but maxmemory-policy is ${policy}: Redis may evict queued jobs`,
        "set maxmemory-policy noeviction (redis.conf, 'CONFIG SET maxmemory-policy noeviction' then 'CONFIG REWRITE', or the managed service's parameter group)",
      );
    }
    return pass('reachable, maxmemory-policy noeviction');
  } catch (error) {
    const message = (error as Error).message;
    if (/NOAUTH|WRONGPASS|invalid password/i.test(message)) return fail(`login refused: ${message}`, 'check the password in REDIS_URL');
    return fail(`not reachable: ${message}`, 'start Redis or fix the host and port of REDIS_URL');
  } finally {
    redis.disconnect();
  }
}
