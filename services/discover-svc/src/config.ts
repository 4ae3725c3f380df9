import {
  jwtEnv,
  kitEnv,
  list,
  positiveInt,
  postgresEnv,
  redisEnv,
  serviceAuthEnv,
  urlWith,
} from '@perplexica/config';
import { llmEnv } from '@perplexica/llm';
import { z } from 'zod';
import { feedsField, topicsField } from './topics.ts';

/** Every variable discover-svc reads, parsed once at boot (see README for each). */
export const discoverConfigSchema = z
  .object({
    ...kitEnv(3002),
    ...postgresEnv,
    ...redisEnv,
    ...serviceAuthEnv,
    ...jwtEnv,
    ...llmEnv,
    DB_SCHEMA: z.string().default('discover'),
    REDIS_KEY_PREFIX: z.string().default('perplexica:discover:'),
    /** News searches and feed fetches go through search-svc (SearXNG, and its SSRF guard). */
    SEARCH_SERVICE_URL: urlWith('http', 'https').default('http://127.0.0.1:3001'),
    SEARCH_TIMEOUT_MS: positiveInt(15_000),
    /** Topics and their searches: "top=top news|breaking news;tech=technology|ai;…". */
    DISCOVER_TOPICS: topicsField,
    /** RSS/Atom feeds per topic: "tech=https://…/feed,science=https://…/rss". */
    DISCOVER_FEEDS: feedsField,
    /** How far back the news searches look first; a thin day is widened to the week. */
    DISCOVER_TIME_RANGE: z.enum(['day', 'week']).default('day'),
    /** Fewer distinct articles than this from the day's searches, and the week is searched too. */
    DISCOVER_MIN_ARTICLES: z.coerce.number().int().min(0).default(24),
    /** Results asked of search-svc per search (it allows 1..50). */
    DISCOVER_RESULTS_PER_QUERY: z.coerce.number().int().min(1).max(50).default(20),
    /** Items read from one feed at most. */
    DISCOVER_ITEMS_PER_FEED: positiveInt(40),
    FEED_MAX_BYTES: positiveInt(2_000_000),
    /** Stories kept per topic (pages of 12). */
    DISCOVER_MAX_STORIES: positiveInt(60),
    /** Weighted Jaccard similarity (0..1) at which two articles are taken for the same story. */
    DISCOVER_CLUSTER_THRESHOLD: z.coerce.number().min(0.05).max(1).default(0.15),
    /** How many of a topic's best stories get a model summary (the rest are extractive). */
    DISCOVER_MODEL_SUMMARIES: z.coerce.number().int().min(0).default(24),
    DISCOVER_SUMMARY_CONCURRENCY: positiveInt(4),
    /** A model summary is reused this long while its story keeps the same sources. */
    DISCOVER_SUMMARY_MEMO_SECONDS: positiveInt(86_400),
    /** A topic's feed is served as is this long, then served stale (while rebuilt) until DISCOVER_STALE_MS. */
    DISCOVER_FRESH_MS: positiveInt(600_000),
    DISCOVER_STALE_MS: positiveInt(21_600_000),
    /** Topics the refresh route rebuilds side by side. */
    DISCOVER_REFRESH_CONCURRENCY: positiveInt(2),
    /**
     * host:port pairs users' custom feeds may name although they are private or local (a feed on
     * the operator's own network); search-svc's FETCH_ALLOW_PRIVATE_HOSTS must allow them too.
     */
    CUSTOM_FEEDS_ALLOW_PRIVATE_HOSTS: list(),
  })
  .superRefine((env, ctx) => {
    const known = new Set(env.DISCOVER_TOPICS.map((topic) => topic.id));
    for (const id of env.DISCOVER_FEEDS.keys()) {
      if (!known.has(id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['DISCOVER_FEEDS'],
          message: `feeds are given for topic "${id}", which DISCOVER_TOPICS does not define`,
        });
      }
    }
    if (env.DISCOVER_STALE_MS <= env.DISCOVER_FRESH_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['DISCOVER_STALE_MS'],
        message: 'must be longer than DISCOVER_FRESH_MS',
      });
    }
  });

export type DiscoverConfig = z.infer<typeof discoverConfigSchema>;
