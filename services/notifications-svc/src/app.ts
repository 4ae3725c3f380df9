import { authenticate, createTokenVerifier } from '@perplexica/auth-kit';
import { createServiceApp, parseRateLimits, rateLimit } from '@perplexica/http';
import { createMetrics } from '@perplexica/observability';
import { createSlidingWindowLimiter, pingRedis } from '@perplexica/redis';
import { registerQueueMetrics } from '@perplexica/redis/queue';
import type { Hono } from 'hono';
import { deliveryContext } from './delivery/delivery-context.ts';
import type { NotificationsContext, NotificationsDeps, NotificationsEnv } from './deps.ts';
import { inboxRoutes } from './routes/inbox.ts';
import { internalRoutes } from './routes/internal.ts';
import { preferenceRoutes } from './routes/preferences.ts';
import { pushRoutes } from './routes/push.ts';

const defaultRateLimits = {
  /** Everything a signed-in caller does with their notifications (a page polls the unread count). */
  default: { limit: 600, windowMs: 60_000 },
};

export const NOTIFICATIONS_PATH = '/api/v1/notifications';

export function buildContext(deps: NotificationsDeps): NotificationsContext {
  const { config } = deps;
  return {
    ...deliveryContext(deps),
    tokens: createTokenVerifier({
      publicKeyPem: config.JWT_PUBLIC_KEY,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
    }),
    limiter: createSlidingWindowLimiter(deps.redis),
    queue: deps.queue,
  };
}

/** notifications-svc's HTTP API; tests serve it on a free port, main.ts in production. */
export function createApp(deps: NotificationsDeps): Hono<NotificationsEnv> {
  const ctx = buildContext(deps);
  const { config } = ctx;
  const limits = parseRateLimits(config.RATE_LIMITS, defaultRateLimits);
  const metrics = createMetrics('notifications-svc');
  registerQueueMetrics(metrics.registry, [deps.queue]);
  const app = createServiceApp<NotificationsEnv>({
    name: 'notifications-svc',
    logger: deps.logger,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    readiness: { postgres: () => deps.database.ping(), redis: () => pingRedis(deps.redis) },
    metrics,
  });

  app.route('/internal/v1', internalRoutes(ctx));

  // Sessions only (JWT): notifications are a person's, not an integration's.
  // "/notifications/*" matches "/notifications" too in Hono: one registration, so nothing runs twice.
  app.use(
    `${NOTIFICATIONS_PATH}/*`,
    authenticate({ tokens: ctx.tokens }),
    rateLimit({
      limiter: ctx.limiter,
      group: 'default',
      rule: limits.default as never,
      trustProxy: config.TRUST_PROXY,
    }),
  );
  // Fixed paths before /:id, so "preferences" and "push" are never read as a notification id.
  app.route(`${NOTIFICATIONS_PATH}/preferences`, preferenceRoutes(ctx));
  app.route(`${NOTIFICATIONS_PATH}/push`, pushRoutes(ctx));
  app.route(NOTIFICATIONS_PATH, inboxRoutes(ctx));
  return app;
}
