import { jsonBody, requireServiceToken } from '@perplexica/http';
import { Hono } from 'hono';
import type { SearchContext, SearchEnv } from '../deps.ts';
import { documentStats, ingestDocument } from '../local/local-documents.ts';
import { readPages, research } from '../research.ts';
import { fetchRefusal } from './fetch-refusals.ts';
import { documentBody, fetchBody, fetchRawBody, researchBody, searchBody } from './request-schemas.ts';

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

  // A text document as served (feeds, sitemaps, pages), through the same SSRF guard and limits as
  // the page reader; for callers that parse it themselves (projects-svc's connectors).
  app.post('/fetch-raw', async (c) => {
    const { url, maxBytes } = await jsonBody(c, fetchRawBody);
    const outcome = await ctx.reader.readRaw(url, maxBytes);
    if ('failure' in outcome) throw fetchRefusal(outcome.failure);
    return c.json(outcome.document);
  });

  app.post('/documents', async (c) => {
    const outcome = await ingestDocument(ctx.db, await jsonBody(c, documentBody));
    return c.json(outcome, outcome.status === 'added' ? 201 : 200);
  });

  app.get('/documents/stats', async (c) => c.json(await documentStats(ctx.db)));
  return app;
}
