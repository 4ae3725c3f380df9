import type { SwrCache } from '@perplexica/cache';
import { ApiError } from '@perplexica/errors';
import { cachedJson } from '@perplexica/http';
import type { Context } from 'hono';
import { type CacheEntry, UNKNOWN_SYMBOL_JSON } from './market/cache-entry.ts';

/**
 * Answers with an entry from the cache (docs/pages.md): the stored JSON text as the body, unparsed,
 * with the cache headers of @perplexica/http (market data is the same for every caller, so it is
 * marked shared). A provider failure with nothing servable cached propagates as the client's
 * 502/504; a symbol FMP does not know is a 404.
 */
export async function serveCached(
  c: Context,
  cache: SwrCache,
  entry: CacheEntry,
  now: () => number,
): Promise<Response> {
  const cached = await cache.get(entry.key, entry.freshness, entry.load);
  if (cached.json === UNKNOWN_SYMBOL_JSON) throw new ApiError('not_found', entry.notFound);
  return cachedJson(c, cached, { freshMs: entry.freshness.freshMs, now: now(), shared: true });
}
