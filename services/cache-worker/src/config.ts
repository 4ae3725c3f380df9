import { positiveInt, redisEnv, urlWith } from '@perplexica/config';
import { z } from 'zod';

/** Every variable cache-worker reads, parsed once at start (see README). */
export const cacheWorkerConfigSchema = z.object({
  ...redisEnv,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REDIS_KEY_PREFIX: z.string().default('perplexica:cache-worker:'),
  SERVICE_TOKEN: z.string().min(24, 'must be at least 24 characters'),
  DISCOVER_SERVICE_URL: urlWith('http', 'https').default('http://127.0.0.1:3002'),
  FINANCE_SERVICE_URL: urlWith('http', 'https').default('http://127.0.0.1:3003'),
  TRAVEL_SERVICE_URL: urlWith('http', 'https').default('http://127.0.0.1:3004'),
  /**
   * The catch-all run (--task=all, every 5 minutes) leaves a task alone that last succeeded less
   * than this many seconds ago: each task has its own CronJob at its own pace (finance every 2
   * minutes, discover every 15, travel every 4 hours); the catch-all only fills a gap.
   */
  FINANCE_REFRESH_EVERY_SECONDS: positiveInt(90),
  DISCOVER_REFRESH_EVERY_SECONDS: positiveInt(840),
  TRAVEL_REFRESH_EVERY_SECONDS: positiveInt(14_000),
  /** Used when no --deadline-seconds is given (the CronJobs always give it). */
  CACHE_WORKER_DEADLINE_SECONDS: positiveInt(240),
});

export type CacheWorkerConfig = z.infer<typeof cacheWorkerConfigSchema>;
