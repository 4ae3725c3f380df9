import { createHash } from 'node:crypto';
import type { Logger } from '@perplexica/observability';
import type { Redis } from '@perplexica/redis';
import type { Counter } from 'prom-client';
import type { SearxngAnswer, SearxngQuery } from '../searxng/searxng-client.ts';

export interface SearchCacheOptions {
  /** Seconds per SearXNG category; a request with several categories lives as long as its shortest. */
  ttlByCategory: Record<string, number>;
  defaultTtlSeconds: number;
  logger: Logger;
  /** Counts lookups by result (hit, miss, error): the dashboard's cache hit rate. */
  lookups?: Counter<'result'>;
}

export interface SearchCache {
  get(query: SearxngQuery): Promise<SearxngAnswer | null>;
  set(query: SearxngQuery, answer: SearxngAnswer): Promise<void>;
}

// Answers missing some engines are worth keeping briefly (they absorb bursts), not for an hour.
const PARTIAL_ANSWER_TTL_SECONDS = 60;

/** The cache key: a hash of the request as SearXNG sees it, so spelling variants share one entry. */
export function searchCacheKey(query: SearxngQuery): string {
  const normalised = {
    q: query.query.trim().replace(/\s+/g, ' ').toLowerCase(),
    categories: [...(query.categories ?? [])].sort(),
    engines: [...(query.engines ?? [])].sort(),
    language: query.language?.toLowerCase() ?? null,
    timeRange: query.timeRange ?? null,
    safesearch: query.safesearch ?? null,
    pageno: query.pageno,
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
    async get(query) {
      try {
        const raw = await redis.get(searchCacheKey(query));
        options.lookups?.inc({ result: raw ? 'hit' : 'miss' });
        return raw ? (JSON.parse(raw) as SearxngAnswer) : null;
      } catch (error) {
        options.lookups?.inc({ result: 'error' });
        options.logger.warn({ err: error }, 'search cache read failed; asking SearXNG');
        return null;
      }
    },
    async set(query, answer) {
      const ttl = ttlFor(query, answer);
      if (ttl <= 0) return;
      try {
        await redis.set(searchCacheKey(query), JSON.stringify(answer), 'EX', ttl);
      } catch (error) {
        options.logger.warn({ err: error }, 'search cache write failed');
      }
    },
  };
}
