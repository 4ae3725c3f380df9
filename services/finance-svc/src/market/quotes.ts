import type { FmpClient } from '../fmp/fmp-client.ts';
import { type FmpQuote, fmpQuotes } from '../fmp/fmp-schemas.ts';
import { UNKNOWN_SYMBOL } from './cache-entry.ts';

export type QuoteView = ReturnType<typeof quoteView>;

/** A quote as the finance page reads it. */
export function quoteView(quote: FmpQuote) {
  return {
    symbol: quote.symbol,
    name: quote.name,
    exchange: quote.exchange,
    price: quote.price,
    change: quote.change,
    changePercent: quote.changePercentage,
    open: quote.open,
    previousClose: quote.previousClose,
    dayLow: quote.dayLow,
    dayHigh: quote.dayHigh,
    yearLow: quote.yearLow,
    yearHigh: quote.yearHigh,
    volume: quote.volume,
    marketCap: quote.marketCap,
    priceAvg50: quote.priceAvg50,
    priceAvg200: quote.priceAvg200,
    /** When FMP last saw a trade (its `timestamp`, seconds since the epoch). */
    updatedAt: quote.timestamp === null ? null : new Date(quote.timestamp * 1000).toISOString(),
  };
}

export async function loadQuote(fmp: FmpClient, symbol: string): Promise<QuoteView | typeof UNKNOWN_SYMBOL> {
  const quotes = await fmp.get('quote', { symbol }, fmpQuotes);
  const quote = quotes.find((row) => row.symbol.toUpperCase() === symbol) ?? quotes[0];
  return quote ? quoteView(quote) : UNKNOWN_SYMBOL;
}

/** Many quotes in one FMP call (the refresh route's warm list); symbols FMP left out are absent. */
export async function loadQuoteBatch(fmp: FmpClient, symbols: string[]): Promise<Map<string, QuoteView>> {
  const quotes = await fmp.get('batch-quote', { symbols: symbols.join(',') }, fmpQuotes);
  return new Map(quotes.map((quote) => [quote.symbol.toUpperCase(), quoteView(quote)]));
}
