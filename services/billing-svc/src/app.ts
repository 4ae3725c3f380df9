import { authenticate, createTokenVerifier } from '@perplexica/auth-kit';
import { createServiceApp, parseRateLimits, type RateLimitRule, rateLimit } from '@perplexica/http';
import { createMetrics } from '@perplexica/observability';
import { createSlidingWindowLimiter, pingRedis } from '@perplexica/redis';
import { registerQueueMetrics } from '@perplexica/redis/queue';
import type { Hono } from 'hono';
import type { BillingContext, BillingDeps, BillingEnv } from './deps.ts';
import { adminRoutes } from './routes/admin.ts';
import { balanceRoutes } from './routes/balance.ts';
import { internalRoutes } from './routes/internal.ts';
import { paymentRoutes } from './routes/payments.ts';
import { planRoutes } from './routes/plans.ts';
import { requireYooKassa } from './routes/require-yookassa.ts';
import { subscriptionRoutes } from './routes/subscription.ts';
import { usageRoutes } from './routes/usage.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { buildStore } from './store.ts';

const defaultRateLimits = {
  /** Reading balance, ledger, payments; cancelling. */
  default: { limit: 300, windowMs: 60_000 },
  /** Starting checkouts: each one is a YooKassa payment. */
  checkout: { limit: 20, windowMs: 60_000 },
};

export const BILLING_PATH = '/api/v1/billing';

export function buildContext(deps: BillingDeps): BillingContext {
  const { config } = deps;
  return {
    ...buildStore(deps),
    tokens: createTokenVerifier({
      publicKeyPem: config.JWT_PUBLIC_KEY,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
    }),
    limiter: createSlidingWindowLimiter(deps.redis),
  };
}

/** billing-svc's HTTP API; tests serve it on a free port, main.ts in production. */
export function createApp(deps: BillingDeps): Hono<BillingEnv> {
  const ctx = buildContext(deps);
  const { config } = ctx;
  const limits = parseRateLimits(config.RATE_LIMITS, defaultRateLimits);
  const metrics = deps.metrics ?? createMetrics('billing-svc');
  registerQueueMetrics(metrics.registry, [deps.queue]);
  const app = createServiceApp<BillingEnv>({
    name: 'billing-svc',
    logger: deps.logger,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    metrics,
    readiness: { postgres: () => deps.database.ping(), redis: () => pingRedis(deps.redis) },
  });

  app.route('/internal/v1/billing', internalRoutes(ctx));

  // Public: the catalogue, and YooKassa's notifications (verified against its API, not by a token).
  // Registered before the signed-in middleware below; they answer without reaching it.
  app.route(`${BILLING_PATH}/plans`, planRoutes(ctx));
  app.route(`${BILLING_PATH}/webhooks`, webhookRoutes(ctx));

  // Sessions only (JWT): billing is a person's business, and API keys would need auth-svc,
  // which billing-svc does not call.
  const signedIn = authenticate({ tokens: ctx.tokens });
  const limit = (group: 'default' | 'checkout') =>
    rateLimit({
      limiter: ctx.limiter,
      group,
      rule: limits[group] as RateLimitRule,
      trustProxy: config.TRUST_PROXY,
    });
  // "/billing/*" matches "/billing" too in Hono: one registration, so nothing runs twice.
  app.use(`${BILLING_PATH}/*`, signedIn, limit('default'));
  // A checkout also counts against its own, smaller budget.
  app.post(`${BILLING_PATH}/payments`, limit('checkout'));
  app.use(`${BILLING_PATH}/payments/*`, requireYooKassa(ctx.yookassa));
  app.route(BILLING_PATH, balanceRoutes(ctx));
  app.route(`${BILLING_PATH}/payments`, paymentRoutes(ctx));
  app.route(`${BILLING_PATH}/subscription`, subscriptionRoutes(ctx));
  app.route(`${BILLING_PATH}/admin`, adminRoutes(ctx));
  app.route(`${BILLING_PATH}/usage`, usageRoutes(ctx));
  return app;
}
