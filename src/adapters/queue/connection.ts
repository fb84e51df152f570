import { Redis } from 'ioredis';

/** A Redis connection as BullMQ wants it: commands wait for a reconnect instead of failing. */
export function connectRedis(url: string, name: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, connectionName: name, enableReadyCheck: true });
  // ioredis prints every reconnect failure as "[ioredis] Unhandled error event" (a stack on
  // stderr, between the JSON log lines) when nobody listens. An outage is reported by /readyz,
  // recovery_desk_redis_up and the jobs that fail; commands wait for the reconnect.
  redis.on('error', () => undefined);
  return redis;
}
