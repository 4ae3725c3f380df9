import type { SwrCache } from '@perplexica/cache';
import { ApiError } from '@perplexica/errors';
import type { Context } from 'hono';
import { type CacheEntry, UNKNOWN_SYMBOL_JSON } from './market/cache-entry.ts';

/**
 * Answers with an entry from the cache (docs/pages.md): the stored JSON text as the body, unparsed,
 * `x-cache: fresh|stale|miss`, and `cache-control: private, max-age=<seconds of freshness left>`
 * (0 for a stale copy, which is being renewed). A provider failure with nothing servable cached
 * propagates as the client's 502/504.
 */
export async function serveCached(
  c: Context,
  cache: SwrCache,
  entry: CacheEntry,
  now: () => number,
): Promise<Response> {
  const cached = await cache.get(entry.key, entry.freshness, entry.load);
  if (cached.json === UNKNOWN_SYMBOL_JSON) throw new ApiError('not_found', entry.notFound);
  const freshFor = Math.max(0, Math.ceil((cached.storedAt + entry.freshness.freshMs - now()) / 1000));
  return c.body(cached.json, 200, {
    'content-type': 'application/json; charset=UTF-8',
    'x-cache': cached.state,
    'cache-control': `private, max-age=${cached.state === 'stale' ? 0 : freshFor}`,
  });
}
