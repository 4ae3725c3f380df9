import { discardAuditEvents } from '@perplexica/audit';
import {
  createCallers,
  createServiceApp,
  parseRateLimits,
  type RateLimitRule,
  rateLimit,
  signedInCallers,
} from '@perplexica/http';
import { createModelFromEnv } from '@perplexica/llm';
import { createMetrics } from '@perplexica/observability';
import { pingRedis } from '@perplexica/redis';
import { registerQueueMetrics } from '@perplexica/redis/queue';
import type { Hono } from 'hono';
import type { CreateContext, CreateDeps, CreateEnv } from './deps.ts';
import { loadPdfFonts } from './exports/pdf-fonts.ts';
import { createImageGenerator } from './images/image-generator.ts';
import { createLibraryClient } from './library/library-client.ts';
import { artifactRoutes } from './routes/artifacts.ts';
import { exportRoutes, sharedExportRoutes } from './routes/exports.ts';
import { generateRoutes } from './routes/generate.ts';

const CREATE_PATH = '/api/v1/create';
const EXPORT_PATH = '/api/v1/export';

const defaultRateLimits = {
  /** Everything a signed-in caller does with their artifacts and exports. */
  default: { limit: 300, windowMs: 60_000 },
  /** Tables, dashboards and images made: model and image calls cost money. */
  generate: { limit: 30, windowMs: 60_000 },
  /** Anonymous exports of shared links, per IP (a PDF costs CPU). */
  shared: { limit: 30, windowMs: 60_000 },
};

export function buildContext(deps: CreateDeps): CreateContext {
  const { config } = deps;
  return {
    config,
    logger: deps.logger,
    db: deps.database.db,
    store: deps.store,
    images: deps.images,
    audit: deps.audit ?? discardAuditEvents,
    tableModel: deps.tableModel === undefined ? createModelFromEnv(config) : deps.tableModel,
    imageGenerator: deps.imageGenerator === undefined ? createImageGenerator(config) : deps.imageGenerator,
    library:
      deps.library ??
      createLibraryClient({ baseUrl: config.LIBRARY_SERVICE_URL, timeoutMs: config.LIBRARY_TIMEOUT_MS }),
    pdfFonts:
      deps.pdfFonts ??
      loadPdfFonts({ regular: config.PDF_FONT_PATH, bold: config.PDF_BOLD_FONT_PATH }, deps.logger),
    tableLimits: { maxRows: config.TABLE_MAX_ROWS, maxColumns: config.TABLE_MAX_COLUMNS },
    // Sessions, and API keys with the `create` scope (scripts that make tables or exports).
    ...createCallers(config, deps.redis),
  };
}

/** create-svc's HTTP API; tests serve it on a free port, main.ts in production. */
export function createApp(deps: CreateDeps): Hono<CreateEnv> {
  const ctx = buildContext(deps);
  const { config } = ctx;
  const limits = parseRateLimits(config.RATE_LIMITS, defaultRateLimits);
  const metrics = deps.metrics ?? createMetrics('create-svc');
  registerQueueMetrics(metrics.registry, [deps.images]);
  const app = createServiceApp<CreateEnv>({
    name: 'create-svc',
    logger: deps.logger,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    readiness: {
      postgres: () => deps.database.ping(),
      redis: () => pingRedis(deps.redis),
      objectStore: () => deps.store.ping(),
    },
    metrics,
  });

  const perIp = rateLimit({
    limiter: ctx.limiter,
    group: 'shared',
    rule: limits.shared as RateLimitRule,
    trustProxy: config.TRUST_PROXY,
  });
  app.use(`${EXPORT_PATH}/shared/*`, perIp);
  app.route(`${EXPORT_PATH}/shared`, sharedExportRoutes(ctx));

  const signedIn = signedInCallers(ctx, {
    scope: 'create',
    rule: limits.default as RateLimitRule,
    trustProxy: config.TRUST_PROXY,
  });
  // "/create/*" matches "/create" too in Hono: one registration, so nothing runs twice.
  app.use(`${CREATE_PATH}/*`, ...signedIn);
  app.use(`${EXPORT_PATH}/threads/*`, ...signedIn);
  const generating = rateLimit({
    limiter: ctx.limiter,
    group: 'generate',
    rule: limits.generate as RateLimitRule,
    trustProxy: config.TRUST_PROXY,
  });
  for (const path of ['tables', 'dashboards', 'images']) app.post(`${CREATE_PATH}/${path}`, generating);
  app.route(`${CREATE_PATH}/artifacts`, artifactRoutes(ctx));
  app.route(CREATE_PATH, generateRoutes(ctx));
  app.route(EXPORT_PATH, exportRoutes(ctx));
  return app;
}
