import { useCallback, useEffect, useState } from 'react';
import { useLocation } from 'wouter';
import { type Balance, billing, type Plan, type Subscription, type UsageToday } from '../api/billing.ts';
import { ApiFailure } from '../api/errors.ts';
import { useUser } from '../api/use-session.ts';
import { BillingLedger } from '../components/billing-ledger.tsx';
import { BillingOrgUsage } from '../components/billing-org-usage.tsx';
import { BillingPaymentReturn } from '../components/billing-payment-return.tsx';
import { BillingPlanSummary } from '../components/billing-plan-summary.tsx';
import { BillingPlans, type PaymentsAvailability } from '../components/billing-plans.tsx';
import { BillingSetupNotice } from '../components/billing-setup-notice.tsx';
import { BillingSubscription } from '../components/billing-subscription.tsx';
import { FailureNotice } from '../components/setup-notice.tsx';
import { useQueryParams } from '../lib/use-query-params.ts';
import '../styles/billing.css';

interface Summary {
  plans: Plan[];
  /** The plan in force now (Pro while a paid period runs, otherwise Free). */
  plan: Plan;
  subscription: Subscription | null;
  balance: Balance;
  usage: UsageToday;
}

async function loadSummary(): Promise<Summary> {
  const [{ plans }, { balance }, current, usage] = await Promise.all([
    billing.plans(),
    billing.balance(),
    billing.subscription(),
    billing.usage(),
  ]);
  const plan = current.plan ?? plans.find((candidate) => candidate.kind === 'free');
  if (!plan)
    throw new ApiFailure(502, 'bad_gateway', 'The billing service did not say which plan you are on.');
  return { plans, plan, subscription: current.subscription, balance, usage };
}

/**
 * Billing: the plan in force and today's use of it, credits and their history, the subscription
 * (cancel at the period's end), and Pro or credit packs to buy through YooKassa. Back from
 * YooKassa (`?payment=<id>`) the payment is followed until it settles. Without YooKassa's keys
 * everything but buying works, and the page says what an operator sets.
 */
export function BillingPage() {
  const user = useUser();
  const [, navigate] = useLocation();
  const returnedPayment = useQueryParams().get('payment');
  // The payment being followed outlives its `?payment=` in the address, which is dropped once the
  // outcome is final (a reload then shows the page, not an old "Payment received").
  const [watched, setWatched] = useState<string | null>(returnedPayment);
  useEffect(() => {
    if (returnedPayment) setWatched(returnedPayment);
  }, [returnedPayment]);
  const [awaitedPlan, setAwaitedPlan] = useState<string | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const [payments, setPayments] = useState<PaymentsAvailability>('checking');

  useEffect(() => {
    let current = true;
    loadSummary().then(
      (fresh) => {
        if (!current) return;
        setSummary(fresh);
        setError(null);
      },
      (failure: unknown) => current && setError(failure),
    );
    return () => {
      current = false;
    };
  }, [version]);

  useEffect(() => {
    let current = true;
    billing.paymentsAvailable().then(
      (available) => current && setPayments(available ? 'available' : 'not_configured'),
      () => current && setPayments('unknown'),
    );
    return () => {
      current = false;
    };
  }, []);

  const refresh = useCallback(() => setVersion((n) => n + 1), []);
  const forgetAddress = useCallback(() => navigate('/billing', { replace: true }), [navigate]);
  // A buy refused with 503 not_configured (keys removed since the page opened) says the same.
  const notConfigured = useCallback(() => setPayments('not_configured'), []);
  const subscriptionChanged = (subscription: Subscription) => {
    setSummary((before) => (before ? { ...before, subscription } : before));
    refresh();
  };

  const orgOwner = Boolean(user?.orgId && (user.orgRole === 'owner' || user.role === 'admin'));
  return (
    <div className="page billing">
      <h1>Billing</h1>
      <p className="muted billing__intro">
        Your plan, what it allows each day, your credits and what they were spent on. Prices are in rubles;
        payments go through YooKassa.
      </p>

      {watched && summary ? (
        <BillingPaymentReturn
          key={watched}
          paymentId={watched}
          plans={summary.plans}
          onSettled={refresh}
          onFinal={forgetAddress}
          onAwaiting={setAwaitedPlan}
          onDismiss={() => {
            setWatched(null);
            forgetAddress();
          }}
        />
      ) : null}

      {error ? <FailureNotice error={error} onRetry={refresh} /> : null}
      {summary === null && !error ? <p className="muted">Loading your plan and credits…</p> : null}

      {summary ? (
        <>
          <BillingPlanSummary plan={summary.plan} usage={summary.usage} balance={summary.balance} />
          {summary.subscription ? (
            <BillingSubscription
              subscription={summary.subscription}
              plans={summary.plans}
              onChanged={subscriptionChanged}
            />
          ) : null}
          {payments === 'not_configured' ? <BillingSetupNotice /> : null}
          <BillingPlans
            plans={summary.plans}
            payments={payments}
            subscription={summary.subscription}
            awaitedPlan={awaitedPlan}
            onNotConfigured={notConfigured}
          />
        </>
      ) : null}

      <BillingLedger version={version} />
      {orgOwner ? <BillingOrgUsage version={version} /> : null}
    </div>
  );
}
