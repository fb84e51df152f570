import { Redis } from 'ioredis';

/** A Redis connection as BullMQ wants it: commands wait for a reconnect instead of failing. */
export function connectRedis(url: string, name: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, connectionName: name, enableReadyCheck: true });
}
