import { createHash } from 'node:crypto';
import type { Logger } from '@perplexica/observability';
import type { Redis } from '@perplexica/redis';
import type { Counter } from 'prom-client';
import type { SearxngAnswer, SearxngQuery } from '../searxng/searxng-client.ts';
import { bareHost, hasFilters } from './search-filters.ts';
import type { SearchFilters } from './types.ts';

export interface SearchCacheOptions {
  /** Seconds per SearXNG category; a request with several categories lives as long as its shortest. */
  ttlByCategory: Record<string, number>;
  defaultTtlSeconds: number;
  logger: Logger;
  /** Counts lookups by result (hit, miss, error): the dashboard's cache hit rate. */
  lookups?: Counter<'result'>;
}

/**
 * Entries hold SearXNG's answer to the query as sent (site: terms and time_range included); the
 * filters' post-filter runs on every read, so an entry can never hand out a result outside them,
 * however long it lives (a result ages out of "the past hour" while cached).
 */
export interface SearchCache {
  get(query: SearxngQuery, filters?: SearchFilters): Promise<SearxngAnswer | null>;
  set(query: SearxngQuery, answer: SearxngAnswer, filters?: SearchFilters): Promise<void>;
}

// Answers missing some engines are worth keeping briefly (they absorb bursts), not for an hour.
const PARTIAL_ANSWER_TTL_SECONDS = 60;

const sortedHosts = (domains: string[] | undefined) => [...new Set((domains ?? []).map(bareHost))].sort();

/**
 * The cache key: a hash of the request as SearXNG sees it plus the filters, so spelling variants
 * share one entry and a filtered search never shares one with an unfiltered one (or with other
 * filters). A recency is keyed by its name, not its moving window, so it stays reusable.
 */
export function searchCacheKey(query: SearxngQuery, filters?: SearchFilters): string {
  const normalised = {
    q: query.query.trim().replace(/\s+/g, ' ').toLowerCase(),
    categories: [...(query.categories ?? [])].sort(),
    engines: [...(query.engines ?? [])].sort(),
    language: query.language?.toLowerCase() ?? null,
    timeRange: query.timeRange ?? null,
    safesearch: query.safesearch ?? null,
    pageno: query.pageno,
    ...(hasFilters(filters)
      ? {
          filters: {
            allow: sortedHosts(filters.allowDomains),
            deny: sortedHosts(filters.denyDomains),
            recency: filters.recency ?? null,
            after: filters.publishedAfter ?? null,
            before: filters.publishedBefore ?? null,
          },
        }
      : {}),
  };
  return `results:${createHash('sha256').update(JSON.stringify(normalised)).digest('hex')}`;
}

/**
 * Normalised SearXNG answers in Redis. A broken Redis must not break search, so cache errors are
 * logged and treated as misses.
 */
export function createSearchCache(redis: Redis, options: SearchCacheOptions): SearchCache {
  const ttlFor = (query: SearxngQuery, answer: SearxngAnswer) => {
    const perCategory = (query.categories ?? []).map(
      (category) => options.ttlByCategory[category] ?? options.defaultTtlSeconds,
    );
    const ttl = perCategory.length > 0 ? Math.min(...perCategory) : options.defaultTtlSeconds;
    return answer.unresponsiveEngines.length > 0 ? Math.min(ttl, PARTIAL_ANSWER_TTL_SECONDS) : ttl;
  };
  return {
    async get(query, filters) {
      try {
        const raw = await redis.get(searchCacheKey(query, filters));
        options.lookups?.inc({ result: raw ? 'hit' : 'miss' });
        return raw ? (JSON.parse(raw) as SearxngAnswer) : null;
      } catch (error) {
        options.lookups?.inc({ result: 'error' });
        options.logger.warn({ err: error }, 'search cache read failed; asking SearXNG');
        return null;
      }
    },
    async set(query, answer, filters) {
      const ttl = ttlFor(query, answer);
      if (ttl <= 0) return;
      try {
        await redis.set(searchCacheKey(query, filters), JSON.stringify(answer), 'EX', ttl);
      } catch (error) {
        options.logger.warn({ err: error }, 'search cache write failed');
      }
    },
  };
}
