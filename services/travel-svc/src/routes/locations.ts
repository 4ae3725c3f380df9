import { cachedJson, pathParams, queryParams } from '@perplexica/http';
import { Hono } from 'hono';
import type { TravelContext, TravelEnv } from '../deps.ts';
import { freshness } from '../freshness.ts';
import { languageQuery, locationPath, locationSearchQuery } from '../wire-schemas.ts';

/** Places from Tripadvisor's Content API, normalised and cached; links back to Tripadvisor kept. */
export function locationRoutes(ctx: TravelContext): Hono<TravelEnv> {
  const app = new Hono<TravelEnv>();
  const { tripadvisor } = ctx;
  const languageOf = (given: string | undefined) => given ?? ctx.config.TRIPADVISOR_LANGUAGE;

  app.get('/', async (c) => {
    const query = queryParams(c, locationSearchQuery);
    const language = languageOf(query.language);
    const key = `ta:search:${language}:${query.category ?? 'all'}:${query.query.toLowerCase()}`;
    const cached = await ctx.cache.get(key, freshness.locationSearch, async () => ({
      locations: await tripadvisor.search(query.query, query.category, language),
      provider: 'tripadvisor',
    }));
    return cachedJson(c, cached, { freshMs: freshness.locationSearch.freshMs, now: ctx.now(), shared: true });
  });

  app.get('/:id', async (c) => {
    const { id } = pathParams(c, locationPath);
    const language = languageOf(queryParams(c, languageQuery).language);
    const cached = await ctx.cache.get(
      `ta:details:${language}:${id}`,
      freshness.locationDetails,
      async () => ({
        location: await tripadvisor.details(id, language),
        provider: 'tripadvisor',
      }),
    );
    return cachedJson(c, cached, {
      freshMs: freshness.locationDetails.freshMs,
      now: ctx.now(),
      shared: true,
    });
  });

  app.get('/:id/reviews', async (c) => {
    const { id } = pathParams(c, locationPath);
    const language = languageOf(queryParams(c, languageQuery).language);
    const cached = await ctx.cache.get(
      `ta:reviews:${language}:${id}`,
      freshness.locationReviews,
      async () => ({
        reviews: await tripadvisor.reviews(id, language),
        provider: 'tripadvisor',
      }),
    );
    return cachedJson(c, cached, {
      freshMs: freshness.locationReviews.freshMs,
      now: ctx.now(),
      shared: true,
    });
  });

  app.get('/:id/photos', async (c) => {
    const { id } = pathParams(c, locationPath);
    const language = languageOf(queryParams(c, languageQuery).language);
    const cached = await ctx.cache.get(`ta:photos:${language}:${id}`, freshness.locationPhotos, async () => ({
      photos: await tripadvisor.photos(id, language),
      provider: 'tripadvisor',
    }));
    return cachedJson(c, cached, { freshMs: freshness.locationPhotos.freshMs, now: ctx.now(), shared: true });
  });

  return app;
}
