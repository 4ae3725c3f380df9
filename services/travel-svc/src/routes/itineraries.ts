import { cachedJson, jsonBody } from '@perplexica/http';
import { Hono } from 'hono';
import type { TravelContext, TravelEnv } from '../deps.ts';
import { freshness } from '../freshness.ts';
import { itineraryKey, planItinerary } from '../itinerary/plan-itinerary.ts';
import { itineraryBody } from '../wire-schemas.ts';

/**
 * Day-by-day plans grounded in search results and cited. Plans hold nothing personal (the same
 * inputs give the same plan), so they are shared through the cache by everyone who asks for them.
 */
export function itineraryRoutes(ctx: TravelContext): Hono<TravelEnv> {
  const app = new Hono<TravelEnv>();
  const body = itineraryBody(ctx.now);
  const planner = {
    search: ctx.search,
    model: ctx.model,
    modelTimeoutMs: ctx.config.MODEL_TIMEOUT_MS,
    now: ctx.now,
  };

  app.post('/', async (c) => {
    const request = await jsonBody(c, body);
    const cached = await ctx.cache.get(itineraryKey(request, ctx.model), freshness.itinerary, () =>
      planItinerary(planner, request),
    );
    return cachedJson(c, cached, { freshMs: freshness.itinerary.freshMs, now: ctx.now(), shared: false });
  });

  return app;
}
