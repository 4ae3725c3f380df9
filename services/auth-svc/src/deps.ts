import type { AuditSink } from '@perplexica/audit';
import type { TokenVerifier } from '@perplexica/auth-kit';
import type { Database } from '@perplexica/db';
import type { ServiceEnv } from '@perplexica/http';
import type { Logger, ServiceMetrics } from '@perplexica/observability';
import type { Redis, SlidingWindowLimiter } from '@perplexica/redis';
import type { AuthConfig } from './config.ts';
import type { AuthDatabase } from './db/schema.ts';
import type { TxtLookup } from './dns-txt.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { AccessTokenIssuer } from './tokens/access-tokens.ts';
import type { SigningKeys } from './tokens/signing-keys.ts';

/** What main.ts (or a test) hands to createApp. */
export interface AuthDeps {
  config: AuthConfig;
  logger: Logger;
  database: Database<AuthDatabase>;
  redis: Redis;
  keys: SigningKeys;
  /** TXT lookups for domain verification; defaults to the resolvers in DNS_SERVERS. */
  lookupTxt?: TxtLookup;
  /** Where audit events go (main.ts: an emitter to audit-svc's queue); discarded when absent. */
  audit?: AuditSink;
  /** The registry /metrics serves, when main.ts registers metrics of its own on it. */
  metrics?: ServiceMetrics;
}

/** Everything routes use, built once from the deps. */
export interface AuthContext {
  config: AuthConfig;
  db: Database<AuthDatabase>['db'];
  redis: Redis;
  keys: SigningKeys;
  tokens: TokenVerifier;
  accessTokens: AccessTokenIssuer;
  limiter: SlidingWindowLimiter;
  loginThrottle: LoginThrottle;
  lookupTxt: TxtLookup;
  audit: AuditSink;
}

export type AuthEnv = ServiceEnv;
