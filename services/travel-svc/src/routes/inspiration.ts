import { cachedJson, queryParams } from '@perplexica/http';
import { Hono } from 'hono';
import type { TravelContext, TravelEnv } from '../deps.ts';
import { freshness } from '../freshness.ts';
import { buildInspiration } from '../inspiration/build-cards.ts';
import { inspirationKey, seasonAt } from '../inspiration/seasons.ts';
import { inspirationQuery } from '../wire-schemas.ts';

/** Destination cards per season and theme, kept warm by cache-worker (see routes/internal.ts). */
export function inspirationRoutes(ctx: TravelContext): Hono<TravelEnv> {
  const app = new Hono<TravelEnv>();

  app.get('/', async (c) => {
    const query = queryParams(c, inspirationQuery);
    const season = query.season ?? seasonAt(ctx.now());
    const cached = await ctx.cache.get(inspirationKey(season, query.theme), freshness.inspiration, () =>
      buildInspiration(ctx.search, ctx.logger, season, query.theme, ctx.now()),
    );
    return cachedJson(c, cached, { freshMs: freshness.inspiration.freshMs, now: ctx.now(), shared: true });
  });

  return app;
}
