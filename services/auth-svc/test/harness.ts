import type { AuditSink } from '@perplexica/audit';
import { createDatabase, migrateToLatest } from '@perplexica/db';
import { createLogger } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import {
  type CapturedLogs,
  callJson as call,
  freePort,
  generateSigningKeyPair,
  prepareServiceUnderTest,
  TEST_SERVICE_TOKEN,
} from '@perplexica/testing';
import { createApp } from '../src/app.ts';
import { authConfigSchema } from '../src/config.ts';
import { authMigrations } from '../src/db/migrations.ts';
import type { AuthDatabase } from '../src/db/schema.ts';
import type { TxtLookup } from '../src/dns-txt.ts';
import { loadSigningKeys } from '../src/tokens/signing-keys.ts';

export const SERVICE_TOKEN = TEST_SERVICE_TOKEN;

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
  const signing = generateSigningKeyPair();
  // Chosen before start, so PUBLIC_AUTH_URL (and with it the SSO redirect URI) is the real address.
  const port = await freePort();
  const prepared = await prepareServiceUnderTest({
    service: 'auth-svc',
    configSchema: authConfigSchema,
    createLogger,
    createRedis,
    database: { create: createDatabase<AuthDatabase>, migrate: migrateToLatest, migrations: authMigrations },
    keys: signing,
    env: {
      JWT_PRIVATE_KEY: signing.privateKeyPem,
      COOKIE_SECURE: 'false',
      BODY_LIMIT_BYTES: '16384',
      PUBLIC_AUTH_URL: `http://127.0.0.1:${port}`,
      ...env,
    },
  });
  const { config } = prepared;
  const keys = await loadSigningKeys(config.JWT_PRIVATE_KEY, config.JWT_PREVIOUS_PUBLIC_KEYS);
  const served = await prepared.serve(createApp({ ...prepared.deps, keys, ...extra }), { port });
  return {
    url: served.url,
    ...signing,
    database: prepared.database,
    logs: prepared.logs,
    close: served.close,
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
