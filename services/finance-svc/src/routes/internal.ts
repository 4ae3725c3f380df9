import { jsonBody, requireServiceToken } from '@perplexica/http';
import { Hono } from 'hono';
import type { FinanceContext, FinanceEnv } from '../deps.ts';
import { keysToWarm, warmCache } from '../refresh/warm-cache.ts';
import { refreshInput } from '../wire-schemas.ts';

/** The cache-worker's entry (x-service-token; 404 to anyone else). */
export function internalRoutes(ctx: FinanceContext): Hono<FinanceEnv> {
  const app = new Hono<FinanceEnv>();
  app.use('*', requireServiceToken(ctx.config.SERVICE_TOKEN));

  app.post('/cache/refresh', async (c) => {
    const { deadlineMs } = await jsonBody(c, refreshInput);
    const symbols = ctx.config.FINANCE_WARM_SYMBOLS;
    if (!ctx.market) {
      // Finance switched off on purpose is not a failing CronJob: nothing to warm, every key skipped.
      return c.json({
        refreshed: [],
        failed: [],
        skipped: keysToWarm(symbols),
        durationMs: 0,
        notConfigured: 'FMP_API_KEY is not set: market data is off, nothing was refreshed',
      });
    }
    const report = await warmCache({
      fmp: ctx.market.fmp,
      cache: ctx.cache,
      catalog: ctx.market.catalog,
      symbols,
      deadlineMs,
      now: ctx.now,
    });
    c.get('logger').info(
      {
        refreshed: report.refreshed.length,
        failed: report.failed,
        skipped: report.skipped.length,
        durationMs: report.durationMs,
      },
      'finance cache refreshed',
    );
    return c.json(report);
  });

  return app;
}
