import { type FakeFmp, startFakeFmp } from '@perplexica/fakes';
import { createLogger } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import {
  type CapturedLogs,
  callJson as call,
  createTestClock,
  type JsonResponse,
  prepareServiceUnderTest,
  TEST_SERVICE_TOKEN,
} from '@perplexica/testing';
import { expect } from 'vitest';
import { createApp } from '../src/app.ts';
import { financeConfigSchema } from '../src/config.ts';

export const SERVICE_TOKEN = TEST_SERVICE_TOKEN;
/** The FMP key of the tests: no log line and no response may ever contain it. */
export const FMP_KEY = 'fmp-secret-key-5f1e9c2ab7d04e3a';

export interface FinanceServiceUnderTest {
  url: string;
  /** The FMP double this instance talks to (absent when started without FMP). */
  fmp: FakeFmp;
  logs: CapturedLogs;
  /** Moves the service's clock (the cache's notion of age) forward. */
  advanceClock(ms: number): void;
  /** A valid session token, signed with the key this instance trusts. */
  userToken(userId?: string): Promise<string>;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Leave FMP_API_KEY unset: market data "not configured". */
  withoutFmpKey?: boolean;
  env?: Record<string, string>;
}

/**
 * A real finance-svc on a free port, with a fresh Redis prefix and its own FMP double, configured
 * through the same zod schema as in production.
 */
export async function startFinanceService(options: StartOptions = {}): Promise<FinanceServiceUnderTest> {
  const fmp = await startFakeFmp({ apiKey: FMP_KEY });
  const prepared = await prepareServiceUnderTest({
    service: 'finance-svc',
    configSchema: financeConfigSchema,
    createLogger,
    createRedis,
    env: {
      LOG_LEVEL: 'debug',
      FMP_BASE_URL: fmp.url,
      ...(options.withoutFmpKey ? {} : { FMP_API_KEY: FMP_KEY }),
      FMP_TIMEOUT_MS: '300',
      ...options.env,
    },
  });
  const clock = createTestClock();
  const served = await prepared.serve(createApp({ ...prepared.deps, now: clock.now }), {
    close: () => fmp.close(),
  });
  return {
    url: served.url,
    fmp,
    logs: prepared.logs,
    advanceClock: clock.advance,
    userToken: (userId = 'investor') => prepared.token(userId),
    close: served.close,
  };
}

export type { JsonResponse };
export { call };

/** GET a finance route as a signed-in user. */
export function financeClient(svc: FinanceServiceUnderTest, token: string) {
  return (path: string) => call(`${svc.url}/api/v1/finance${path}`, { token });
}

/** The cache-worker's call. */
export const refresh = (svc: FinanceServiceUnderTest, body: unknown = {}) =>
  call(`${svc.url}/internal/v1/cache/refresh`, { body, serviceToken: SERVICE_TOKEN });

export function expectError(response: JsonResponse, status: number, code: string) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.error.code).toBe(code);
  expect(response.body.error.message).toEqual(expect.any(String));
  expect(response.body.error.requestId).toEqual(expect.any(String));
}

/** Waits (bounded) until the condition holds: background refreshes finish on their own time. */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}
