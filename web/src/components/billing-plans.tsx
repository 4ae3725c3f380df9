import { useEffect, useRef, useState } from 'react';
import {
  billing,
  creditsInWords,
  formatCount,
  formatMoney,
  newIdempotenceKey,
  type Plan,
  periodInWords,
  quotasInWords,
  type Subscription,
} from '../api/billing.ts';
import { ApiFailure, describeError } from '../api/errors.ts';
import { formatDate } from '../lib/format.ts';

export type PaymentsAvailability = 'checking' | 'available' | 'not_configured' | 'unknown';

/** What one plan gives, line by line. */
function planPoints(plan: Plan): string[] {
  if (plan.kind === 'subscription') {
    return [
      quotasInWords(plan.quotas),
      `${creditsInWords(plan.credits)} each month`,
      'Renews monthly with your saved card; cancel any time',
    ];
  }
  return [
    `${creditsInWords(plan.credits)}, paid once: no subscription`,
    `Pays for ${formatCount(plan.credits)} quality answers beyond the day’s allowance`,
  ];
}

/**
 * The Pro subscription and the credit packs, priced in rubles the reader's way. Buying opens a
 * payment with billing-svc and sends the browser to YooKassa's page. Each plan keeps its
 * Idempotence-Key until billing-svc has answered for certain, so a double click or a retry after
 * a dropped connection is the same payment, never a second one.
 */
export function BillingPlans({
  plans,
  payments,
  subscription,
  awaitedPlan,
  onNotConfigured,
}: {
  plans: Plan[];
  payments: PaymentsAvailability;
  subscription: Subscription | null;
  /** A plan whose payment is still being confirmed: not offered again meanwhile. */
  awaitedPlan: string | null;
  onNotConfigured: () => void;
}) {
  const keys = useRef(new Map<string, string>());
  const inFlight = useRef(false);
  const [buying, setBuying] = useState<string | null>(null);
  const [leaving, setLeaving] = useState<string | null>(null);
  const [error, setError] = useState<{ planId: string; message: string } | null>(null);

  // Back from YooKassa through the browser's history, the page may be restored as it was left.
  useEffect(() => {
    const restored = (event: PageTransitionEvent) => {
      if (event.persisted) setLeaving(null);
    };
    window.addEventListener('pageshow', restored);
    return () => window.removeEventListener('pageshow', restored);
  }, []);

  const keyFor = (planId: string) => {
    const key = keys.current.get(planId) ?? newIdempotenceKey();
    keys.current.set(planId, key);
    return key;
  };

  const buy = async (plan: Plan) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBuying(plan.id);
    setError(null);
    try {
      let answer = await billing.startPayment(plan.id, keyFor(plan.id));
      if (!answer.confirmationUrl) {
        // This key's payment is over (paid or canceled since): buying again is a new payment.
        keys.current.delete(plan.id);
        answer = await billing.startPayment(plan.id, keyFor(plan.id));
      }
      if (!answer.confirmationUrl) {
        throw new ApiFailure(502, 'bad_gateway', 'YooKassa did not give a page to pay on. Please try again.');
      }
      setLeaving(plan.id);
      window.location.assign(answer.confirmationUrl);
    } catch (failure) {
      // A dropped connection keeps the key: trying again is the same payment, if it was made.
      if (failure instanceof ApiFailure) keys.current.delete(plan.id);
      if (failure instanceof ApiFailure && failure.code === 'not_configured') onNotConfigured();
      else setError({ planId: plan.id, message: describeError(failure) });
    } finally {
      inFlight.current = false;
      setBuying(null);
    }
  };

  const forSale = plans.filter((plan) => plan.kind !== 'free');
  const subscribed = subscription?.status === 'active' ? subscription : null;
  return (
    <section className="billing-plans" aria-labelledby="billing-plans-title">
      <h2 id="billing-plans-title">Plans and credits</h2>
      <ul className="billing-plans__list">
        {forSale.map((plan) => {
          const period = periodInWords(plan.period);
          const held = plan.kind === 'subscription' && subscribed?.planId === plan.id;
          const titleId = `plan-${plan.id}`;
          return (
            <li
              key={plan.id}
              className={`billing-plan${plan.kind === 'subscription' ? ' billing-plan--subscription' : ''}`}
              aria-labelledby={titleId}
            >
              <h3 id={titleId} className="billing-plan__name">
                {plan.kind === 'subscription' ? `${plan.name} subscription` : plan.name}
              </h3>
              <p className="billing-plan__price">
                <strong>{formatMoney(plan.price)}</strong>
                {period ? <span className="muted"> {period}</span> : null}
              </p>
              <ul className="billing-plan__points">
                {planPoints(plan).map((point) => (
                  <li key={point}>{point}</li>
                ))}
              </ul>
              {held ? (
                <p className="billing-plan__held">
                  You have {plan.name}
                  {subscribed.cancelAtPeriodEnd
                    ? ` until ${formatDate(subscribed.currentPeriodEnd, { month: 'long' })}`
                    : ''}
                  .
                </p>
              ) : (
                <button
                  type="button"
                  className={`button ${plan.kind === 'subscription' ? 'button--primary' : ''} billing-plan__buy`}
                  onClick={() => buy(plan)}
                  disabled={
                    payments === 'not_configured' ||
                    buying !== null ||
                    leaving !== null ||
                    awaitedPlan === plan.id
                  }
                  aria-describedby={error?.planId === plan.id ? `${titleId}-error` : undefined}
                >
                  {awaitedPlan === plan.id
                    ? 'Waiting for your payment…'
                    : leaving === plan.id
                      ? 'Taking you to YooKassa…'
                      : buying === plan.id
                        ? 'Opening the payment…'
                        : plan.kind === 'subscription'
                          ? `Subscribe to ${plan.name}`
                          : `Buy ${plan.name}`}
                </button>
              )}
              {error?.planId === plan.id ? (
                <p id={`${titleId}-error`} className="notice notice--error" role="alert">
                  {error.message}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
      {payments === 'not_configured' ? null : (
        <p className="muted billing-plans__note">
          You pay on YooKassa’s page, then come back here, where the payment is confirmed and your credits are
          added.
        </p>
      )}
    </section>
  );
}
