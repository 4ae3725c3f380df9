import { Hono } from 'hono';
import type { BillingEnv } from '../deps.ts';
import { plans, planView } from '../plans.ts';

/** The catalogue, public (a pricing page is read before signing in). */
export function planRoutes(): Hono<BillingEnv> {
  const app = new Hono<BillingEnv>();
  app.get('/', (c) => c.json({ plans: plans.map(planView) }));
  return app;
}
