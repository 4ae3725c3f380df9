import {
  type ApiKeyVerifier,
  authenticate,
  createTokenVerifier,
  requireScope,
  type TokenVerifier,
} from '@perplexica/auth-kit';
import { createSlidingWindowLimiter, type Redis, type SlidingWindowLimiter } from '@perplexica/redis';
import type { MiddlewareHandler } from 'hono';
import { createRemoteApiKeyVerifier } from './api-key-verifier.ts';
import { type RateLimitRule, rateLimit } from './rate-limit.ts';

/** How a service knows its callers: sessions, API keys, and each caller's request budget. */
export interface Callers {
  tokens: TokenVerifier;
  apiKeys: ApiKeyVerifier;
  limiter: SlidingWindowLimiter;
}

/** The variables `createCallers` reads: jwtEnv and serviceAuthEnv of @perplexica/config. */
export interface CallersConfig {
  JWT_PUBLIC_KEY: string;
  JWT_ISSUER: string;
  JWT_AUDIENCE: string;
  AUTH_SERVICE_URL: string;
  SERVICE_TOKEN: string;
}

/**
 * Sessions are verified locally with auth-svc's public key; API keys (scripts, other tools) are
 * checked with auth-svc and their verdicts cached until revoked; budgets are kept in Redis so
 * replicas share them.
 */
export function createCallers(config: CallersConfig, redis: Redis): Callers {
  return {
    tokens: createTokenVerifier({
      publicKeyPem: config.JWT_PUBLIC_KEY,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
    }),
    apiKeys: createRemoteApiKeyVerifier({
      authServiceUrl: config.AUTH_SERVICE_URL,
      serviceToken: config.SERVICE_TOKEN,
      redis,
    }),
    limiter: createSlidingWindowLimiter(redis),
  };
}

export interface SignedInOptions {
  /** The API-key scope the routes need (sessions hold every scope). */
  scope: string;
  /** The caller's budget over these routes, in the rate-limit group `group` (default "default"). */
  rule: RateLimitRule;
  group?: string;
  trustProxy: boolean;
}

/**
 * The middleware in front of a service's public routes: a signed-in caller (401 otherwise), an API
 * key with the scope (403), within its budget (429). Register it once on "<path>/*", which in Hono
 * also matches "<path>" itself, so nothing runs twice.
 */
export function signedInCallers(callers: Callers, options: SignedInOptions): MiddlewareHandler[] {
  return [
    authenticate({ tokens: callers.tokens, apiKeys: callers.apiKeys }) as MiddlewareHandler,
    requireScope(options.scope) as MiddlewareHandler,
    rateLimit({
      limiter: callers.limiter,
      group: options.group ?? 'default',
      rule: options.rule,
      trustProxy: options.trustProxy,
    }) as MiddlewareHandler,
  ];
}
