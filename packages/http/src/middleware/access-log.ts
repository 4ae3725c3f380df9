import type { ServiceMetrics } from '@perplexica/observability';
import type { MiddlewareHandler } from 'hono';
import type { ServiceEnv } from '../env.ts';
import { routeLabel } from './route-label.ts';

const quietPaths = new Set(['/health', '/ready', '/metrics']);

/**
 * One log line per request (method, route, status, duration; never headers, bodies or query
 * strings, which may hold secrets) and the request-duration histogram. Probe and scrape
 * requests log at debug so they do not drown real traffic.
 */
export function accessLog(metrics: ServiceMetrics): MiddlewareHandler<ServiceEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    const route = routeLabel(c);
    const status = c.res.status;
    metrics.httpDuration.observe({ method: c.req.method, route, status: String(status) }, seconds);
    const line = { method: c.req.method, route, status, durationMs: Math.round(seconds * 100_000) / 100 };
    const logger = c.get('logger');
    if (quietPaths.has(c.req.path)) logger.debug(line, 'request');
    else if (status >= 500) logger.error(line, 'request');
    else logger.info(line, 'request');
  };
}
