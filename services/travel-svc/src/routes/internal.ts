import { jsonBody, requireServiceToken } from '@perplexica/http';
import { Hono } from 'hono';
import type { TravelContext, TravelEnv } from '../deps.ts';
import { buildInspiration } from '../inspiration/build-cards.ts';
import { refreshInspiration } from '../inspiration/refresh-inspiration.ts';
import { refreshBody } from '../wire-schemas.ts';

/** When cache-worker gives no deadline: well inside its CronJob's 20 minutes. */
const DEFAULT_DEADLINE_MS = 120_000;

/** Calls from our other services only (x-service-token); invisible (404) to everyone else. */
export function internalRoutes(ctx: TravelContext): Hono<TravelEnv> {
  const app = new Hono<TravelEnv>();
  app.use('*', requireServiceToken(ctx.config.SERVICE_TOKEN));

  // cache-worker's warming call (docs/pages.md): every inspiration card, rebuilt.
  app.post('/cache/refresh', async (c) => {
    const hasBody = (c.req.header('content-length') ?? '0') !== '0' || c.req.header('transfer-encoding');
    const { deadlineMs = DEFAULT_DEADLINE_MS } = hasBody ? await jsonBody(c, refreshBody) : {};
    const report = await refreshInspiration(
      ctx.cache,
      (season, theme) => buildInspiration(ctx.search, ctx.logger, season, theme, ctx.now()),
      deadlineMs,
    );
    c.get('logger').info(
      {
        refreshed: report.refreshed.length,
        failed: report.failed.length,
        skipped: report.skipped.length,
        durationMs: report.durationMs,
      },
      'inspiration refreshed',
    );
    return c.json(report);
  });

  return app;
}
