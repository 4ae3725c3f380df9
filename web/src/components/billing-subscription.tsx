import { useEffect, useRef, useState } from 'react';
import { billing, endedReasonWords, type Plan, type Subscription } from '../api/billing.ts';
import { describeError } from '../api/errors.ts';
import { formatDate } from '../lib/format.ts';

const longDate = (iso: string) => formatDate(iso, { day: 'numeric', month: 'long', year: 'numeric' });

/**
 * The subscription as it stands: active and renewing, cancelled (still active until the paid
 * month ends, then Free), or ended and why. Cancelling asks first, and says what it means.
 */
export function BillingSubscription({
  subscription,
  plans,
  onChanged,
}: {
  subscription: Subscription;
  plans: Plan[];
  onChanged: (subscription: Subscription) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  // The question appears where the button was: the keyboard moves on to its answer.
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);
  const name = plans.find((plan) => plan.id === subscription.planId)?.name ?? subscription.planId;
  const until = longDate(subscription.currentPeriodEnd);
  const active = subscription.status === 'active';

  const cancel = async () => {
    setBusy(true);
    setError(null);
    try {
      const { subscription: changed } = await billing.cancelSubscription();
      setConfirming(false);
      onChanged(changed);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  let status: string;
  let explanation: string;
  if (!active) {
    status = 'Ended';
    explanation = `Your ${name} subscription ended on ${longDate(subscription.endedAt ?? subscription.currentPeriodEnd)}${
      subscription.endedReason ? `: ${endedReasonWords[subscription.endedReason]}` : ''
    }. You are on Free; you can subscribe again below.`;
  } else if (subscription.cancelAtPeriodEnd) {
    status = 'Cancelled';
    explanation = `You cancelled ${name}. It stays active until ${until}, the end of the month you paid for, and will not renew: nothing more is charged. After that you are on Free; your credits stay.`;
  } else if (subscription.renews) {
    status = 'Active';
    explanation = `Paid until ${until}. It renews then with your saved card, adding its monthly credits, unless you cancel.`;
  } else {
    status = 'Active';
    explanation = `Paid until ${until}. There is no saved card to renew it with, so it ends then unless you subscribe again.`;
  }

  return (
    <section className="panel billing-subscription" aria-labelledby="billing-subscription-title">
      <h2 id="billing-subscription-title">Subscription</h2>
      <p className="billing-subscription__status">
        <strong>{name}</strong>{' '}
        <span
          className={`billing-status billing-status--${status.toLowerCase()}`}
          data-testid="subscription-status"
        >
          {status}
        </span>
      </p>
      <p>{explanation}</p>
      {active ? (
        <dl className="facts billing-subscription__facts">
          <dt>Current period</dt>
          <dd>
            {longDate(subscription.currentPeriodStart)} to {until}
          </dd>
          <dt>Renews</dt>
          <dd>{subscription.renews ? `Yes, on ${until}` : 'No'}</dd>
        </dl>
      ) : null}
      {active && !subscription.cancelAtPeriodEnd && !confirming ? (
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          Cancel at period end…
        </button>
      ) : null}
      {confirming ? (
        <div className="billing-confirm">
          <p id="billing-confirm-question">
            <strong>Cancel {name} at the end of this period?</strong> It stays active until {until} and is not
            renewed; nothing is refunded and nothing more is charged. Credits you hold stay yours.
          </p>
          <div className="billing-confirm__actions">
            <button
              ref={confirmButton}
              type="button"
              className="button button--danger"
              onClick={cancel}
              disabled={busy}
            >
              {busy ? 'Cancelling…' : 'Yes, cancel at period end'}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)} disabled={busy}>
              Keep {name}
            </button>
          </div>
        </div>
      ) : null}
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
