export { freePort } from '@perplexica/net';
export { createTestClock, type TestClock } from './clock.ts';
export { freshSchema, type TestSchema, testPostgresUrl, uniqueSchemaName } from './database.ts';
export { type DedicatedServer, startDedicatedPostgres, startDedicatedRedis } from './dedicated-servers.ts';
export { type CallOptions, callJson, type JsonResponse } from './http.ts';
export { generateSigningKeyPair, type PemKeyPair } from './keys.ts';
export { type FetchApp, type ListeningApp, listen } from './listen.ts';
export { type CapturedLogs, captureLogs } from './logs.ts';
export { freshRedisPrefix, type TestRedisPrefix, testRedisUrl } from './redis.ts';
export {
  type CountingQueue,
  type PreparedService,
  type PrepareServiceOptions,
  prepareServiceUnderTest,
  type ServedService,
  type ServeOptions,
  type ServiceDeps,
  TEST_SERVICE_TOKEN,
  type TestClaims,
  type TestDatabaseSetup,
  waitForQueueIdle,
} from './service-under-test.ts';
export { signTestAccessToken, type TestTokenOptions } from './tokens.ts';
