import type { CacheState } from '@perplexica/cache';
import { cacheHeaders } from '@perplexica/http';
import type { Context } from 'hono';

/**
 * docs/pages.md's cache headers (@perplexica/http): `x-cache`, `cache-control: private` with the
 * freshness the copy has left, so a browser does not ask again before there can be news. A topic's
 * feed is the same for everyone (shared); For You is personal.
 */
export function setCacheHeaders(
  c: Context,
  cached: { state: CacheState; storedAt: number },
  options: { freshMs: number; shared: boolean },
): void {
  for (const [name, value] of Object.entries(cacheHeaders(cached, { ...options, now: Date.now() }))) {
    c.header(name, value);
  }
}

const worstFirst: CacheState[] = ['miss', 'stale', 'fresh'];

/** The state of a response made of several cached entries: the least fresh of them. */
export const combinedState = (states: readonly CacheState[]): CacheState =>
  worstFirst.find((state) => states.includes(state)) ?? 'fresh';
