import type { Redis } from '@perplexica/redis';
import { isTerminal, sseFrame } from './answer-events.ts';
import { eventsFromEntries, eventsKey, readerKey } from './event-log.ts';
import type { GenerationRegistry } from './generation-registry.ts';

const encoder = new TextEncoder();
/** Each blocking read waits at most this long, so a stopped client is noticed between reads. */
const BLOCK_MS = 1_000;

/**
 * Replays an answer's events after `afterSeq` from the Redis log, then follows the log until the
 * answer ends: the model is never asked again. While it reads, the answer counts as read (here,
 * or through a Redis marker when the answer runs on another instance).
 */
export function resumeAnswer(input: {
  redis: Redis;
  generations: GenerationRegistry;
  messageId: string;
  afterSeq: number;
  waitMs: number;
  graceMs: number;
}): ReadableStream<Uint8Array> {
  const { redis, messageId, generations } = input;
  const key = eventsKey(messageId);
  let cancelled = false;
  let reader: Redis | null = null;
  const local = generations.get(messageId) !== undefined;

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      if (local) generations.attach(messageId);
      let last = input.afterSeq;
      let idleSince = Date.now();
      try {
        const send = (entries: [string, string[]][]) => {
          let ended = false;
          for (const event of eventsFromEntries(entries, last)) {
            controller.enqueue(encoder.encode(sseFrame(event.seq, event.type, event.data)));
            last = event.seq;
            if (isTerminal(event.type)) ended = true;
          }
          return ended;
        };
        if (send((await redis.xrange(key, `(0-${last}`, '+')) as [string, string[]][])) return;
        // Blocking reads tie up a connection, so they get their own, closed when this reader ends.
        reader = redis.duplicate();
        reader.on('error', () => {});
        // Bounded by the idle wait: an answer that stops producing events ends the replay.
        while (!cancelled && Date.now() - idleSince < input.waitMs) {
          if (!local) await redis.set(readerKey(messageId), '1', 'PX', input.graceMs);
          const reply = (await reader.xread('BLOCK', BLOCK_MS, 'STREAMS', key, `0-${last}`)) as
            | [string, [string, string[]][]][]
            | null;
          const entries = reply?.[0]?.[1] ?? [];
          if (entries.length > 0) idleSince = Date.now();
          if (send(entries)) return;
          if ((await redis.exists(key)) === 0) return;
        }
      } catch {
        // Redis went away mid-replay: end the stream; the client can resume again.
      } finally {
        if (local) generations.detach(messageId);
        reader?.disconnect();
        if (!cancelled) {
          try {
            controller.close();
          } catch {
            // already closed
          }
        }
      }
    },
    cancel() {
      cancelled = true;
    },
  });
}
