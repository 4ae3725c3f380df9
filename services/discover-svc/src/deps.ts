import type { ApiKeyVerifier, TokenVerifier } from '@perplexica/auth-kit';
import type { Freshness } from '@perplexica/cache';
import type { Database } from '@perplexica/db';
import type { ServiceEnv } from '@perplexica/http';
import type { Logger } from '@perplexica/observability';
import type { Redis, SlidingWindowLimiter } from '@perplexica/redis';
import type { DiscoverConfig } from './config.ts';
import type { DiscoverDatabase } from './db/schema.ts';
import type { TopicFeeds } from './feed/topic-feeds.ts';
import type { Topic } from './topics.ts';

/** What main.ts (or a test) hands to createApp. */
export interface DiscoverDeps {
  config: DiscoverConfig;
  logger: Logger;
  database: Database<DiscoverDatabase>;
  redis: Redis;
}

/** Everything routes use, built once from the deps. */
export interface DiscoverContext {
  config: DiscoverConfig;
  logger: Logger;
  db: Database<DiscoverDatabase>['db'];
  /** In DISCOVER_TOPICS order, with their feeds. */
  topics: Topic[];
  topicById: Map<string, Topic>;
  /** The topic For You shows a user who follows none (the first configured, "top" by default). */
  defaultTopic: Topic;
  feeds: TopicFeeds;
  freshness: Freshness;
  tokens: TokenVerifier;
  apiKeys: ApiKeyVerifier;
  limiter: SlidingWindowLimiter;
}

export type DiscoverEnv = ServiceEnv;
