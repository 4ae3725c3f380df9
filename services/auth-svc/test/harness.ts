import type { AuditSink } from '@perplexica/audit';
import { loadConfig } from '@perplexica/config';
import { createDatabase, migrateToLatest } from '@perplexica/db';
import { createLogger } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import {
  type CapturedLogs,
  callJson as call,
  captureLogs,
  freePort,
  freshRedisPrefix,
  freshSchema,
  generateSigningKeyPair,
  listen,
} from '@perplexica/testing';
import { createApp } from '../src/app.ts';
import { authConfigSchema } from '../src/config.ts';
import { authMigrations } from '../src/db/migrations.ts';
import type { AuthDatabase } from '../src/db/schema.ts';
import type { TxtLookup } from '../src/dns-txt.ts';
import { loadSigningKeys } from '../src/tokens/signing-keys.ts';

export const SERVICE_TOKEN = 'test-service-token-0123456789abcdef';

export interface AuthServiceUnderTest {
  url: string;
  privateKeyPem: string;
  publicKeyPem: string;
  database: ReturnType<typeof createDatabase<AuthDatabase>>;
  logs: CapturedLogs;
  close(): Promise<void>;
}

/**
 * A real auth-svc on a free port, against the machine's Postgres (a fresh schema) and Redis
 * (a fresh prefix), configured through the same zod schema as in production.
 */
export async function startAuthService(
  env: Record<string, string> = {},
  extra: { lookupTxt?: TxtLookup; audit?: AuditSink } = {},
): Promise<AuthServiceUnderTest> {
  const schema = await freshSchema('auth');
  const redisPrefix = freshRedisPrefix('auth');
  const { privateKeyPem, publicKeyPem } = generateSigningKeyPair();
  // Chosen before start, so PUBLIC_AUTH_URL (and with it the SSO redirect URI) is the real address.
  const port = await freePort();
  const config = loadConfig(authConfigSchema, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    POSTGRES_URL: schema.url,
    DB_SCHEMA: schema.schema,
    REDIS_URL: redisPrefix.url,
    REDIS_KEY_PREFIX: redisPrefix.prefix,
    SERVICE_TOKEN,
    JWT_PRIVATE_KEY: privateKeyPem,
    COOKIE_SECURE: 'false',
    BODY_LIMIT_BYTES: '16384',
    PUBLIC_AUTH_URL: `http://127.0.0.1:${port}`,
    ...env,
  });
  const logs = captureLogs();
  const logger = createLogger({ service: 'auth-svc', level: config.LOG_LEVEL, destination: logs.stream });
  const database = createDatabase<AuthDatabase>({
    url: config.POSTGRES_URL,
    schema: config.DB_SCHEMA,
    poolMax: 5,
  });
  await migrateToLatest(database.db, config.DB_SCHEMA, authMigrations);
  const redis = createRedis({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX });
  const keys = await loadSigningKeys(config.JWT_PRIVATE_KEY, config.JWT_PREVIOUS_PUBLIC_KEYS);
  const server = await listen(createApp({ config, logger, database, redis, keys, ...extra }), port);
  return {
    url: server.url,
    privateKeyPem,
    publicKeyPem,
    database,
    logs,
    async close() {
      await server.close();
      await database.close();
      redis.disconnect();
      await redisPrefix.clear();
      await schema.drop();
    },
  };
}

export type { JsonResponse } from '@perplexica/testing';
export { call };

let counter = 0;
/** A fresh address per call, so tests in one file never collide on "email taken". */
export function uniqueEmail(domain = 'researcher.test'): string {
  counter += 1;
  return `user${counter}-${Date.now().toString(36)}@${domain}`;
}

export const GOOD_PASSWORD = 'correct horse battery staple';

export async function signUp(url: string, email = uniqueEmail(), password = GOOD_PASSWORD) {
  const response = await call(`${url}/api/v1/auth/signup`, { body: { email, password } });
  if (response.status !== 201)
    throw new Error(`sign-up failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as {
    user: { id: string; email: string; role: string; orgId: string | null };
    accessToken: string;
    refreshToken: string;
  };
}
