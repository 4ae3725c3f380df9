import type { Cached, Freshness } from '@perplexica/cache';
import type { Context } from 'hono';

/**
 * A cached JSON answer as the response, with the headers docs/pages.md promises: `x-cache`
 * (fresh|stale|miss) and `cache-control: private, max-age=<seconds of freshness left>` (private:
 * the caller is signed in, so shared caches must not keep it). The stored JSON text is the body
 * as is, never parsed again.
 */
export function cachedJson(c: Context, cached: Cached, freshness: Freshness, now: number): Response {
  const left = Math.max(0, Math.floor((cached.storedAt + freshness.freshMs - now) / 1000));
  return c.body(cached.json, 200, {
    'content-type': 'application/json; charset=utf-8',
    'x-cache': cached.state,
    'cache-control': `private, max-age=${left}`,
  });
}
