import { currentUser } from '@perplexica/auth-kit';
import { notFound } from '@perplexica/errors';
import { pathParams, queryParams } from '@perplexica/http';
import { Hono } from 'hono';
import type { DiscoverContext, DiscoverEnv } from '../deps.ts';
import { combinedState, setCacheHeaders } from '../feed/cache-headers.ts';
import { mergeFeeds } from '../feed/merge-feeds.ts';
import { describeError } from '../feed/provider-failure.ts';
import { followedTopicIds, followTopic, unfollowTopic } from '../follow-repository.ts';
import type { Topic } from '../topics.ts';
import { feedPage, pageOf, topicView } from '../views.ts';
import { feedQuery, forYouQuery, topicPath } from '../wire-schemas.ts';

/** The Discover page: topic feeds, For You, and which topics the caller follows. */
export function discoverRoutes(ctx: DiscoverContext): Hono<DiscoverEnv> {
  const app = new Hono<DiscoverEnv>();
  const ids = ctx.topics.map((topic) => topic.id) as [string, ...string[]];
  const topicQuery = feedQuery(ids, ctx.defaultTopic.id);

  /** A topic from the path; an unknown one is 404 like any unknown id. */
  const pathTopic = (id: string): Topic => {
    const topic = ctx.topicById.get(id);
    if (!topic) throw notFound('Topic');
    return topic;
  };

  app.get('/', async (c) => {
    const { topic: topicId, page } = queryParams(c, topicQuery);
    const topic = ctx.topicById.get(topicId) as Topic;
    const { feed, cached } = await ctx.feeds.get(topic);
    const body = feedPage(feed, page);
    setCacheHeaders(c, cached, { freshMs: ctx.freshness.freshMs, shared: true });
    return c.json(body);
  });

  app.get('/for-you', async (c) => {
    const { page } = queryParams(c, forYouQuery);
    const followed = (await followedTopicIds(ctx.db, currentUser(c).id))
      .map((id) => ctx.topicById.get(id))
      .filter((topic): topic is Topic => topic !== undefined);
    const topics = followed.length > 0 ? followed : [ctx.defaultTopic];
    const outcomes = await Promise.allSettled(topics.map((topic) => ctx.feeds.get(topic)));
    const served = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const unavailable = outcomes.flatMap((outcome, index) =>
      outcome.status === 'rejected'
        ? [{ topic: (topics[index] as Topic).id, reason: describeError(outcome.reason) }]
        : [],
    );
    // Nothing at all to show: the first topic's failure (502/504) says why.
    const firstFailure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (served.length === 0 && firstFailure) throw firstFailure.reason;
    const body = {
      topics: topics.map((topic) => ({ id: topic.id, label: topic.label })),
      followed: followed.length > 0,
      unavailable,
      ...pageOf(mergeFeeds(served.map((entry) => entry.feed)), page),
    };
    setCacheHeaders(
      c,
      {
        state: combinedState(served.map((entry) => entry.cached.state)),
        storedAt: Math.min(...served.map((entry) => entry.cached.storedAt)),
      },
      { freshMs: ctx.freshness.freshMs, shared: false },
    );
    return c.json(body);
  });

  app.get('/topics', async (c) => {
    const followed = new Set(await followedTopicIds(ctx.db, currentUser(c).id));
    return c.json({ topics: ctx.topics.map((topic) => topicView(topic, followed.has(topic.id))) });
  });

  app.put('/topics/:id/follow', async (c) => {
    const topic = pathTopic(pathParams(c, topicPath).id);
    const created = await followTopic(ctx.db, currentUser(c).id, topic.id);
    return c.json({ topic: topicView(topic, true) }, created ? 201 : 200);
  });

  app.delete('/topics/:id/follow', async (c) => {
    const topic = pathTopic(pathParams(c, topicPath).id);
    await unfollowTopic(ctx.db, currentUser(c).id, topic.id);
    return c.body(null, 204);
  });

  return app;
}
