import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis tests use: the machine's, unless TEST_REDIS_URL points elsewhere. */
export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestRedisPrefix {
  url: string;
  /** e.g. "test:auth:5c1d9e0a:"; give it to the service as its key prefix. */
  prefix: string;
  /** Deletes every key under the prefix. */
  clear(): Promise<void>;
}

/** A key prefix no other test will use, so tests share one Redis without seeing each other's keys. */
export function freshRedisPrefix(label: string): TestRedisPrefix {
  const prefix = `test:${label}:${randomBytes(4).toString('hex')}:`;
  return {
    url: testRedisUrl,
    prefix,
    async clear() {
      const client = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
      try {
        let cursor = '0';
        do {
          const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
          cursor = next;
          if (keys.length > 0) await client.del(...keys);
        } while (cursor !== '0');
      } finally {
        client.disconnect();
      }
    },
  };
}
