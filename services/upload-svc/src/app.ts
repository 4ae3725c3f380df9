import { discardAuditEvents } from '@perplexica/audit';
import { authenticate, requireScope } from '@perplexica/auth-kit';
import { createCallers, createServiceApp, parseRateLimits, rateLimit } from '@perplexica/http';
import { pingRedis } from '@perplexica/redis';
import { createSpaceAccessClient } from '@perplexica/service-clients';
import type { Hono } from 'hono';
import type { UploadContext, UploadDeps, UploadEnv } from './deps.ts';
import { fileRoutes } from './routes/files.ts';
import { internalRoutes } from './routes/internal.ts';
import { VectorCache } from './search/vector-cache.ts';

const defaultRateLimits = {
  /** Reads and deletes by a signed-in caller. */
  default: { limit: 600, windowMs: 60_000 },
  /** Uploads: each one is parsed and embedded, the expensive part of this service. */
  upload: { limit: 60, windowMs: 60_000 },
};

export const UPLOAD_PATH = '/api/v1/upload';

export function buildContext(deps: UploadDeps): UploadContext {
  const { config } = deps;
  return {
    config,
    audit: deps.audit ?? discardAuditEvents,
    logger: deps.logger,
    db: deps.database.db,
    store: deps.store,
    files: deps.files,
    embedder: deps.embedder,
    spaces:
      deps.spaces ??
      createSpaceAccessClient({
        baseUrl: config.PROJECTS_SERVICE_URL,
        serviceToken: config.SERVICE_TOKEN,
        timeoutMs: config.PROJECTS_TIMEOUT_MS,
      }),
    cache: new VectorCache(config.VECTOR_CACHE_MB * 1024 * 1024),
    // API keys work here too: scripts upload files as well as ask questions.
    ...createCallers(config, deps.redis),
  };
}

/** upload-svc's HTTP API; tests serve it on a free port, main.ts in production. */
export function createApp(deps: UploadDeps): Hono<UploadEnv> {
  const ctx = buildContext(deps);
  const { config } = ctx;
  const limits = parseRateLimits(config.RATE_LIMITS, defaultRateLimits);
  const app = createServiceApp<UploadEnv>({
    name: 'upload-svc',
    logger: deps.logger,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    // The upload streams its body to the object store and holds it to UPLOAD_MAX_BYTES itself.
    streamedBodyPaths: [UPLOAD_PATH],
    readiness: {
      postgres: () => deps.database.ping(),
      redis: () => pingRedis(deps.redis),
      objectStore: () => deps.store.ping(),
    },
  });

  app.route('/internal/v1', internalRoutes(ctx));

  const signedIn = authenticate({ tokens: ctx.tokens, apiKeys: ctx.apiKeys });
  const limit = (group: 'default' | 'upload') =>
    rateLimit({ limiter: ctx.limiter, group, rule: limits[group] as never, trustProxy: config.TRUST_PROXY });
  const scoped = requireScope('upload');
  app.post(UPLOAD_PATH, signedIn, scoped, limit('upload'));
  // "/files/*" matches "/files" too in Hono: one registration, so nothing runs twice.
  app.use(`${UPLOAD_PATH}/files/*`, signedIn, scoped, limit('default'));
  app.route(UPLOAD_PATH, fileRoutes(ctx));
  return app;
}
