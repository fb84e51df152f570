// A lock with expiry in Redis: one mailbox reader per mailbox, however many workers run.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface Lock {
  acquire(): Promise<boolean>;
  /** Extends the lock; false when it was lost (expired and taken by another process). */
  renew(): Promise<boolean>;
  release(): Promise<void>;
}

const ACQUIRE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) elseif redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return 1 else return 0 end`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export function createLock(redis: Redis, key: string, ttlMs: number): Lock {
  const token = randomBytes(12).toString('hex');
  return {
    async acquire() {
      return Number(await redis.eval(ACQUIRE, 1, key, token, String(ttlMs))) === 1;
    },
    async renew() {
      return Number(await redis.eval(RENEW, 1, key, token, String(ttlMs))) === 1;
    },
    async release() {
      await redis.eval(RELEASE, 1, key, token);
    },
  };
}
