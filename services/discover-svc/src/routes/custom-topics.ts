import { currentUser } from '@perplexica/auth-kit';
import { ApiError, notFound } from '@perplexica/errors';
import { jsonBody, pathParams, queryParams } from '@perplexica/http';
import { Hono, type MiddlewareHandler } from 'hono';
import { customTopicAsTopic, customTopicView } from '../custom-topics/custom-topic-feed.ts';
import {
  createCustomTopicBody,
  hasSources,
  NO_SOURCES,
  updateCustomTopicBody,
} from '../custom-topics/custom-topic-input.ts';
import {
  type CustomTopicRow,
  createCustomTopic,
  deleteCustomTopic,
  findCustomTopic,
  listCustomTopics,
  updateCustomTopic,
} from '../custom-topics/custom-topic-repository.ts';
import type { DiscoverContext, DiscoverEnv } from '../deps.ts';
import { setCacheHeaders } from '../feed/cache-headers.ts';
import { feedPage } from '../views.ts';
import { forYouQuery, topicPath } from '../wire-schemas.ts';

/**
 * A user's own Discover topics: RSS/Atom feeds, keywords and sites, each topic with a feed built
 * and cached like a configured topic's. Only their owner sees them; anyone else gets 404.
 */
export function customTopicRoutes(
  ctx: DiscoverContext,
  options: { refreshLimit: MiddlewareHandler },
): Hono<DiscoverEnv> {
  const app = new Hono<DiscoverEnv>();
  const allowPrivate = ctx.config.CUSTOM_FEEDS_ALLOW_PRIVATE_HOSTS;
  const createBody = createCustomTopicBody(allowPrivate);
  const updateBody = updateCustomTopicBody(allowPrivate);

  const ownTopic = async (userId: string, id: string): Promise<CustomTopicRow> => {
    const row = await findCustomTopic(ctx.db, userId, id);
    if (!row) throw notFound('Custom topic');
    return row;
  };

  app.get('/', async (c) => {
    const rows = await listCustomTopics(ctx.db, currentUser(c).id);
    return c.json({ topics: rows.map(customTopicView) });
  });

  app.post('/', async (c) => {
    const input = await jsonBody(c, createBody);
    const row = await createCustomTopic(ctx.db, currentUser(c).id, input);
    return c.json({ topic: customTopicView(row) }, 201);
  });

  app.get('/:id', async (c) => {
    const row = await ownTopic(currentUser(c).id, pathParams(c, topicPath).id);
    return c.json({ topic: customTopicView(row) });
  });

  app.patch('/:id', async (c) => {
    const userId = currentUser(c).id;
    const { id } = pathParams(c, topicPath);
    // Ownership first: someone else's topic is 404 whatever the body says.
    const current = await ownTopic(userId, id);
    const changes = await jsonBody(c, updateBody);
    if (!hasSources({ ...current, ...changes })) {
      throw new ApiError('validation_failed', `body: ${NO_SOURCES}`, {
        details: [{ path: 'body', message: NO_SOURCES }],
      });
    }
    const row = await updateCustomTopic(ctx.db, userId, id, changes);
    if (!row) throw notFound('Custom topic');
    return c.json({ topic: customTopicView(row) });
  });

  app.delete('/:id', async (c) => {
    const deleted = await deleteCustomTopic(ctx.db, currentUser(c).id, pathParams(c, topicPath).id);
    if (!deleted) throw notFound('Custom topic');
    return c.body(null, 204);
  });

  /** Its feed, paged like a configured topic's; cached per topic (and per version of its sources). */
  app.get('/:id/feed', async (c) => {
    const row = await ownTopic(currentUser(c).id, pathParams(c, topicPath).id);
    const { page } = queryParams(c, forYouQuery);
    const { feed, cached } = await ctx.feeds.get(customTopicAsTopic(row));
    const body = feedPage(feed, page);
    setCacheHeaders(c, cached, { freshMs: ctx.freshness.freshMs, shared: false });
    return c.json(body);
  });

  /** Rebuilds its feed now ("refresh" on the page), under its own, tighter rate limit. */
  app.post('/:id/refresh', options.refreshLimit, async (c) => {
    const row = await ownTopic(currentUser(c).id, pathParams(c, topicPath).id);
    const { feed, cached } = await ctx.feeds.refresh(customTopicAsTopic(row));
    setCacheHeaders(c, cached, { freshMs: ctx.freshness.freshMs, shared: false });
    return c.json(feedPage(feed, 1));
  });

  return app;
}
