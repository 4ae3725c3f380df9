import type { OutgoingHttpHeaders } from 'node:http';

export interface SharedResponse {
  headers: OutgoingHttpHeaders;
  body: Buffer;
  storedAt: number;
  until: number;
}

export interface SharedCacheOptions {
  /** Longest a response is reused, whatever its max-age: how late a refreshed cache may show. */
  holdMs: number;
  maxEntries: number;
  /** Larger bodies are never kept. */
  maxBodyBytes: number;
  now?: () => number;
}

/** The seconds of freshness a service declared, or 0 when it declared none (not shareable). */
export function sharedMaxAge(value: string | string[] | undefined): number {
  const text = Array.isArray(value) ? value[0] : value;
  const match = text ? /max-age=(\d+)/.exec(text) : null;
  return match ? Number(match[1]) : 0;
}

/**
 * A small in-memory cache of shared responses, by path and query, each kept for the shorter of
 * its max-age and `holdMs` (a micro-cache, as nginx keeps in front of busy pages): under load the
 * same hot page is answered from here instead of costing a hop to its service every time.
 */
export function createSharedCache(options: SharedCacheOptions) {
  const now = options.now ?? Date.now;
  const entries = new Map<string, SharedResponse>();
  return {
    get(key: string): SharedResponse | undefined {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.until > now()) return entry;
      entries.delete(key);
      return undefined;
    },
    /** Whether a response of this size and freshness is worth reading into memory at all. */
    accepts(maxAgeSeconds: number, contentLength: number): boolean {
      return options.holdMs > 0 && maxAgeSeconds > 0 && contentLength <= options.maxBodyBytes;
    },
    set(key: string, maxAgeSeconds: number, headers: OutgoingHttpHeaders, body: Buffer): void {
      const storedAt = now();
      entries.delete(key);
      entries.set(key, {
        headers,
        body,
        storedAt,
        until: storedAt + Math.min(maxAgeSeconds * 1_000, options.holdMs),
      });
      // Oldest first out: a Map iterates in insertion order.
      if (entries.size > options.maxEntries) entries.delete(entries.keys().next().value as string);
    },
    get size() {
      return entries.size;
    },
  };
}

export type SharedCache = ReturnType<typeof createSharedCache>;
