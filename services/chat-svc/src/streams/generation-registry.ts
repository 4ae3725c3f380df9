import type { Redis } from '@perplexica/redis';
import { readerKey } from './event-log.ts';

/** A live answer on this instance: how to cancel it, and who is reading it. */
export interface Generation {
  userId: string;
  controller: AbortController;
  /** Readers attached right now: the original response plus resumed ones on this instance. */
  readers: number;
  graceTimer: NodeJS.Timeout | null;
}

/**
 * The answers running in this process, by message id. An entry lives exactly as long as its
 * answer, so memory stays flat however many answers have been given.
 */
export function createGenerationRegistry(redis: Redis, graceMs: number) {
  const running = new Map<string, Generation>();

  const cancelIfUnread = async (messageId: string) => {
    const generation = running.get(messageId);
    if (!generation || generation.readers > 0) return;
    // A client may have resumed on another instance; it marks itself in Redis.
    const remote = await redis.exists(readerKey(messageId)).catch(() => 0);
    if (remote === 1) {
      generation.graceTimer = setTimeout(() => void cancelIfUnread(messageId), graceMs);
      generation.graceTimer.unref();
      return;
    }
    if (generation.readers === 0) generation.controller.abort('disconnected');
  };

  return {
    start(messageId: string, userId: string): Generation {
      const generation: Generation = {
        userId,
        controller: new AbortController(),
        readers: 1,
        graceTimer: null,
      };
      running.set(messageId, generation);
      return generation;
    },
    get: (messageId: string) => running.get(messageId),
    attach(messageId: string): void {
      const generation = running.get(messageId);
      if (!generation) return;
      generation.readers += 1;
      if (generation.graceTimer) clearTimeout(generation.graceTimer);
      generation.graceTimer = null;
    },
    /** A reader left; with none left, the answer is cancelled after the grace period. */
    detach(messageId: string): void {
      const generation = running.get(messageId);
      if (!generation) return;
      generation.readers = Math.max(0, generation.readers - 1);
      if (generation.readers === 0 && !generation.graceTimer) {
        generation.graceTimer = setTimeout(() => void cancelIfUnread(messageId), graceMs);
        generation.graceTimer.unref();
      }
    },
    finish(messageId: string): void {
      const generation = running.get(messageId);
      if (generation?.graceTimer) clearTimeout(generation.graceTimer);
      running.delete(messageId);
    },
    /** Aborts every running answer (shutdown). */
    abortAll(reason: string): void {
      for (const generation of running.values()) generation.controller.abort(reason);
    },
    size: () => running.size,
  };
}

export type GenerationRegistry = ReturnType<typeof createGenerationRegistry>;
