import { randomUUID } from 'node:crypto';
import { ApiError, notFound } from '@perplexica/errors';
import type { RefundRow } from '../db/schema.ts';
import type { BillingStore } from '../deps.ts';
import { rub } from '../money.ts';
import { gatewayApiError, YooKassaError } from '../yookassa/gateway.ts';
import { receiptFor } from '../yookassa/receipt.ts';
import { findRefund, findRefundByClientKey, markRefundFailed } from './refund-repository.ts';
import { settleRefund } from './settle-refund.ts';

export interface CreateRefundRequest {
  adminId: string;
  paymentId: string;
  /** Kopecks to return; null: everything not yet refunded. */
  amountKopecks: number | null;
  reason: string;
  /** The admin's Idempotence-Key. */
  clientKey: string;
}

const keyReused = (refundId: string) =>
  new ApiError('conflict', 'This Idempotence-Key was already used for another refund; use a new key', {
    details: { reason: 'idempotency_key_reused', refundId },
  });

/**
 * Reserves the amount against the payment (refunds in flight count), so two admins refunding
 * at once cannot return more than was paid: the payment row is locked while the sum is taken.
 */
async function reserveRefund(store: BillingStore, request: CreateRefundRequest): Promise<RefundRow> {
  return store.db.transaction().execute(async (trx) => {
    const payment = await trx
      .selectFrom('payments')
      .selectAll()
      .where('id', '=', request.paymentId)
      .forUpdate()
      .executeTakeFirst();
    if (!payment) throw notFound('Payment');
    if (payment.status !== 'succeeded' || !payment.yookassa_id) {
      throw new ApiError(
        'conflict',
        `Only a succeeded payment can be refunded; this one is ${payment.status}`,
        {
          details: { reason: 'not_refundable', status: payment.status },
        },
      );
    }
    const { reserved } = await trx
      .selectFrom('refunds')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('amount_kopecks'), eb.val('0')).as('reserved'))
      .where('payment_id', '=', payment.id)
      .where('status', 'in', ['creating', 'pending', 'succeeded'])
      .executeTakeFirstOrThrow();
    const available = Number(payment.amount_kopecks) - Number(reserved);
    const amount = request.amountKopecks ?? available;
    if (available <= 0 || amount > available) {
      throw new ApiError(
        'conflict',
        available <= 0
          ? 'This payment is already refunded in full'
          : `At most ${rub(available).value} RUB of this payment can still be refunded`,
        { details: { reason: 'exceeds_refundable', available: rub(Math.max(available, 0)) } },
      );
    }
    const refund = await trx
      .insertInto('refunds')
      .values({
        id: randomUUID(),
        payment_id: payment.id,
        client_key: request.clientKey,
        yookassa_id: null,
        status: 'creating',
        amount_kopecks: amount,
        credits_reversed: null,
        reason: request.reason,
        failure_reason: null,
        created_by: request.adminId,
      })
      .onConflict((conflict) => conflict.columns(['created_by', 'client_key']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!refund) {
      // The same key, sent twice at once: the first one's row is the refund.
      const existing = await findRefundByClientKey(trx, request.adminId, request.clientKey);
      if (!existing) throw new Error('refund vanished between insert and read');
      return existing;
    }
    return refund;
  });
}

/**
 * An admin returns money: our refund row (reserved against the payment), then YooKassa's refund
 * under our refund id as its idempotence key, then the ledger (settleRefund). A retried request
 * with the same key resumes or answers the same refund.
 */
export async function createRefund(
  store: BillingStore,
  request: CreateRefundRequest,
): Promise<{ refund: RefundRow; created: boolean }> {
  const earlier = await findRefundByClientKey(store.db, request.adminId, request.clientKey);
  if (
    earlier &&
    (earlier.payment_id !== request.paymentId ||
      (request.amountKopecks !== null && Number(earlier.amount_kopecks) !== request.amountKopecks))
  ) {
    throw keyReused(earlier.id);
  }
  if (earlier && earlier.status !== 'creating') return { refund: earlier, created: false };
  const refund = earlier ?? (await reserveRefund(store, request));
  if (refund.payment_id !== request.paymentId) throw keyReused(refund.id);

  const payment = await store.db
    .selectFrom('payments')
    .selectAll()
    .where('id', '=', refund.payment_id)
    .executeTakeFirstOrThrow();
  const receipt = receiptFor(store.config, {
    description: payment.description,
    amountKopecks: Number(refund.amount_kopecks),
    email: payment.receipt_email,
  });
  let remote: Awaited<ReturnType<BillingStore['yookassa']['createRefund']>>;
  try {
    remote = await store.yookassa.createRefund(
      {
        payment_id: payment.yookassa_id ?? '',
        amount: rub(Number(refund.amount_kopecks)),
        description: refund.reason.slice(0, 250),
        ...(receipt ? { receipt } : {}),
      },
      refund.id,
    );
  } catch (error) {
    if (error instanceof YooKassaError && error.kind === 'refused')
      await markRefundFailed(store.db, refund.id, error.message);
    store.logger.warn({ err: error, refundId: refund.id }, 'YooKassa did not create the refund');
    throw gatewayApiError(error);
  }
  const settled = await settleRefund(store, refund.id, remote);
  // This call got YooKassa's refund made (first try, or one resuming a lost answer).
  return { refund: settled.refund ?? (await findRefund(store.db, refund.id)) ?? refund, created: true };
}
