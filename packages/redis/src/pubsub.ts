import type { Redis } from 'ioredis';

/**
 * Calls `onMessage` for every message published on `channel`, over a connection of its own
 * (a subscribed connection can do nothing else), which reconnects and resubscribes by itself
 * and closes when `redis` does. Channels are not keys: the client's key prefix does not apply.
 */
export function followChannel(
  redis: Redis,
  channel: string,
  onMessage: (message: string) => void,
): { close(): void } {
  // Without the key prefix: ioredis would strip it from the names of channels that start with it.
  const subscriber = redis.duplicate({ keyPrefix: '' });
  subscriber.on('error', () => {});
  subscriber.on('message', (from: string, message: string) => {
    if (from === channel) onMessage(message);
  });
  void subscriber.subscribe(channel).catch(() => {});
  const close = () => subscriber.disconnect();
  redis.once('end', close);
  return { close };
}
