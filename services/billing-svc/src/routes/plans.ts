import { Hono } from 'hono';
import type { BillingContext, BillingEnv } from '../deps.ts';
import { plans, planView } from '../plans.ts';

/**
 * The catalogue, public (a pricing page is read before signing in), and whether payments are set
 * up here, so the page can say so before anyone tries to pay.
 */
export function planRoutes(ctx: Pick<BillingContext, 'yookassa'>): Hono<BillingEnv> {
  const app = new Hono<BillingEnv>();
  app.get('/', (c) =>
    c.json({ plans: plans.map(planView), payments: { configured: ctx.yookassa.configured } }),
  );
  return app;
}
