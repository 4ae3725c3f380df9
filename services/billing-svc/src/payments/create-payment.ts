import { randomUUID } from 'node:crypto';
import type { ICreatePayment } from '@a2seven/yoo-checkout';
import type { AuthUser } from '@perplexica/auth-kit';
import { ApiError } from '@perplexica/errors';
import type { PaymentRow } from '../db/schema.ts';
import type { BillingStore } from '../deps.ts';
import { enqueuePaymentCheck } from '../jobs/billing-queue.ts';
import { rub } from '../money.ts';
import type { Plan } from '../plans.ts';
import { findSubscription } from '../subscriptions/subscription-repository.ts';
import { gatewayApiError, YooKassaError } from '../yookassa/gateway.ts';
import { receiptFor } from '../yookassa/receipt.ts';
import { findPaymentByClientKey, insertPayment, markFailed, recordCreated } from './payment-repository.ts';
import { reconcilePayment } from './reconcile-payment.ts';

export interface CreatePaymentRequest {
  user: AuthUser;
  plan: Plan;
  /** For the 54-FZ receipt; required when receipts are on. */
  email: string | null;
  /** The client's Idempotence-Key. */
  clientKey: string;
}

/**
 * What is sent to YooKassa for a checkout, built only from the stored row: a retry under the
 * same key sends the same body with the same idempotence key (our payment id), which YooKassa
 * answers with the payment it already made.
 */
function checkoutPayload(store: BillingStore, payment: PaymentRow): ICreatePayment {
  const returnUrl = new URL(store.config.BILLING_RETURN_URL);
  returnUrl.searchParams.set('payment', payment.id);
  const receipt = receiptFor(store.config, {
    description: payment.description,
    amountKopecks: Number(payment.amount_kopecks),
    email: payment.receipt_email,
  });
  return {
    amount: rub(Number(payment.amount_kopecks)),
    capture: true,
    description: payment.description,
    confirmation: { type: 'redirect', return_url: returnUrl.toString() },
    // A subscription's first payment saves the card, so renewals can charge it without the user.
    ...(payment.purpose === 'subscription' ? { save_payment_method: true } : {}),
    metadata: { paymentId: payment.id, planId: payment.plan_id },
    ...(receipt ? { receipt } : {}),
  };
}

/**
 * Starts a checkout: our payment row first (status `creating`, unique per user and key), then
 * YooKassa's payment under our payment id as its idempotence key. A retried request with the same
 * key finds the row and, if YooKassa's answer was lost, repeats the same create: either way one
 * payment. `created` is false when the answer is a payment YooKassa had already acknowledged.
 */
export async function createPayment(
  store: BillingStore,
  request: CreatePaymentRequest,
): Promise<{ payment: PaymentRow; created: boolean }> {
  const { user, plan } = request;
  const earlier = await findPaymentByClientKey(store.db, user.id, request.clientKey);
  let payment: PaymentRow;
  if (earlier) {
    if (earlier.plan_id !== plan.id || earlier.receipt_email !== request.email) {
      throw new ApiError(
        'conflict',
        'This Idempotence-Key was already used for another payment; use a new key',
        {
          details: { reason: 'idempotency_key_reused', paymentId: earlier.id },
        },
      );
    }
    if (earlier.yookassa_id || earlier.status === 'failed') return { payment: earlier, created: false };
    payment = earlier;
  } else {
    if (plan.kind === 'subscription') {
      const subscription = await findSubscription(store.db, user.id);
      if (subscription?.status === 'active') {
        throw new ApiError('conflict', 'You already have an active subscription', {
          details: { reason: 'already_subscribed', subscriptionId: subscription.id },
        });
      }
    }
    const inserted = await insertPayment(store.db, {
      id: randomUUID(),
      userId: user.id,
      orgId: user.orgId,
      planId: plan.id,
      purpose: plan.kind === 'subscription' ? 'subscription' : 'credits',
      clientKey: request.clientKey,
      amountKopecks: plan.priceKopecks,
      credits: plan.credits,
      description: plan.description,
      receiptEmail: request.email,
      subscriptionId: null,
    });
    // A concurrent request with the same key got there first: continue with its row.
    if (!inserted.inserted) return createPayment(store, request);
    payment = inserted.row;
  }

  let remote: Awaited<ReturnType<BillingStore['yookassa']['createPayment']>>;
  try {
    remote = await store.yookassa.createPayment(checkoutPayload(store, payment), payment.id);
  } catch (error) {
    // Refused (bad request, credentials): final, the client starts over with a new key. Unknown
    // outcome (timeout, 5xx): the row stays `creating` and a retry with the same key resumes.
    if (error instanceof YooKassaError && error.kind === 'refused')
      await markFailed(store.db, payment.id, error.message);
    store.logger.warn({ err: error, paymentId: payment.id }, 'YooKassa did not create the payment');
    throw gatewayApiError(error);
  }

  let recorded = await recordCreated(store.db, payment.id, {
    id: remote.id,
    confirmationUrl: remote.confirmation?.confirmation_url ?? null,
  });
  if (remote.status !== 'pending') recorded = (await reconcilePayment(store, remote)).payment ?? recorded;
  // If the notification never arrives, this asks YooKassa later; Redis trouble must not fail a
  // checkout that YooKassa has already opened (GET /payments/:id also asks while pending).
  await enqueuePaymentCheck(store.queue, store.config, payment.id).catch((error) =>
    store.logger.warn({ err: error, paymentId: payment.id }, 'could not queue the payment check'),
  );
  // This call got YooKassa's payment made (first try, or one resuming a lost answer).
  return { payment: recorded, created: true };
}
