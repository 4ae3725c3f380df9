import {
  flag,
  jwtEnv,
  kitEnv,
  positiveInt,
  postgresEnv,
  redisEnv,
  serviceAuthEnv,
  urlWith,
} from '@perplexica/config';
import { z } from 'zod';

/** Every variable projects-svc reads, parsed once at boot (see README for each). */
export const projectsConfigSchema = z.object({
  ...kitEnv(3006),
  ...postgresEnv,
  ...redisEnv,
  ...serviceAuthEnv,
  ...jwtEnv,
  DB_SCHEMA: z.string().default('projects'),
  REDIS_KEY_PREFIX: z.string().default('perplexica:projects:'),
  /** Where members' emails are resolved (AUTH_SERVICE_URL), threads checked, files kept, pages fetched. */
  LIBRARY_SERVICE_URL: urlWith('http', 'https').default('http://127.0.0.1:3009'),
  UPLOAD_SERVICE_URL: urlWith('http', 'https').default('http://127.0.0.1:3007'),
  SEARCH_SERVICE_URL: urlWith('http', 'https').default('http://127.0.0.1:3001'),
  /** Per call to auth-svc, library-svc and upload-svc. */
  UPSTREAM_TIMEOUT_MS: positiveInt(10_000),
  /** Per call to search-svc: one call reads up to 10 pages in parallel. */
  SEARCH_TIMEOUT_MS: positiveInt(30_000),
  /** Run the connector sync worker in this process (turn off to run API and workers apart). */
  RUN_WORKER: flag(true),
  /** Connector syncs one replica runs at once. */
  SYNC_CONCURRENCY: positiveInt(2),
  /** A sync still "running" after this long is assumed dead (its worker crashed) and may be taken over. */
  SYNC_STALE_MINUTES: positiveInt(30),
  /** Documents one sync takes from a source at most (sitemap pages, feed items). */
  CONNECTOR_MAX_PAGES: positiveInt(200),
  /** How many levels of sitemap indexes are followed below the sitemap given. */
  SITEMAP_MAX_DEPTH: z.coerce.number().int().min(0).max(5).default(2),
  /** Characters kept per document (search-svc reads at most 100 000 per page). */
  CONNECTOR_MAX_CHARS: z.coerce.number().int().min(1_000).max(100_000).default(100_000),
  /** Bytes read of a feed or sitemap (search-svc's FETCH_MAX_BYTES caps it too). */
  CONNECTOR_MAX_BYTES: positiveInt(5_000_000),
  CONNECTORS_PER_SPACE: positiveInt(20),
  MEMBERS_PER_SPACE: positiveInt(200),
});

export type ProjectsConfig = z.infer<typeof projectsConfigSchema>;
