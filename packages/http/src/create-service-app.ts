import { createMetrics, type Logger, type ServiceMetrics } from '@perplexica/observability';
import { Hono } from 'hono';
import type { ServiceEnv } from './env.ts';
import { type HealthState, mountHealthRoutes, type ReadinessCheck } from './health.ts';
import { accessLog } from './middleware/access-log.ts';
import { limitBody } from './middleware/body-limit.ts';
import { handleError, handleNotFound } from './middleware/error-handler.ts';
import { requestId } from './middleware/request-id.ts';
import { traceRequests } from './middleware/trace-requests.ts';

export interface ServiceAppOptions {
  name: string;
  logger: Logger;
  /** Largest accepted request body; larger ones get 413. Default 1 MiB. */
  bodyLimitBytes?: number;
  /** Dependencies /ready checks, by name: { postgres: db.ping, redis: () => pingRedis(redis) }. */
  readiness?: Record<string, ReadinessCheck>;
  /**
   * The service's registry when it keeps metrics of its own (cache hits, queue depth): made with
   * createMetrics(name) before the app, so /metrics serves them with the kit's.
   */
  metrics?: ServiceMetrics;
  /**
   * Paths whose route streams its body and enforces its own limit (file uploads): the kit's body
   * limit, sized for JSON, does not apply there.
   */
  streamedBodyPaths?: string[];
  /** Every body is streamed on untouched (a proxy): no body limit at all here. */
  streamsBodies?: boolean;
}

const healthStates = new WeakMap<object, HealthState>();

/** The health state runService flips on SIGTERM so /ready fails while requests drain. */
export function healthStateOf(app: object): HealthState | undefined {
  return healthStates.get(app);
}

/**
 * The one way to build a service's Hono app: request ids, tracing, access log and metrics,
 * body limit, /health /ready /metrics, and the one error shape for everything that goes wrong.
 * The service adds its routes to what this returns.
 */
export function createServiceApp<E extends ServiceEnv = ServiceEnv>(options: ServiceAppOptions): Hono<E> {
  const metrics: ServiceMetrics = options.metrics ?? createMetrics(options.name);
  const state: HealthState = { shuttingDown: false };
  const app = new Hono<ServiceEnv>();
  app.use('*', requestId(options.logger));
  app.use('*', traceRequests());
  app.use('*', accessLog(metrics));
  const limit = limitBody(options.bodyLimitBytes ?? 1_048_576);
  const streamed = new Set(options.streamedBodyPaths ?? []);
  if (!options.streamsBodies) app.use('*', (c, next) => (streamed.has(c.req.path) ? next() : limit(c, next)));
  app.onError(handleError);
  app.notFound(handleNotFound);
  mountHealthRoutes(app, options.readiness ?? {}, metrics, state);
  healthStates.set(app, state);
  return app as unknown as Hono<E>;
}
