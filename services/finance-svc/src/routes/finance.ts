import { ApiError } from '@perplexica/errors';
import { pathParams, queryParams } from '@perplexica/http';
import { type Context, Hono } from 'hono';
import type { FinanceContext, FinanceEnv, MarketData } from '../deps.ts';
import type { CacheEntry } from '../market/cache-entry.ts';
import { serveCached } from '../serve-cached.ts';
import { historyQuery, symbolPath } from '../wire-schemas.ts';

export const notConfigured = () =>
  new ApiError(
    'not_configured',
    'Market data is not configured: set FMP_API_KEY (a Financial Modeling Prep API key) for finance-svc',
  );

/**
 * The finance page's data (signed-in users and API keys with the "finance" scope), each kind
 * served from the cache. Input is checked first (400), then whether FMP is configured (503).
 */
export function financeRoutes(ctx: FinanceContext): Hono<FinanceEnv> {
  const app = new Hono<FinanceEnv>();
  const market = (): MarketData => {
    if (!ctx.market) throw notConfigured();
    return ctx.market;
  };
  const serve = (c: Context, entry: CacheEntry) => serveCached(c, ctx.cache, entry, ctx.now);

  // The symbol is read before market(): bad input is a 400 whether or not FMP is configured.
  const bySymbol = (kind: 'quote' | 'ratings' | 'filings' | 'etfHoldings' | 'profile') => (c: Context) => {
    const { symbol } = pathParams(c, symbolPath);
    return serve(c, market().catalog[kind](symbol));
  };

  app.get('/quote/:symbol', bySymbol('quote'));
  app.get('/history/:symbol', (c) => {
    const { symbol } = pathParams(c, symbolPath);
    const { range } = queryParams(c, historyQuery);
    return serve(c, market().catalog.history(symbol, range));
  });
  app.get('/movers', (c) => serve(c, market().catalog.movers()));
  app.get('/sectors', (c) => serve(c, market().catalog.sectors()));
  app.get('/ratings/:symbol', bySymbol('ratings'));
  app.get('/filings/:symbol', bySymbol('filings'));
  app.get('/etf/:symbol/holdings', bySymbol('etfHoldings'));
  app.get('/profile/:symbol', bySymbol('profile'));

  return app;
}
