import { useCallback, useEffect, useRef, useState } from 'react';
import { billing, type Payment, type Plan, paymentOutcome } from '../api/billing.ts';
import { ApiFailure, describeError } from '../api/errors.ts';
import { useBoundedPolling } from '../lib/use-bounded-polling.ts';

/** How long the page keeps asking after the return before saying it is still waiting. */
const WATCH_MS = 90_000;

/**
 * Back from YooKassa (`/billing?payment=<id>`): billing-svc is asked about the payment (it asks
 * YooKassa while the payment is pending, so the answer does not wait for the notification), again
 * and again for at most a minute and a half, and the outcome is said in words. A payment that
 * settles tells the page, which loads the balance and history again.
 */
export function BillingPaymentReturn({
  paymentId,
  plans,
  onSettled,
  onFinal,
  onAwaiting,
  onDismiss,
}: {
  paymentId: string;
  plans: Plan[];
  onSettled: () => void;
  /** The payment's outcome became final (received or canceled): nothing more to watch. */
  onFinal: () => void;
  /** The plan of a payment still awaited, so it is not bought twice meanwhile; null otherwise. */
  onAwaiting: (planId: string | null) => void;
  onDismiss: () => void;
}) {
  const [payment, setPayment] = useState<Payment | null>(null);
  const [error, setError] = useState<unknown>(null);
  const settled = useRef(false);

  const check = useCallback(async () => {
    try {
      const { payment: fresh } = await billing.payment(paymentId);
      setPayment(fresh);
      setError(null);
    } catch (failure) {
      setError(failure);
    }
  }, [paymentId]);

  useEffect(() => {
    void check();
  }, [check]);

  const outcome = payment
    ? paymentOutcome(
        payment,
        plans.find((plan) => plan.id === payment.planId),
      )
    : null;
  const missing = error instanceof ApiFailure && (error.status === 404 || error.status === 400);
  const waiting = !missing && (outcome === null || outcome.state === 'waiting');
  const { gaveUp, restart } = useBoundedPolling(waiting, check, {
    firstDelayMs: 1_000,
    maxDelayMs: 5_000,
    giveUpAfterMs: WATCH_MS,
  });

  useEffect(() => {
    if (outcome?.state === 'received' && !settled.current) {
      settled.current = true;
      onSettled();
    }
    if (outcome?.state === 'received' || outcome?.state === 'canceled') onFinal();
  }, [outcome?.state, onSettled, onFinal]);

  const awaitedPlan = payment && outcome?.state === 'waiting' ? payment.planId : null;
  useEffect(() => {
    onAwaiting(awaitedPlan);
    return () => onAwaiting(null);
  }, [awaitedPlan, onAwaiting]);

  let tone = 'info';
  let text: string;
  if (missing) {
    tone = 'error';
    text =
      'We could not find this payment on your account. If you paid while signed in as someone else, sign in as them to see it.';
  } else if (outcome) {
    tone = outcome.state === 'received' ? 'success' : outcome.state === 'canceled' ? 'warning' : 'info';
    text = outcome.text;
  } else if (error) {
    tone = 'error';
    text = `We could not check your payment: ${describeError(error)}`;
  } else {
    text = 'Checking your payment with YooKassa…';
  }

  return (
    <div className={`notice notice--${tone} billing-return`} role="status" data-testid="payment-return">
      <p className="billing-return__text">{text}</p>
      {waiting && gaveUp ? (
        <p className="billing-return__text">
          YooKassa has not confirmed it yet. If you paid, the credits are added as soon as it does, even if
          you leave this page.
        </p>
      ) : null}
      <div className="billing-return__actions">
        {waiting && (gaveUp || error) ? (
          <button
            type="button"
            className="button"
            onClick={() => {
              void check();
              restart();
            }}
          >
            Check again
          </button>
        ) : null}
        <button type="button" className="button button--quiet" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
