import type { CacheState } from '@perplexica/cache';
import type { Context } from 'hono';

/**
 * docs/pages.md: `x-cache: fresh|stale|miss`, and `cache-control: private` (stories are the same
 * for everyone, but For You is personal and every route needs a signed-in caller) with a max-age of
 * the freshness the copy has left, so a browser does not ask again before there can be news.
 */
export function setCacheHeaders(c: Context, state: CacheState, storedAt: number, freshMs: number): void {
  const left = Math.max(0, Math.floor((storedAt + freshMs - Date.now()) / 1_000));
  c.header('x-cache', state);
  c.header('cache-control', `private, max-age=${state === 'stale' ? 0 : left}`);
}

const worstFirst: CacheState[] = ['miss', 'stale', 'fresh'];

/** The state of a response made of several cached entries: the least fresh of them. */
export const combinedState = (states: readonly CacheState[]): CacheState =>
  worstFirst.find((state) => states.includes(state)) ?? 'fresh';
