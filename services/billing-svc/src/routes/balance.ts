import { currentUser } from '@perplexica/auth-kit';
import { queryParams } from '@perplexica/http';
import { Hono } from 'hono';
import type { BillingContext, BillingEnv } from '../deps.ts';
import { readBalance } from '../ledger/accounts.ts';
import { listLedger } from '../ledger/list-ledger.ts';
import { ledgerCursor, ledgerQuery } from '../wire-schemas.ts';

/** The signed-in user's own credits: the balance and its ledger. Nobody else's is reachable. */
export function balanceRoutes(ctx: BillingContext): Hono<BillingEnv> {
  const app = new Hono<BillingEnv>();

  app.get('/balance', async (c) => {
    const balance = await readBalance(ctx.db, currentUser(c).id);
    return c.json({
      balance: { credits: balance.credits, updatedAt: balance.updatedAt?.toISOString() ?? null },
    });
  });

  app.get('/ledger', async (c) => {
    const { cursor, limit } = queryParams(c, ledgerQuery);
    const before = cursor ? ledgerCursor.decode(cursor).before : null;
    const page = await listLedger(ctx.db, currentUser(c).id, { before, limit });
    const last = page.lines.at(-1);
    return c.json({
      entries: page.lines,
      nextCursor: page.more && last ? ledgerCursor.encode({ before: Number(last.id) }) : null,
    });
  });

  return app;
}
