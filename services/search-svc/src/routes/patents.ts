import { ApiError } from '@perplexica/errors';
import { queryParams } from '@perplexica/http';
import { Hono } from 'hono';
import type { SearchContext, SearchEnv } from '../deps.ts';
import { patentsQuery } from './request-schemas.ts';

/** Public patent search (signed-in users and API keys), through SearXNG's google_patents engine. */
export function patentRoutes(ctx: SearchContext): Hono<SearchEnv> {
  const app = new Hono<SearchEnv>();
  app.get('/', async (c) => {
    const { q, pageno } = queryParams(c, patentsQuery);
    if (ctx.search.backendFor('patents') !== 'searxng') {
      throw new ApiError(
        'not_configured',
        'Patent search needs SearXNG: set SEARXNG_URL and enable the google_patents engine in its settings.yml',
      );
    }
    const { results } = await ctx.search.search({ query: q, focus: 'patents', pageno, limit: 20 });
    return c.json({ results });
  });
  return app;
}
