import type { Context } from 'hono';

/**
 * Marks a response as the same for every signed-in caller, with the seconds it stays fresh
 * (`x-shared-cache: max-age=30`). The local gateway reuses such responses for a moment (see
 * packages/gateway); nothing else reads the header, and the gateway strips it, so unlike
 * `Cache-Control: public` it never lets a CDN or a browser hand the data to someone signed out.
 */
export const SHARED_CACHE_HEADER = 'x-shared-cache';

/** A value served from a stale-while-revalidate cache (@perplexica/cache's Cached). */
export interface CachedJson {
  /** The value as JSON text, served as is. */
  json: string;
  state: 'fresh' | 'stale' | 'miss';
  /** When it was computed (ms since epoch). */
  storedAt: number;
}

export interface CacheHeaderOptions {
  /** How long a copy is fresh (the entry's freshness). */
  freshMs: number;
  now: number;
  /** Whether every signed-in caller gets this same response (not per user). */
  shared: boolean;
}

/**
 * The headers docs/pages.md promises on cached page data: `x-cache` (fresh|stale|miss) and
 * `cache-control: private, max-age=<seconds of freshness left>` (private: the caller is signed
 * in), 0 for a stale copy, which is being renewed; plus the shared mark while fresh.
 */
export function cacheHeaders(
  cached: Pick<CachedJson, 'state' | 'storedAt'>,
  options: CacheHeaderOptions,
): Record<string, string> {
  const left =
    cached.state === 'stale'
      ? 0
      : Math.max(0, Math.floor((cached.storedAt + options.freshMs - options.now) / 1_000));
  const headers: Record<string, string> = {
    'x-cache': cached.state,
    'cache-control': `private, max-age=${left}`,
  };
  if (options.shared && left > 0) headers[SHARED_CACHE_HEADER] = `max-age=${left}`;
  return headers;
}

/** A cached JSON value as the response: its stored text as the body, never parsed again. */
export function cachedJson(c: Context, cached: CachedJson, options: CacheHeaderOptions): Response {
  return c.body(cached.json, 200, {
    'content-type': 'application/json; charset=utf-8',
    ...cacheHeaders(cached, options),
  });
}
