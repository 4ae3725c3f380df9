import type { Cached, Freshness, SwrCache } from '@perplexica/cache';
import type { Topic } from '../topics.ts';
import type { TopicFeed } from './build-feed.ts';

/** A topic's feed as served: the parsed feed and how the cache had it. */
export interface ServedFeed {
  feed: TopicFeed;
  cached: Cached;
}

export interface TopicFeeds {
  /** From the cache (fresh or stale), or built now on a miss; 502/504 when nothing is servable. */
  get(topic: Topic): Promise<ServedFeed>;
  /** Rebuilds and stores the feed now (the cache-worker's refresh, a custom topic's refresh). */
  refresh(topic: Topic): Promise<ServedFeed>;
}

export const feedKey = (topicId: string) => `feed:${topicId}`;
const keyOf = (topic: Topic) => topic.cacheKey ?? feedKey(topic.id);
/** Parsed feeds kept per replica: every configured topic, and the custom topics read lately. */
const PARSED_FEEDS_KEPT = 256;

/**
 * Topic feeds behind @perplexica/cache's stale-while-revalidate: one Redis entry per topic
 * (`feed:<id>`), shared by every replica, pages cut from it per request. The parsed feed of the
 * entry last read is kept per topic, so a hot topic is parsed once per build, not per request.
 */
export function createTopicFeeds(options: {
  cache: SwrCache;
  freshness: Freshness;
  build: (topic: Topic) => Promise<TopicFeed>;
}): TopicFeeds {
  const parsed = new Map<string, { storedAt: number; feed: TopicFeed }>();
  const parse = (key: string, cached: Cached): TopicFeed => {
    const held = parsed.get(key);
    if (held && held.storedAt === cached.storedAt) return held.feed;
    const feed = JSON.parse(cached.json) as TopicFeed;
    // Users' custom topics make the keys unbounded: the oldest entry goes when the map is full.
    parsed.delete(key);
    parsed.set(key, { storedAt: cached.storedAt, feed });
    if (parsed.size > PARSED_FEEDS_KEPT) parsed.delete(parsed.keys().next().value as string);
    return feed;
  };
  return {
    async get(topic) {
      const key = keyOf(topic);
      const cached = await options.cache.get(key, options.freshness, () => options.build(topic));
      return { feed: parse(key, cached), cached };
    },
    async refresh(topic) {
      const key = keyOf(topic);
      const cached = await options.cache.refresh(key, options.freshness, () => options.build(topic));
      return { feed: parse(key, cached), cached };
    },
  };
}
