// Redis isolation for tests: each test (file) gets its own key prefix under the run id,
// e.g. as BullMQ's `prefix` option. The global teardown removes all of the run's keys.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { REDIS_URL, currentRunId } from './run.ts';

let counter = 0;

/**
 * A key prefix unique per call, under the run id: `<runId>:<pid>-<n>-<4 hex>`. It matches
 * QUEUE_PREFIX's pattern, and no other prefix of the run starts with it, so
 * cleanupPrefix(prefix) removes exactly the keys made under it.
 */
export function testQueuePrefix(): string {
  counter += 1;
  return `${currentRunId()}:${process.pid.toString(36)}-${counter}-${randomBytes(2).toString('hex')}`;
}

/** Deletes every key that starts with `prefix` (SCAN + UNLINK, never KEYS/FLUSH*). Returns how many. */
export async function cleanupPrefix(prefix: string, redisUrl: string = REDIS_URL): Promise<number> {
  if (!prefix) throw new Error('cleanupPrefix: refusing an empty prefix');
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectionName: 'test-cleanup' });
  try {
    await redis.connect();
    return await unlinkMatching(redis, `${escapeGlob(prefix)}*`);
  } finally {
    redis.disconnect();
  }
}

/** SCAN MATCH pattern + UNLINK in batches. */
export async function unlinkMatching(redis: Redis, pattern: string): Promise<number> {
  let cursor = '0';
  let removed = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) removed += await redis.unlink(...keys);
  } while (cursor !== '0');
  return removed;
}

/** Escapes Redis glob characters so that the text matches itself. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\^]/g, (c) => `\\${c}`);
}
