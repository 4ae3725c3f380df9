import { jwtEnv, kitEnv, positiveInt, redisEnv, serviceAuthEnv, urlWith } from '@perplexica/config';
import { z } from 'zod';

/** Every variable media-svc reads, parsed once at boot (see README for each). */
export const mediaConfigSchema = z
  .object({
    ...kitEnv(3005),
    ...redisEnv,
    ...serviceAuthEnv,
    ...jwtEnv,
    REDIS_KEY_PREFIX: z.string().default('perplexica:media:'),
    /** search-svc, which asks SearXNG for us (internal route, x-service-token). */
    SEARCH_SERVICE_URL: urlWith('http', 'https').default('http://127.0.0.1:3001'),
    /** Above search-svc's own SearXNG timeout (8 s), so its clearer failure reaches us first. */
    SEARCH_TIMEOUT_MS: positiveInt(10_000),
    /** A result page is served as stored this long (10 min)... */
    MEDIA_CACHE_FRESH_SECONDS: positiveInt(600),
    /** ...and served at once while one refresh runs, until this age (1 day). */
    MEDIA_CACHE_STALE_SECONDS: positiveInt(86_400),
  })
  .superRefine((env, ctx) => {
    if (env.MEDIA_CACHE_STALE_SECONDS < env.MEDIA_CACHE_FRESH_SECONDS) {
      ctx.addIssue({
        code: 'custom',
        path: ['MEDIA_CACHE_STALE_SECONDS'],
        message: 'must be at least MEDIA_CACHE_FRESH_SECONDS',
      });
    }
  });

export type MediaConfig = z.infer<typeof mediaConfigSchema>;
