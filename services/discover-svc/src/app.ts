import { createSwrCache } from '@perplexica/cache';
import {
  createCallers,
  createServiceApp,
  parseRateLimits,
  type RateLimitRule,
  rateLimit,
  signedInCallers,
} from '@perplexica/http';
import { createModelFromEnv } from '@perplexica/llm';
import { pingRedis } from '@perplexica/redis';
import type { Hono } from 'hono';
import type { DiscoverContext, DiscoverDeps, DiscoverEnv } from './deps.ts';
import { createFeedBuilder } from './feed/build-feed.ts';
import { describeError } from './feed/provider-failure.ts';
import { createTopicFeeds } from './feed/topic-feeds.ts';
import { modelSummarizer } from './news/model-summary.ts';
import { createSummaryMemo } from './news/summary-memo.ts';
import { customTopicRoutes } from './routes/custom-topics.ts';
import { discoverRoutes } from './routes/discover.ts';
import { internalRoutes } from './routes/internal.ts';
import { triangulationRoutes } from './routes/triangulation.ts';
import { createSearchClient } from './search-client.ts';
import { configuredTopics, type Topic } from './topics.ts';

const defaultRateLimits = {
  /** Everything a signed-in caller (or API key) does on the Discover page; reads are cached. */
  default: { limit: 600, windowMs: 60_000 },
  /** Rebuilding a custom topic on demand: up to 30 searches and feed fetches each. */
  'custom-refresh': { limit: 10, windowMs: 60_000 },
};

export const DISCOVER_PATH = '/api/v1/discover';

export function buildContext(deps: DiscoverDeps): DiscoverContext {
  const { config, logger } = deps;
  const topics = configuredTopics(config);
  const search = createSearchClient({
    baseUrl: config.SEARCH_SERVICE_URL,
    serviceToken: config.SERVICE_TOKEN,
    timeoutMs: config.SEARCH_TIMEOUT_MS,
  });
  // null without LLM_PROVIDER: summaries are then extractive, and say so.
  const model = createModelFromEnv(config);
  const build = createFeedBuilder({
    search,
    summarizer: model ? modelSummarizer(model, config.LLM_PROVIDER) : null,
    memo: createSummaryMemo(deps.redis, config.DISCOVER_SUMMARY_MEMO_SECONDS),
    logger,
    settings: {
      timeRange: config.DISCOVER_TIME_RANGE,
      minArticles: config.DISCOVER_MIN_ARTICLES,
      resultsPerQuery: config.DISCOVER_RESULTS_PER_QUERY,
      itemsPerFeed: config.DISCOVER_ITEMS_PER_FEED,
      feedMaxBytes: config.FEED_MAX_BYTES,
      maxStories: config.DISCOVER_MAX_STORIES,
      clusterThreshold: config.DISCOVER_CLUSTER_THRESHOLD,
      modelSummaries: config.DISCOVER_MODEL_SUMMARIES,
      summaryConcurrency: config.DISCOVER_SUMMARY_CONCURRENCY,
    },
  });
  const freshness = { freshMs: config.DISCOVER_FRESH_MS, staleMs: config.DISCOVER_STALE_MS };
  const cache = createSwrCache({
    redis: deps.redis,
    namespace: 'cache:',
    onBackgroundError: (key, error) =>
      logger.warn({ key, reason: describeError(error) }, 'background refresh failed; serving the stale copy'),
  });
  return {
    config,
    logger,
    db: deps.database.db,
    topics,
    topicById: new Map(topics.map((topic) => [topic.id, topic])),
    defaultTopic: topics.find((topic) => topic.id === 'top') ?? (topics[0] as Topic),
    feeds: createTopicFeeds({ cache, freshness, build }),
    freshness,
    // API keys with the `discover` scope read the feeds too (news widgets, scripts).
    ...createCallers(config, deps.redis),
  };
}

/** discover-svc's HTTP API; tests serve it on a free port, main.ts in production. */
export function createApp(deps: DiscoverDeps): Hono<DiscoverEnv> {
  const ctx = buildContext(deps);
  const { config } = ctx;
  const limits = parseRateLimits(config.RATE_LIMITS, defaultRateLimits);
  const app = createServiceApp<DiscoverEnv>({
    name: 'discover-svc',
    logger: deps.logger,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    readiness: { postgres: () => deps.database.ping(), redis: () => pingRedis(deps.redis) },
  });

  app.route('/internal/v1', internalRoutes(ctx));

  // "/discover/*" matches "/discover" too in Hono: one registration, so nothing runs twice.
  app.use(
    `${DISCOVER_PATH}/*`,
    ...signedInCallers(ctx, {
      scope: 'discover',
      rule: limits.default as RateLimitRule,
      trustProxy: config.TRUST_PROXY,
    }),
  );
  app.route(`${DISCOVER_PATH}/stories`, triangulationRoutes(ctx));
  app.route(
    `${DISCOVER_PATH}/custom-topics`,
    customTopicRoutes(ctx, {
      refreshLimit: rateLimit({
        limiter: ctx.limiter,
        group: 'custom-refresh',
        rule: limits['custom-refresh'] as RateLimitRule,
        trustProxy: config.TRUST_PROXY,
      }),
    }),
  );
  app.route(DISCOVER_PATH, discoverRoutes(ctx));
  return app;
}
