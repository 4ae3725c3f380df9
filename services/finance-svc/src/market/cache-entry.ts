import type { Freshness } from '@perplexica/cache';

/** One cached answer: where it lives, how long it is good, and how to compute it again. */
export interface CacheEntry {
  key: string;
  freshness: Freshness;
  load: () => Promise<unknown>;
  /** The 404 message when the load finds nothing for the symbol. */
  notFound: string;
}

/**
 * What a load stores when FMP does not know the symbol, so repeated requests for a mistyped
 * ticker are answered from the cache (404) instead of spending FMP's quota each time.
 */
export const UNKNOWN_SYMBOL = { unknownSymbol: true } as const;
export const UNKNOWN_SYMBOL_JSON = JSON.stringify(UNKNOWN_SYMBOL);

/** Tells an unknown symbol from a known one that simply has no data of this kind. */
export type SymbolExists = (symbol: string) => Promise<boolean>;
