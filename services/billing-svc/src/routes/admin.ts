import { emitCallerAction } from '@perplexica/audit/http';
import { currentUser, requireRole } from '@perplexica/auth-kit';
import { ApiError } from '@perplexica/errors';
import { jsonBody } from '@perplexica/http';
import { Hono } from 'hono';
import type { BillingContext, BillingEnv } from '../deps.ts';
import { grantCredits } from '../ledger/move-credits.ts';
import { createRefund } from '../refunds/create-refund.ts';
import { refundView } from '../views.ts';
import { grantInput, idempotenceKeyOf, refundInput } from '../wire-schemas.ts';
import { requireYooKassa } from './require-yookassa.ts';

/**
 * Platform admins only (the `admin` role). Everyone else gets 404, as on audit-svc's admin routes:
 * the routes' existence is not revealed.
 */
export function adminRoutes(ctx: BillingContext): Hono<BillingEnv> {
  const app = new Hono<BillingEnv>();
  app.use('*', requireRole('admin', { hide: true }));

  app.post('/refunds', requireYooKassa(ctx.yookassa), async (c) => {
    const input = await jsonBody(c, refundInput);
    const clientKey = idempotenceKeyOf(c);
    const admin = currentUser(c);
    const { refund, created } = await createRefund(ctx, {
      adminId: admin.id,
      paymentId: input.paymentId,
      amountKopecks: input.amount?.value ?? null,
      reason: input.reason,
      clientKey,
    });
    if (created) {
      emitCallerAction(ctx.audit, c, admin, ctx.config.TRUST_PROXY, {
        action: 'billing.refund.created',
        target: { type: 'refund', id: refund.id },
        details: { paymentId: refund.payment_id, amount: refundView(refund).amount, reason: refund.reason },
      });
    }
    return c.json({ refund: refundView(refund) }, created ? 201 : 200);
  });

  /** Credits as goodwill (support, compensation), from the system's grants account. */
  app.post('/grants', async (c) => {
    const input = await jsonBody(c, grantInput);
    const clientKey = idempotenceKeyOf(c);
    const admin = currentUser(c);
    const result = await grantCredits(ctx.db, { ...input, idempotencyKey: clientKey, createdBy: admin.id });
    if (result.outcome === 'key_reused') {
      throw new ApiError(
        'conflict',
        'This Idempotence-Key was already used for another grant; use a new key',
        {
          details: { reason: 'idempotency_key_reused' },
        },
      );
    }
    if (result.outcome === 'insufficient') throw new Error('a grant cannot lower a balance');
    if (result.outcome === 'moved') {
      emitCallerAction(ctx.audit, c, admin, ctx.config.TRUST_PROXY, {
        action: 'billing.credits.granted',
        target: { type: 'user', id: input.userId },
        details: { amount: input.amount, reason: input.reason, transactionId: result.transactionId },
      });
    }
    return c.json(
      {
        transactionId: result.transactionId,
        balance: { credits: result.balance },
        replayed: result.outcome === 'replayed',
      },
      result.outcome === 'moved' ? 201 : 200,
    );
  });

  return app;
}
