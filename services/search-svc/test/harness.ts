import { createDatabase, migrateToLatest } from '@perplexica/db';
import { createLogger } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import {
  type CallOptions,
  type CapturedLogs,
  callJson,
  prepareServiceUnderTest,
  TEST_SERVICE_TOKEN,
} from '@perplexica/testing';
import { createApp } from '../src/app.ts';
import { searchConfigSchema } from '../src/config.ts';
import { searchMigrations } from '../src/db/migrations.ts';
import type { SearchDatabase } from '../src/db/schema.ts';
import { createPageReader } from '../src/fetch/page-reader.ts';

export const SERVICE_TOKEN = TEST_SERVICE_TOKEN;

export interface SearchServiceUnderTest {
  url: string;
  schema: string;
  postgresUrl: string;
  database: ReturnType<typeof createDatabase<SearchDatabase>>;
  logs: CapturedLogs;
  /** The service's Redis client (its key prefix applied), to look at what it cached. */
  redis: ReturnType<typeof createRedis>;
  /** A valid access token for a user, signed with the key this instance trusts. */
  userToken(userId?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A real search-svc on a free port, against the machine's Postgres (a fresh schema) and Redis
 * (a fresh prefix), configured through the same zod schema as in production.
 */
export async function startSearchService(env: Record<string, string> = {}): Promise<SearchServiceUnderTest> {
  const prepared = await prepareServiceUnderTest({
    service: 'search-svc',
    configSchema: searchConfigSchema,
    createLogger,
    createRedis,
    database: {
      create: createDatabase<SearchDatabase>,
      migrate: migrateToLatest,
      migrations: searchMigrations,
    },
    env: {
      // Nothing listens here: API keys are never accepted in these tests.
      AUTH_SERVICE_URL: 'http://127.0.0.1:9',
      SEARXNG_TIMEOUT_MS: '2000',
      ...env,
    },
  });
  const { config } = prepared;
  const reader = createPageReader({
    allowPrivateHosts: config.FETCH_ALLOW_PRIVATE_HOSTS,
    timeoutMs: config.FETCH_TIMEOUT_MS,
    maxBytes: config.FETCH_MAX_BYTES,
    maxRedirects: config.FETCH_MAX_REDIRECTS,
    userAgent: config.FETCH_USER_AGENT,
  });
  const served = await prepared.serve(createApp({ ...prepared.deps, reader }), {
    close: () => reader.close(),
  });
  return {
    url: served.url,
    schema: config.DB_SCHEMA,
    postgresUrl: config.POSTGRES_URL,
    database: prepared.database,
    logs: prepared.logs,
    redis: prepared.redis,
    userToken: (userId = 'user-1') => prepared.token(userId),
    close: served.close,
  };
}

export type { JsonResponse } from '@perplexica/testing';

/** callJson with the service token sent unless the test says otherwise (null: none). */
export const call = <T = any>(
  url: string,
  init: Omit<CallOptions, 'serviceToken'> & { serviceToken?: string | null } = {},
) =>
  callJson<T>(url, {
    ...init,
    serviceToken: init.serviceToken === undefined ? SERVICE_TOKEN : (init.serviceToken ?? ''),
  });

/** POST /internal/v1/<path> with the service token. */
export const internal = <T = any>(base: string, path: string, body: unknown) =>
  call<T>(`${base}/internal/v1/${path}`, { body });
