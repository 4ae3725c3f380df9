import type { SwrCache } from '@perplexica/cache';
import type { FmpClient } from '../fmp/fmp-client.ts';
import { type CacheEntry, UNKNOWN_SYMBOL_JSON } from './cache-entry.ts';
import { loadEtfHoldings } from './etf-holdings.ts';
import { loadFilings } from './filings.ts';
import { freshness, historyFreshness } from './freshness.ts';
import { type ChartRange, loadHistory } from './history.ts';
import { loadMovers } from './movers.ts';
import { loadProfile } from './profile.ts';
import { loadQuote } from './quotes.ts';
import { loadRatings } from './ratings.ts';
import { loadSectors } from './sectors.ts';

export type MarketCatalog = ReturnType<typeof createMarketCatalog>;

/** The keys the refresh route warms, also reported when there is nothing to warm them with. */
export const warmedKeys = {
  movers: 'movers',
  sectors: 'sectors',
  quote: (symbol: string) => `quote:${symbol}`,
};

/**
 * Every kind of answer the service caches, as cache entries: its key, its freshness and its
 * loader. Routes serve them with `cache.get`, the refresh route renews them with
 * `cache.refresh`: one definition of each, so the two can never disagree on a key.
 */
export function createMarketCatalog(fmp: FmpClient, cache: SwrCache, now: () => number) {
  const quote = (symbol: string): CacheEntry => ({
    key: warmedKeys.quote(symbol),
    freshness: freshness.quote,
    load: () => loadQuote(fmp, symbol),
    notFound: `Unknown symbol "${symbol}"`,
  });

  /** Whether FMP knows the symbol, answered from the (cached) quote. */
  const symbolExists = async (symbol: string) => {
    const entry = quote(symbol);
    const cached = await cache.get(entry.key, entry.freshness, entry.load);
    return cached.json !== UNKNOWN_SYMBOL_JSON;
  };

  return {
    quote,
    history: (symbol: string, range: ChartRange): CacheEntry => ({
      key: `history:${symbol}:${range}`,
      freshness: historyFreshness[range],
      load: () => loadHistory(fmp, symbol, range, now(), symbolExists),
      notFound: `Unknown symbol "${symbol}"`,
    }),
    movers: (): CacheEntry => ({
      key: warmedKeys.movers,
      freshness: freshness.movers,
      load: () => loadMovers(fmp),
      notFound: 'No market movers',
    }),
    sectors: (): CacheEntry => ({
      key: warmedKeys.sectors,
      freshness: freshness.sectors,
      load: () => loadSectors(fmp, now()),
      notFound: 'No sector performance',
    }),
    ratings: (symbol: string): CacheEntry => ({
      key: `ratings:${symbol}`,
      freshness: freshness.ratings,
      load: () => loadRatings(fmp, symbol, symbolExists),
      notFound: `Unknown symbol "${symbol}"`,
    }),
    filings: (symbol: string): CacheEntry => ({
      key: `filings:${symbol}`,
      freshness: freshness.filings,
      load: () => loadFilings(fmp, symbol, now(), symbolExists),
      notFound: `Unknown symbol "${symbol}"`,
    }),
    etfHoldings: (symbol: string): CacheEntry => ({
      key: `etf-holdings:${symbol}`,
      freshness: freshness.etfHoldings,
      load: () => loadEtfHoldings(fmp, symbol, symbolExists),
      notFound: `Unknown symbol "${symbol}"`,
    }),
    profile: (symbol: string): CacheEntry => ({
      key: `profile:${symbol}`,
      freshness: freshness.profile,
      load: () => loadProfile(fmp, symbol),
      notFound: `No company profile for "${symbol}" (unknown symbol, or an index)`,
    }),
  };
}
