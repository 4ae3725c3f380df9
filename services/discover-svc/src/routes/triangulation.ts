import { currentUser } from '@perplexica/auth-kit';
import { notFound } from '@perplexica/errors';
import { pathParams, queryParams } from '@perplexica/http';
import { Hono } from 'hono';
import { customTopicAsTopic } from '../custom-topics/custom-topic-feed.ts';
import { findCustomTopic } from '../custom-topics/custom-topic-repository.ts';
import type { DiscoverContext, DiscoverEnv } from '../deps.ts';
import type { Topic } from '../topics.ts';
import { topicPath, triangulationQuery } from '../wire-schemas.ts';

/**
 * GET /stories/:id/triangulation?topic=: where a story's outlets agree and differ. Served apart
 * from the feed so a page of stories stays small; the story is looked up in the topic's cached
 * feed (a configured topic, or one of the caller's custom topics).
 */
export function triangulationRoutes(ctx: DiscoverContext): Hono<DiscoverEnv> {
  const app = new Hono<DiscoverEnv>();
  const query = triangulationQuery(ctx.defaultTopic.id);

  const topicFor = async (userId: string, id: string): Promise<Topic> => {
    const configured = ctx.topicById.get(id);
    if (configured) return configured;
    const custom = await findCustomTopic(ctx.db, userId, id);
    if (!custom) throw notFound('Topic');
    return customTopicAsTopic(custom);
  };

  app.get('/:id/triangulation', async (c) => {
    const { id } = pathParams(c, topicPath);
    const topic = await topicFor(currentUser(c).id, queryParams(c, query).topic);
    const { feed } = await ctx.feeds.get(topic);
    const story = feed.stories.find((candidate) => candidate.id === id);
    if (!story) throw notFound('Story');
    return c.json({
      story: { id: story.id, title: story.title, outlets: story.outlets },
      topic: feed.topic,
      sources: story.sources,
      // null: one outlet only (nothing to compare), or a feed cached before triangulation existed.
      triangulation: story.triangulation ?? null,
    });
  });

  return app;
}
