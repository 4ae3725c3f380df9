import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface HeldLock {
  /** Lets the lock go, only if it is still ours (it may have expired and been taken since). */
  release(): Promise<void>;
}

// Compare-and-delete in one step: a lock that expired and was taken by someone else is left alone.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * A lock across processes and machines: SET NX with an expiry, so a holder that dies frees it
 * after `ttlMs`. Null when someone else holds it (callers decide: exit, or skip the work).
 */
export async function acquireLock(redis: Redis, key: string, ttlMs: number): Promise<HeldLock | null> {
  const token = randomUUID();
  const taken = await redis.set(key, token, 'PX', ttlMs, 'NX');
  if (taken !== 'OK') return null;
  return {
    async release() {
      await redis.eval(RELEASE, 1, key, token);
    },
  };
}
