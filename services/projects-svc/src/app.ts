import { discardAuditEvents } from '@perplexica/audit';
import { authenticate, createTokenVerifier } from '@perplexica/auth-kit';
import { createServiceApp, parseRateLimits, rateLimit } from '@perplexica/http';
import { createSlidingWindowLimiter, pingRedis } from '@perplexica/redis';
import type { Hono } from 'hono';
import { createAuthClient } from './clients/auth-client.ts';
import { createLibraryClient } from './clients/library-client.ts';
import { createSearchClient } from './clients/search-client.ts';
import { createUploadClient } from './clients/upload-client.ts';
import { connectors } from './connectors/registry.ts';
import type { ProjectsContext, ProjectsDeps, ProjectsEnv } from './deps.ts';
import { collectionRoutes } from './routes/collections.ts';
import { connectorRoutes } from './routes/connectors.ts';
import { internalRoutes } from './routes/internal.ts';
import { sharedCollectionRoutes } from './routes/shared-collections.ts';
import { spaceRoutes } from './routes/spaces.ts';

const defaultRateLimits = {
  /** Everything a signed-in caller does with spaces, collections and connectors. */
  default: { limit: 600, windowMs: 60_000 },
  /** "Sync now" presses per caller: each one fetches a whole source. */
  sync: { limit: 30, windowMs: 60_000 },
  /** Anonymous reads of shared collections, per IP. */
  shared: { limit: 120, windowMs: 60_000 },
};

export function buildContext(deps: ProjectsDeps): ProjectsContext {
  const { config } = deps;
  const upstream = { serviceToken: config.SERVICE_TOKEN, timeoutMs: config.UPSTREAM_TIMEOUT_MS };
  const search = createSearchClient({
    baseUrl: config.SEARCH_SERVICE_URL,
    serviceToken: config.SERVICE_TOKEN,
    timeoutMs: config.SEARCH_TIMEOUT_MS,
  });
  return {
    config,
    logger: deps.logger,
    audit: deps.audit ?? discardAuditEvents,
    db: deps.database.db,
    tokens: createTokenVerifier({
      publicKeyPem: config.JWT_PUBLIC_KEY,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
    }),
    limiter: createSlidingWindowLimiter(deps.redis),
    auth: createAuthClient({ baseUrl: config.AUTH_SERVICE_URL, ...upstream }),
    library: createLibraryClient({ baseUrl: config.LIBRARY_SERVICE_URL, ...upstream }),
    upload: createUploadClient({ baseUrl: config.UPLOAD_SERVICE_URL, ...upstream }),
    search,
    syncs: deps.syncs,
    connectors,
    tools: {
      search,
      limits: {
        maxDocuments: config.CONNECTOR_MAX_PAGES,
        maxChars: config.CONNECTOR_MAX_CHARS,
        maxBytes: config.CONNECTOR_MAX_BYTES,
        sitemapDepth: config.SITEMAP_MAX_DEPTH,
      },
    },
  };
}

/** projects-svc's HTTP API; tests serve it on a free port, main.ts in production. */
export function createApp(deps: ProjectsDeps, ctx: ProjectsContext = buildContext(deps)): Hono<ProjectsEnv> {
  const { config } = ctx;
  const limits = parseRateLimits(config.RATE_LIMITS, defaultRateLimits);
  const app = createServiceApp<ProjectsEnv>({
    name: 'projects-svc',
    logger: deps.logger,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    readiness: { postgres: () => deps.database.ping(), redis: () => pingRedis(deps.redis) },
  });
  const limit = (group: keyof typeof defaultRateLimits) =>
    rateLimit({
      limiter: ctx.limiter,
      group,
      rule: limits[group] ?? defaultRateLimits[group],
      trustProxy: config.TRUST_PROXY,
    });

  app.route('/internal/v1', internalRoutes(ctx));

  // Anonymous, so mounted before the signed-in collections routes: its handler answers first.
  app.use('/api/v1/collections/shared/*', limit('shared'));
  app.route('/api/v1/collections/shared', sharedCollectionRoutes(ctx));

  const signedIn = authenticate({ tokens: ctx.tokens });
  const perCaller = limit('default');
  // "/x/*" matches "/x" itself too: one registration per base, so a request is counted once.
  for (const base of ['/api/v1/projects', '/api/v1/collections', '/api/v1/connectors']) {
    app.use(`${base}/*`, signedIn, perCaller);
  }
  app.use('/api/v1/connectors/:id/sync', limit('sync'));
  app.route('/api/v1/projects', spaceRoutes(ctx));
  app.route('/api/v1/collections', collectionRoutes(ctx));
  app.route('/api/v1/connectors', connectorRoutes(ctx));
  return app;
}
