import { emitCallerAction } from '@perplexica/audit/http';
import { currentUser } from '@perplexica/auth-kit';
import { ApiError, notFound } from '@perplexica/errors';
import { jsonBody, pathParams } from '@perplexica/http';
import { Hono } from 'hono';
import type { BillingContext, BillingEnv } from '../deps.ts';
import { createPayment } from '../payments/create-payment.ts';
import { findOwnPayment } from '../payments/payment-repository.ts';
import { reconcilePayment } from '../payments/reconcile-payment.ts';
import { findPlan } from '../plans.ts';
import { paymentView } from '../views.ts';
import { idempotenceKeyOf, paymentInput, uuidPath } from '../wire-schemas.ts';

/** Buying a plan or a credit pack, and following the payment. Another user's payment is 404. */
export function paymentRoutes(ctx: BillingContext): Hono<BillingEnv> {
  const app = new Hono<BillingEnv>();

  app.post('/', async (c) => {
    const input = await jsonBody(c, paymentInput);
    const clientKey = idempotenceKeyOf(c);
    const user = currentUser(c);
    const plan = findPlan(input.planId);
    if (!plan) throw notFound('Plan');
    if (ctx.config.YOOKASSA_RECEIPTS && !input.email) {
      const message = 'required: a receipt (54-FZ) is sent with every payment, to this address';
      throw new ApiError('validation_failed', `body.email: ${message}`, {
        details: [{ path: 'body.email', message }],
      });
    }
    const { payment, created } = await createPayment(ctx, {
      user,
      plan,
      email: ctx.config.YOOKASSA_RECEIPTS ? (input.email ?? null) : null,
      clientKey,
    });
    if (created) {
      emitCallerAction(ctx.audit, c, user, ctx.config.TRUST_PROXY, {
        action: 'billing.payment.created',
        target: { type: 'payment', id: payment.id },
        details: { planId: plan.id, amount: paymentView(payment).amount },
      });
    }
    const view = paymentView(payment);
    return c.json({ payment: view, confirmationUrl: view.confirmationUrl }, created ? 201 : 200);
  });

  /** While pending, YooKassa is asked (the user may be back before its notification). */
  app.get('/:id', async (c) => {
    const { id } = pathParams(c, uuidPath);
    let payment = await findOwnPayment(ctx.db, currentUser(c).id, id);
    if (!payment) throw notFound('Payment');
    if (payment.yookassa_id && (payment.status === 'creating' || payment.status === 'pending')) {
      try {
        const remote = await ctx.yookassa.getPayment(payment.yookassa_id);
        if (remote) payment = (await reconcilePayment(ctx, remote)).payment ?? payment;
      } catch (error) {
        // The stored state is still a true answer, only perhaps behind.
        c.get('logger').warn(
          { err: error, paymentId: payment.id },
          'could not refresh the payment from YooKassa',
        );
      }
    }
    return c.json({ payment: paymentView(payment) });
  });

  return app;
}
