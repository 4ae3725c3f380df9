import { emitCallerAction } from '@perplexica/audit/http';
import { currentUser } from '@perplexica/auth-kit';
import { notFound } from '@perplexica/errors';
import { Hono } from 'hono';
import type { BillingContext, BillingEnv } from '../deps.ts';
import { findPlan, planView } from '../plans.ts';
import { cancelAtPeriodEnd, findSubscription } from '../subscriptions/subscription-repository.ts';
import { subscriptionView } from '../views.ts';

/** The signed-in user's own subscription. */
export function subscriptionRoutes(ctx: BillingContext): Hono<BillingEnv> {
  const app = new Hono<BillingEnv>();

  /** The subscription (null if never subscribed) and the plan the user is on now. */
  app.get('/', async (c) => {
    const subscription = await findSubscription(ctx.db, currentUser(c).id);
    const active = subscription?.status === 'active' ? findPlan(subscription.plan_id) : undefined;
    const plan = active ?? findPlan('free');
    return c.json({
      subscription: subscription ? subscriptionView(subscription) : null,
      plan: plan ? planView(plan) : null,
    });
  });

  /** No more renewals; the subscription stays active until the period's end. Repeating it is harmless. */
  app.post('/cancel', async (c) => {
    const user = currentUser(c);
    const result = await cancelAtPeriodEnd(ctx.db, user.id);
    if (!result) throw notFound('Active subscription');
    if (result.changed) {
      emitCallerAction(ctx.audit, c, user, ctx.config.TRUST_PROXY, {
        action: 'billing.subscription.cancelled',
        target: { type: 'subscription', id: result.subscription.id },
        details: {
          planId: result.subscription.plan_id,
          activeUntil: result.subscription.current_period_end.toISOString(),
        },
      });
    }
    return c.json({ subscription: subscriptionView(result.subscription) });
  });

  return app;
}
