import { ApiError } from '@perplexica/errors';
import type { ServiceMetrics } from '@perplexica/observability';
import type { Hono } from 'hono';
import type { ServiceEnv } from './env.ts';

/** A dependency check for /ready: resolves when the dependency answers. */
export type ReadinessCheck = () => Promise<unknown>;

export interface HealthState {
  /** Set on SIGTERM so load balancers stop sending traffic while in-flight requests drain. */
  shuttingDown: boolean;
}

function withTimeout(check: ReadinessCheck, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    check(),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** /health (alive), /ready (every dependency answers right now), /metrics (Prometheus text). */
export function mountHealthRoutes(
  app: Hono<ServiceEnv>,
  checks: Record<string, ReadinessCheck>,
  metrics: ServiceMetrics,
  state: HealthState,
): void {
  app.get('/health', (c) => c.json({ status: 'ok' }));

  app.get('/ready', async (c) => {
    if (state.shuttingDown) throw new ApiError('unavailable', 'Shutting down');
    const names = Object.keys(checks);
    const outcomes = await Promise.allSettled(
      names.map((name) => withTimeout(checks[name] as ReadinessCheck, 2_000)),
    );
    const results: Record<string, string> = {};
    outcomes.forEach((outcome, index) => {
      results[names[index] as string] =
        outcome.status === 'fulfilled' ? 'ok' : String(outcome.reason?.message ?? outcome.reason);
    });
    const failing = names.filter((name) => results[name] !== 'ok');
    if (failing.length > 0) {
      throw new ApiError('unavailable', `Not ready: ${failing.join(', ')} not answering`, {
        details: results,
      });
    }
    return c.json({ status: 'ready', checks: results });
  });

  app.get('/metrics', async (c) => {
    c.header('content-type', metrics.registry.contentType);
    return c.body(await metrics.registry.metrics());
  });
}
