import { jsonBody, requireServiceToken } from '@perplexica/http';
import { Hono } from 'hono';
import type { SearchContext, SearchEnv } from '../deps.ts';
import { documentStats, ingestDocument } from '../local/local-documents.ts';
import { readPages, research } from '../research.ts';
import { documentBody, fetchBody, researchBody, searchBody } from './request-schemas.ts';

/** Calls from our other services only (x-service-token); invisible (404) to everyone else. */
export function internalRoutes(ctx: SearchContext): Hono<SearchEnv> {
  const app = new Hono<SearchEnv>();
  app.use('*', requireServiceToken(ctx.config.SERVICE_TOKEN));

  app.post('/search', async (c) => c.json(await ctx.search.search(await jsonBody(c, searchBody))));

  app.post('/research', async (c) => {
    const body = await jsonBody(c, researchBody);
    return c.json(await research({ search: ctx.search, reader: ctx.reader, db: ctx.db }, body));
  });

  app.post('/fetch', async (c) => {
    const { urls, maxCharsPerPage } = await jsonBody(c, fetchBody);
    return c.json(await readPages(ctx.reader, urls, maxCharsPerPage));
  });

  app.post('/documents', async (c) => {
    const outcome = await ingestDocument(ctx.db, await jsonBody(c, documentBody));
    return c.json(outcome, outcome.status === 'added' ? 201 : 200);
  });

  app.get('/documents/stats', async (c) => c.json(await documentStats(ctx.db)));
  return app;
}
