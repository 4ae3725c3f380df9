export { createRemoteApiKeyVerifier, type RemoteApiKeyVerifierConfig } from './api-key-verifier.ts';
export {
  type CachedJson,
  type CacheHeaderOptions,
  cachedJson,
  cacheHeaders,
  SHARED_CACHE_HEADER,
} from './cached-json.ts';
export {
  type Callers,
  type CallersConfig,
  createCallers,
  type SignedInOptions,
  signedInCallers,
} from './callers.ts';
export { clientIp } from './client-ip.ts';
export { createServiceApp, healthStateOf, type ServiceAppOptions } from './create-service-app.ts';
export type { ServiceEnv, ServiceVariables } from './env.ts';
export type { ReadinessCheck } from './health.ts';
export { pageCursor } from './page-cursor.ts';
export { parseRateLimits, type RateLimitOptions, type RateLimitRule, rateLimit } from './rate-limit.ts';
export { currentRequestContext, type RequestContext, runWithRequestContext } from './request-context.ts';
export { type RunningService, type RunServiceOptions, runService } from './run-service.ts';
export {
  type CallOptions,
  createServiceClient,
  type ServiceClient,
  type ServiceClientConfig,
  UpstreamError,
} from './service-client.ts';
export { requireServiceToken } from './service-token.ts';
export { createUndiciFetch, type UndiciFetchOptions } from './undici-fetch.ts';
export { jsonBody, parseWith, pathParams, queryParams } from './validation.ts';
