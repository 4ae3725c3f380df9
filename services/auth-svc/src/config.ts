import {
  flag,
  jwtEnv,
  kitEnv,
  list,
  pem,
  positiveInt,
  postgresEnv,
  redisEnv,
  serviceAuthEnv,
  urlWith,
} from '@perplexica/config';
import { z } from 'zod';

/** Every variable auth-svc reads, parsed once at boot (see README for each). */
export const authConfigSchema = z
  .object({
    ...kitEnv(3100),
    ...postgresEnv,
    ...redisEnv,
    ...serviceAuthEnv,
    JWT_ISSUER: jwtEnv.JWT_ISSUER,
    JWT_AUDIENCE: jwtEnv.JWT_AUDIENCE,
    /** PKCS#8 PEM of the Ed25519 (or RSA) signing key, from a Secret. Required in production. */
    JWT_PRIVATE_KEY: pem('PRIVATE KEY').optional(),
    /** Public keys of retired signing keys, still published in the JWKS until their tokens expire. */
    JWT_PREVIOUS_PUBLIC_KEYS: z.string().optional(),
    ACCESS_TOKEN_TTL_SECONDS: positiveInt(900),
    REFRESH_TOKEN_TTL_DAYS: positiveInt(30),
    /** Emails that become admins when they sign up or next sign in. */
    ADMIN_EMAILS: list(),
    /** The web app's origin: where SSO logins land and the refresh cookie's audience. */
    PUBLIC_APP_URL: urlWith('http', 'https').default('http://127.0.0.1:8080'),
    /** This service's public URL (the SSO redirect URI is built from it). */
    PUBLIC_AUTH_URL: urlWith('http', 'https').default('http://127.0.0.1:3100'),
    /** Let orgs point SSO at an http:// OpenID provider (local setups and tests; refused in production). */
    SSO_ALLOW_INSECURE_ISSUERS: flag(false),
    /** DNS resolvers for domain verification, "host:port" each; the system's when empty. */
    DNS_SERVERS: list(),
    /** Failed logins allowed per account, and per IP, within LOGIN_THROTTLE_WINDOW_SECONDS. */
    LOGIN_MAX_FAILURES_PER_ACCOUNT: positiveInt(5),
    LOGIN_MAX_FAILURES_PER_IP: positiveInt(30),
    LOGIN_THROTTLE_WINDOW_SECONDS: positiveInt(900),
    /** Secure cookies need https; off only for plain-http local setups. */
    COOKIE_SECURE: flag(true),
    REDIS_KEY_PREFIX: z.string().default('perplexica:auth:'),
    DB_SCHEMA: z.string().default('auth'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.JWT_PRIVATE_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_PRIVATE_KEY'],
        message:
          'required in production (mount it from the auth-jwt Secret); keys are never generated silently',
      });
    }
    if (env.NODE_ENV === 'production' && env.SSO_ALLOW_INSECURE_ISSUERS) {
      ctx.addIssue({
        code: 'custom',
        path: ['SSO_ALLOW_INSECURE_ISSUERS'],
        message: 'must be off in production: identity providers are reached over https only',
      });
    }
  });

export type AuthConfig = z.infer<typeof authConfigSchema>;
