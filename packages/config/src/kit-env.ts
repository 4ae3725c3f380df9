import { z } from 'zod';
import { flag, list, pem, port, positiveInt, urlWith } from './fields.ts';

/** What every service's HTTP kit reads. Spread into a service schema: z.object({ ...kitEnv(3001), ... }). */
export const kitEnv = (defaultPort: number) => ({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: port(defaultPort),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest request body accepted, in bytes; bigger bodies get 413. */
  BODY_LIMIT_BYTES: positiveInt(1_048_576),
  /** How long SIGTERM waits for in-flight requests before closing anyway. */
  SHUTDOWN_TIMEOUT_MS: positiveInt(10_000),
  /** Trust X-Forwarded-For for the client IP (behind Traefik or the local gateway). */
  TRUST_PROXY: flag(false),
  OTEL_EXPORTER_OTLP_ENDPOINT: urlWith('http', 'https').optional(),
  /** Rate limits per route group: "default=300/60s,auth=20/60s". */
  RATE_LIMITS: z.string().default(''),
});

export const postgresEnv = {
  POSTGRES_URL: urlWith('postgres', 'postgresql'),
  POSTGRES_POOL_MAX: positiveInt(10),
};

export const redisEnv = {
  REDIS_URL: urlWith('redis', 'rediss'),
};

/** Local verification of auth-svc's access tokens. */
export const jwtEnv = {
  JWT_PUBLIC_KEY: pem('PUBLIC KEY'),
  JWT_ISSUER: z.string().default('perplexica-auth'),
  JWT_AUDIENCE: z.string().default('perplexica'),
};

/** Where auth-svc is, for API-key introspection, and the token services use for internal calls. */
export const serviceAuthEnv = {
  AUTH_SERVICE_URL: urlWith('http', 'https').default('http://127.0.0.1:3100'),
  SERVICE_TOKEN: z.string().min(24, 'must be at least 24 characters'),
};

export { flag, list, pem, port, positiveInt, urlWith };
