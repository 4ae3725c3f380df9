import { currentUser } from '@perplexica/auth-kit';
import { notFound } from '@perplexica/errors';
import { queryParams } from '@perplexica/http';
import { Hono } from 'hono';
import type { BillingContext, BillingEnv } from '../deps.ts';
import { orgUsage, usageToday } from '../usage/meter-usage.ts';
import { orgUsageQuery } from '../wire-schemas.ts';

/** What the signed-in user has used today against their plan, and (for org admins) their org's use. */
export function usageRoutes(ctx: BillingContext): Hono<BillingEnv> {
  const app = new Hono<BillingEnv>();

  app.get('/', async (c) => c.json(await usageToday(ctx.db, currentUser(c).id)));

  // The org's owner (or a platform admin in it) reads its use; anyone else is told nothing exists.
  app.get('/org', async (c) => {
    const user = currentUser(c);
    if (!user.orgId || (user.orgRole !== 'owner' && user.role !== 'admin')) throw notFound();
    const { days } = queryParams(c, orgUsageQuery);
    return c.json({ orgId: user.orgId, days, usage: await orgUsage(ctx.db, user.orgId, days) });
  });

  return app;
}
