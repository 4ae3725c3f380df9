import { Redis, type RedisOptions } from 'ioredis';

export type { Redis };

export interface RedisConfig {
  url: string;
  /** Every key this client touches is prefixed, e.g. "perplexica:auth:". */
  keyPrefix?: string;
  /** BullMQ needs `maxRetriesPerRequest: null` on the connections it blocks on. */
  forBullmq?: boolean;
}

/**
 * An ioredis client that keeps reconnecting with a capped backoff, so a Redis restart heals
 * without restarting the service. Commands issued while disconnected fail after one retry
 * rather than waiting forever, so requests answer 503 instead of hanging.
 */
export function createRedis({ url, keyPrefix, forBullmq = false }: RedisConfig): Redis {
  const options: RedisOptions = {
    ...(keyPrefix ? { keyPrefix } : {}),
    maxRetriesPerRequest: forBullmq ? null : 1,
    enableOfflineQueue: true,
    connectTimeout: 5_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    lazyConnect: false,
    // Commands issued in one tick (the rate-limit checks of concurrent requests) go out in one
    // write: under load a socket write per command was a third of a service's CPU. BullMQ's
    // blocking connections keep one command per write.
    enableAutoPipelining: !forBullmq,
  };
  const client = new Redis(url, options);
  // Connection errors are reported through readiness and failed commands; without a listener
  // ioredis would print every reconnect attempt as an unhandled error.
  client.on('error', () => {});
  return client;
}

/** Resolves when Redis answers PING within the timeout; used by /ready. */
export async function pingRedis(client: Redis, timeoutMs = 1_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([client.ping(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
