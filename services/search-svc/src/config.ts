import { jwtEnv, kitEnv, list, positiveInt, postgresEnv, redisEnv, serviceAuthEnv } from '@perplexica/config';
import { z } from 'zod';

const httpUrl = (value: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

/** "news=300,general=3600" → { news: 300, general: 3600 }: cache lifetime per SearXNG category. */
const ttlTable = z
  .string()
  .default('news=300,general=3600')
  .transform((value, ctx) => {
    const table: Record<string, number> = {};
    for (const entry of value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)) {
      const match = /^([\w ]+)=(\d+)$/.exec(entry);
      if (!match) {
        ctx.addIssue({ code: 'custom', message: `entry "${entry}" is not of the form category=seconds` });
        return z.NEVER;
      }
      table[(match[1] as string).trim()] = Number(match[2]);
    }
    return table;
  });

/** Every variable search-svc reads, parsed once at boot (see README for each). */
export const searchConfigSchema = z
  .object({
    ...kitEnv(3001),
    ...postgresEnv,
    ...redisEnv,
    ...serviceAuthEnv,
    ...jwtEnv,
    DB_SCHEMA: z.string().default('search'),
    REDIS_KEY_PREFIX: z.string().default('perplexica:search:'),
    /** SearXNG instances, comma-separated; empty means search the locally ingested documents. */
    SEARXNG_URL: list().refine((urls) => urls.every(httpUrl), {
      message: 'every entry must be a URL starting with http:// or https://',
    }),
    SEARXNG_TIMEOUT_MS: positiveInt(8_000),
    /** Requests in flight per instance, and how many may wait for a slot before 503 overloaded. */
    SEARXNG_CONCURRENCY: positiveInt(8),
    SEARXNG_QUEUE: z.coerce.number().int().min(0).default(32),
    /** Consecutive failures that open an instance's circuit, and how long it stays open. */
    SEARXNG_BREAKER_FAILURES: positiveInt(5),
    SEARXNG_BREAKER_COOLDOWN_MS: positiveInt(30_000),
    SEARXNG_RETRY_AFTER_SECONDS: positiveInt(2),
    /** Cache lifetime per category; categories not listed use SEARCH_CACHE_TTL_SECONDS. */
    SEARCH_CACHE_TTLS: ttlTable,
    SEARCH_CACHE_TTL_SECONDS: positiveInt(3_600),
    /** host:port pairs the page reader may reach although they are private; "*" (tests only) allows all. */
    FETCH_ALLOW_PRIVATE_HOSTS: list(),
    FETCH_TIMEOUT_MS: positiveInt(8_000),
    FETCH_MAX_BYTES: positiveInt(2_000_000),
    FETCH_MAX_REDIRECTS: z.coerce.number().int().min(0).max(10).default(3),
    FETCH_USER_AGENT: z.string().default('PerplexicaBot/1.0 (+https://github.com/ItzCrazyKns/Perplexica)'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.FETCH_ALLOW_PRIVATE_HOSTS.includes('*')) {
      ctx.addIssue({
        code: 'custom',
        path: ['FETCH_ALLOW_PRIVATE_HOSTS'],
        message: '"*" is for tests only: in production list the exact host:port pairs to allow',
      });
    }
  });

export type SearchConfig = z.infer<typeof searchConfigSchema>;
