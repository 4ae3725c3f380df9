import { emitBillingEvent } from '../billing-audit.ts';
import type { RefundRow } from '../db/schema.ts';
import type { BillingStore } from '../deps.ts';
import { ensureUserAccount, systemAccounts, userAccountId } from '../ledger/accounts.ts';
import { postTransaction } from '../ledger/post-transaction.ts';
import { parseRub } from '../money.ts';
import type { YooKassaRefund } from '../yookassa/gateway.ts';

export type RefundOutcome = 'unknown' | 'mismatch' | 'unchanged' | 'succeeded' | 'canceled' | 'pending';

/**
 * Credits a refunded payment had bought, in proportion to the money returned so far: computed on
 * the running total so that partial refunds adding up to the whole take back exactly all.
 */
export function creditsToReverse(
  payment: { credits: number; amountKopecks: number },
  refundedBefore: number,
  refundedAfter: number,
): number {
  const share = (kopecks: number) => Math.floor((payment.credits * kopecks) / payment.amountKopecks);
  return share(refundedAfter) - share(refundedBefore);
}

/**
 * Records YooKassa's verdict on one of our refunds (from its API, never a notification body).
 * On success, in one transaction: the payment's refunded total, the credits it bought taken back
 * (never more than the balance holds: credits already spent stay spent), and, when the payment
 * that paid the current period is refunded in full, the subscription ended. Once only: the refund
 * row is locked and its status checked, and the ledger's unique refund id stands behind that.
 */
export async function settleRefund(
  store: BillingStore,
  refundId: string,
  remote: YooKassaRefund,
): Promise<{ outcome: RefundOutcome; refund: RefundRow | null }> {
  const result = await store.db.transaction().execute(async (trx) => {
    const refund = await trx
      .selectFrom('refunds')
      .selectAll()
      .where('id', '=', refundId)
      .forUpdate()
      .executeTakeFirst();
    if (!refund) return { outcome: 'unknown' as const, refund: null };
    if (refund.status === 'succeeded' || refund.status === 'canceled')
      return { outcome: 'unchanged' as const, refund };
    const payment = await trx
      .selectFrom('payments')
      .selectAll()
      .where('id', '=', refund.payment_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (
      remote.payment_id !== payment.yookassa_id ||
      parseRub(String(remote.amount?.value)) !== Number(refund.amount_kopecks)
    ) {
      return { outcome: 'mismatch' as const, refund };
    }
    if (remote.status === 'canceled') {
      const canceled = await trx
        .updateTable('refunds')
        .set({ status: 'canceled', yookassa_id: remote.id, updated_at: new Date() })
        .where('id', '=', refund.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return { outcome: 'canceled' as const, refund: canceled };
    }
    if (remote.status !== 'succeeded') {
      const pending = await trx
        .updateTable('refunds')
        .set({ status: 'pending', yookassa_id: remote.id, updated_at: new Date() })
        .where('id', '=', refund.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return { outcome: 'pending' as const, refund: pending };
    }

    const refundedBefore = Number(payment.refunded_kopecks);
    const refundedAfter = refundedBefore + Number(refund.amount_kopecks);
    const owed = creditsToReverse(
      { credits: Number(payment.credits), amountKopecks: Number(payment.amount_kopecks) },
      refundedBefore,
      refundedAfter,
    );
    await ensureUserAccount(trx, payment.user_id);
    const account = await trx
      .selectFrom('accounts')
      .select('balance')
      .where('id', '=', userAccountId(payment.user_id))
      .forUpdate()
      .executeTakeFirstOrThrow();
    const reversed = Math.min(owed, Number(account.balance));
    if (reversed > 0) {
      await postTransaction(trx, {
        kind: 'refund',
        userId: payment.user_id,
        amount: reversed,
        direction: 'out_of',
        counterparty: systemAccounts.purchases,
        reason: `Refund of payment ${payment.id}`,
        createdBy: refund.created_by,
        refundId: refund.id,
      });
    }
    await trx
      .updateTable('payments')
      .set({ refunded_kopecks: refundedAfter, updated_at: new Date() })
      .where('id', '=', payment.id)
      .execute();
    const succeeded = await trx
      .updateTable('refunds')
      .set({
        status: 'succeeded',
        yookassa_id: remote.id,
        credits_reversed: reversed,
        updated_at: new Date(),
      })
      .where('id', '=', refund.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const endedSubscription =
      refundedAfter === Number(payment.amount_kopecks) && payment.purpose !== 'credits'
        ? await trx
            .updateTable('subscriptions')
            .set({ status: 'ended', ended_at: new Date(), ended_reason: 'refunded', updated_at: new Date() })
            .where('user_id', '=', payment.user_id)
            .where('status', '=', 'active')
            .where('last_payment_id', '=', payment.id)
            .returningAll()
            .executeTakeFirst()
        : undefined;
    return {
      outcome: 'succeeded' as const,
      refund: succeeded,
      payment,
      owed,
      reversed,
      endedSubscription,
    };
  });

  if (result.outcome === 'mismatch') {
    store.logger.warn(
      { refundId, yookassaId: remote.id },
      'YooKassa refund does not match the refund created',
    );
  }
  if (result.outcome === 'succeeded' && 'payment' in result) {
    const { payment, refund, owed, reversed, endedSubscription } = result;
    emitBillingEvent(store.audit, {
      action: 'billing.refund.succeeded',
      orgId: payment.org_id,
      target: { type: 'refund', id: refund.id },
      details: {
        userId: payment.user_id,
        paymentId: payment.id,
        amount: remote.amount.value,
        currency: remote.amount.currency,
        creditsOwed: owed,
        creditsReversed: reversed,
      },
    });
    if (endedSubscription) {
      emitBillingEvent(store.audit, {
        action: 'billing.subscription.ended',
        orgId: endedSubscription.org_id,
        target: { type: 'subscription', id: endedSubscription.id },
        details: { userId: endedSubscription.user_id, reason: 'refunded', paymentId: payment.id },
      });
    }
  }
  return { outcome: result.outcome, refund: result.refund };
}
