import { Link } from 'wouter';
import { type QuotaExceeded, resetInWords } from '../api/billing.ts';

const planNames: Record<string, string> = { free: 'Free', pro: 'Pro' };

/**
 * chat-svc's 429 `quota_exceeded`, where an answer would have been: how many quality answers the
 * plan gives, when they start again in the reader's own time, what still works now, and the way
 * to more (credits or Pro) on the Billing page.
 */
export function BillingQuotaNotice({ quota }: { quota: QuotaExceeded }) {
  const plan = planNames[quota.plan] ?? quota.plan;
  return (
    <p className="notice notice--warning" role="alert">
      <strong>
        You have used all {quota.limit} quality answers of the {plan} plan for today.
      </strong>{' '}
      They start again {resetInWords(quota.resetsAt)} (your time). Speed, Balanced and Learn answers are not
      counted, so you can ask in one of those now, or get more on the{' '}
      <Link href="/billing">Billing page</Link>: each quality answer beyond the allowance costs one credit.
    </p>
  );
}
