import {
  type Balance,
  creditsInWords,
  formatCount,
  type Plan,
  quotasInWords,
  resetInWords,
  type UsageToday,
} from '../api/billing.ts';

/** Today's quality answers against the plan's allowance, as words and as a bar. */
function QualityAnswersToday({ usage }: { usage: UsageToday }) {
  const quality = usage.metrics.quality_answer;
  if (!quality) return null;
  const { used, limit } = quality;
  const share = limit > 0 ? Math.min(1, used / limit) : 1;
  const usedUp = used >= limit;
  return (
    <div className="billing-usage">
      <p className="billing-usage__line" data-testid="quality-usage">
        Quality answers today:{' '}
        <strong>
          {formatCount(used)}/{formatCount(limit)}
        </strong>
        <span className="visually-hidden">
          {' '}
          ({usedUp ? 'all used' : `${formatCount(limit - used)} left`})
        </span>
      </p>
      <div className={`billing-usage__bar${usedUp ? ' billing-usage__bar--full' : ''}`} aria-hidden="true">
        <span style={{ width: `${share * 100}%` }} />
      </div>
      <p className="muted billing-usage__reset">
        {usedUp
          ? 'All used: each further quality answer today costs one credit. '
          : `${formatCount(limit - used)} left today. `}
        The count starts again {resetInWords(usage.resetsAt)} (your time).
      </p>
    </div>
  );
}

/** The plan in force, what it allows, today's use, and the credits held. */
export function BillingPlanSummary({
  plan,
  usage,
  balance,
}: {
  plan: Plan;
  usage: UsageToday;
  balance: Balance;
}) {
  return (
    <div className="billing-summary">
      <section className="panel billing-card" aria-labelledby="billing-plan-title">
        <h2 id="billing-plan-title" className="billing-card__label">
          Your plan
        </h2>
        <p className="billing-card__big" data-testid="current-plan">
          {plan.name}
        </p>
        <p className="billing-card__note">
          {quotasInWords(plan.quotas)} (answers in Quality mode, which research in rounds); beyond that, one
          credit each. Speed, Balanced and Learn answers are not counted.
        </p>
        <QualityAnswersToday usage={usage} />
      </section>
      <section className="panel billing-card" aria-labelledby="billing-credits-title">
        <h2 id="billing-credits-title" className="billing-card__label">
          Credits
        </h2>
        <p className="billing-card__big" data-testid="credit-balance">
          {formatCount(balance.credits)}
        </p>
        <p className="billing-card__note">
          {balance.credits === 0
            ? 'No credits yet. Credits pay for quality answers beyond the day’s allowance.'
            : `${creditsInWords(balance.credits)} to spend on quality answers beyond the day’s allowance.`}
        </p>
      </section>
    </div>
  );
}
