import { authenticate, createTokenVerifier } from '@perplexica/auth-kit';
import { createServiceApp, parseRateLimits, type RateLimitRule, rateLimit } from '@perplexica/http';
import { createSlidingWindowLimiter, pingRedis } from '@perplexica/redis';
import type { Hono } from 'hono';
import type { AuditContext, AuditDeps, AuditEnv } from './deps.ts';
import { auditLogRoutes } from './routes/audit-logs.ts';
import { internalRoutes } from './routes/internal.ts';

const defaultRateLimits = {
  /** An admin reading the audit log; exports are one request however long they stream. */
  default: { limit: 300, windowMs: 60_000 },
};

export const AUDIT_LOGS_PATH = '/api/v1/admin/audit-logs';

export function buildContext(deps: AuditDeps): AuditContext {
  const { config } = deps;
  return {
    config,
    logger: deps.logger,
    db: deps.database.db,
    tokens: createTokenVerifier({
      publicKeyPem: config.JWT_PUBLIC_KEY,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
    }),
    limiter: createSlidingWindowLimiter(deps.redis),
  };
}

/** audit-svc's HTTP API; tests serve it on a free port, main.ts in production. */
export function createApp(deps: AuditDeps): Hono<AuditEnv> {
  const ctx = buildContext(deps);
  const { config } = ctx;
  const limits = parseRateLimits(config.RATE_LIMITS, defaultRateLimits);
  const app = createServiceApp<AuditEnv>({
    name: 'audit-svc',
    logger: deps.logger,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    readiness: { postgres: () => deps.database.ping(), redis: () => pingRedis(deps.redis) },
  });

  app.route('/internal/v1', internalRoutes(ctx));

  // Sessions only (JWT): an org's audit log is read by a person, not by an API key.
  // "/audit-logs/*" matches "/audit-logs" too in Hono: one registration, so nothing runs twice.
  app.use(
    `${AUDIT_LOGS_PATH}/*`,
    authenticate({ tokens: ctx.tokens }),
    rateLimit({
      limiter: ctx.limiter,
      group: 'default',
      rule: limits.default as RateLimitRule,
      trustProxy: config.TRUST_PROXY,
    }),
  );
  app.route(AUDIT_LOGS_PATH, auditLogRoutes(ctx));
  return app;
}
