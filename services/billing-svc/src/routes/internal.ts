import { ApiError } from '@perplexica/errors';
import { jsonBody, queryParams, requireServiceToken } from '@perplexica/http';
import { Hono } from 'hono';
import type { BillingContext, BillingEnv } from '../deps.ts';
import { readBalance } from '../ledger/accounts.ts';
import { spendCredits } from '../ledger/move-credits.ts';
import { meterUsage } from '../usage/meter-usage.ts';
import { balanceQuery, spendInput, usageInput } from '../wire-schemas.ts';

/**
 * For our services (x-service-token; 404 to anyone else): charge credits for work done on a
 * user's behalf, and read a balance before starting it. The user id comes in the body: the
 * calling service has authenticated the user.
 */
export function internalRoutes(ctx: BillingContext): Hono<BillingEnv> {
  const app = new Hono<BillingEnv>();
  app.use('*', requireServiceToken(ctx.config.SERVICE_TOKEN));

  app.post('/spend', async (c) => {
    const input = await jsonBody(c, spendInput);
    const result = await spendCredits(ctx.db, { ...input, createdBy: 'service' });
    switch (result.outcome) {
      case 'insufficient':
        throw new ApiError(
          'insufficient_credits',
          `Not enough credits: the balance is ${result.balance}, this needs ${input.amount}`,
          {
            details: { reason: 'insufficient_credits', balance: result.balance, requested: input.amount },
          },
        );
      case 'key_reused':
        throw new ApiError(
          'conflict',
          'This idempotencyKey was already used for another spend; use a new key',
          {
            details: { reason: 'idempotency_key_reused' },
          },
        );
      default:
        return c.json({
          transactionId: result.transactionId,
          balance: { credits: result.balance },
          replayed: result.outcome === 'replayed',
        });
    }
  });

  // Before a metered use starts: free within the plan's daily quota, one credit beyond it, or refused.
  app.post('/usage', async (c) => {
    const input = await jsonBody(c, usageInput);
    return c.json(await meterUsage(ctx.db, { ...input, orgId: input.orgId ?? null }));
  });

  app.get('/balance', async (c) => {
    const { userId } = queryParams(c, balanceQuery);
    const balance = await readBalance(ctx.db, userId);
    return c.json({ userId, balance: { credits: balance.credits } });
  });

  return app;
}
