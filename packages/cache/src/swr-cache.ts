import type { Redis } from '@perplexica/redis';

/** How long an answer is good, and how long past that it may still be served while it is redone. */
export interface Freshness {
  /** Served as is, no refresh. */
  freshMs: number;
  /** Past freshMs and within this, served at once while one refresh runs in the background. */
  staleMs: number;
}

export type CacheState = 'fresh' | 'stale' | 'miss';

export interface Cached {
  /** The value as JSON text: served as the response body without parsing it again. */
  json: string;
  state: CacheState;
  /** When the value was computed (ms since epoch). */
  storedAt: number;
}

export interface SwrCache {
  /**
   * The value for `key`: the cached one while fresh; the cached one at once while stale (and one
   * background `load` to renew it); otherwise `load`'s result, stored. A failing `load` throws only
   * when nothing servable is cached, so a provider outage never hides data we still have.
   */
  get(key: string, freshness: Freshness, load: () => Promise<unknown>): Promise<Cached>;
  /** Computes and stores a value now (what the cache-worker's refresh calls do). */
  refresh(key: string, freshness: Freshness, load: () => Promise<unknown>): Promise<Cached>;
  /** Called with the failure of a background refresh (for logs); the stale value keeps being served. */
  onBackgroundError?: (key: string, error: unknown) => void;
}

interface Entry {
  t: number;
  v: string;
}

export interface SwrCacheOptions {
  redis: Redis;
  /** Key namespace inside the service's Redis prefix, e.g. "cache:". */
  namespace?: string;
  /**
   * How long a value read from Redis is kept in this process as well (ms). Hot endpoints then
   * answer from memory; every replica still sees a refresh within this time. 0 turns it off.
   */
  memoryMs?: number;
  /** Entries kept in memory at most. */
  memoryEntries?: number;
  now?: () => number;
  onBackgroundError?: (key: string, error: unknown) => void;
}

/**
 * A stale-while-revalidate cache in Redis (shared by a service's replicas), with a short
 * in-process layer for hot keys. Loads of one key are single-flight within a process, so a burst
 * of requests for a missing key calls the provider once.
 */
export function createSwrCache(options: SwrCacheOptions): SwrCache {
  const { redis } = options;
  const namespace = options.namespace ?? 'cache:';
  const memoryMs = options.memoryMs ?? 1_000;
  const memoryEntries = options.memoryEntries ?? 1_000;
  const now = options.now ?? Date.now;
  const memory = new Map<string, { entry: Entry; until: number }>();
  const inFlight = new Map<string, Promise<Entry>>();

  const remember = (key: string, entry: Entry) => {
    if (memoryMs <= 0) return;
    memory.delete(key);
    memory.set(key, { entry, until: now() + memoryMs });
    if (memory.size > memoryEntries) memory.delete(memory.keys().next().value as string);
  };

  const read = async (key: string): Promise<Entry | null> => {
    const held = memory.get(key);
    if (held && held.until > now()) return held.entry;
    const raw = await redis.get(namespace + key);
    if (!raw) return null;
    const separator = raw.indexOf('|');
    const entry = { t: Number(raw.slice(0, separator)), v: raw.slice(separator + 1) };
    remember(key, entry);
    return entry;
  };

  const compute = (key: string, freshness: Freshness, load: () => Promise<unknown>): Promise<Entry> => {
    const running = inFlight.get(key);
    if (running) return running;
    const job = (async () => {
      const value = await load();
      const entry = { t: now(), v: JSON.stringify(value) };
      // Kept in Redis for as long as it may be served at all.
      await redis.set(namespace + key, `${entry.t}|${entry.v}`, 'PX', freshness.staleMs);
      remember(key, entry);
      return entry;
    })().finally(() => inFlight.delete(key));
    inFlight.set(key, job);
    return job;
  };

  const cache: SwrCache = {
    onBackgroundError: options.onBackgroundError,
    async get(key, freshness, load) {
      const entry = await read(key);
      if (entry) {
        const age = now() - entry.t;
        if (age < freshness.freshMs) return { json: entry.v, state: 'fresh', storedAt: entry.t };
        if (age < freshness.staleMs) {
          compute(key, freshness, load).catch((error) => cache.onBackgroundError?.(key, error));
          return { json: entry.v, state: 'stale', storedAt: entry.t };
        }
      }
      const fresh = await compute(key, freshness, load);
      return { json: fresh.v, state: 'miss', storedAt: fresh.t };
    },
    async refresh(key, freshness, load) {
      const fresh = await compute(key, freshness, load);
      return { json: fresh.v, state: 'miss', storedAt: fresh.t };
    },
  };
  return cache;
}
