import { cachedJson, queryParams } from '@perplexica/http';
import { Hono } from 'hono';
import type { MediaContext, MediaEnv } from '../deps.ts';
import { mediaKinds, mediaQuery } from '../wire-schemas.ts';

/** `GET /images` and `GET /videos`: one page of SearXNG's image or video results, through the cache. */
export function mediaRoutes(ctx: MediaContext): Hono<MediaEnv> {
  const app = new Hono<MediaEnv>();
  for (const kind of mediaKinds) {
    app.get(`/${kind}`, async (c) => {
      const query = queryParams(c, mediaQuery);
      const cached = await ctx.media.find(kind, query);
      // The same results for every signed-in caller of the same query.
      return cachedJson(c, cached, { freshMs: ctx.media.freshness.freshMs, now: ctx.now(), shared: true });
    });
  }
  return app;
}
