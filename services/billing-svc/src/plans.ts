import type { Amount } from './money.ts';
import { rub } from './money.ts';

/**
 * The catalogue: what a user can hold or buy. Kept in code rather than a table because a price
 * change is a release decision (receipts, the web app's copy) and each plan's behaviour is code.
 *
 * - `free`: what everyone has without paying; nothing to buy.
 * - `pro`: a monthly subscription; each paid month adds its credits; renewed with the saved card.
 * - `credits-*`: one-time packs of credits.
 */
export type PlanKind = 'free' | 'subscription' | 'credits';

export interface Plan {
  id: string;
  kind: PlanKind;
  name: string;
  /** What the receipt and YooKassa's payment page show (at most 128 characters). */
  description: string;
  /** Price in kopecks; 0 for free. */
  priceKopecks: number;
  /** Credits added to the balance by each successful payment (each month for a subscription). */
  credits: number;
  /** Length of one paid period, as a Postgres interval; subscriptions only. */
  period: '1 month' | null;
  /** What holding the plan allows each UTC day before uses cost credits (free and subscriptions). */
  quotas: Quotas | null;
}

/** Metered uses per UTC day; beyond them each use spends one credit. */
export interface Quotas {
  /** Quality-mode answers (several searches, pages read, an agent's rounds): the costly ones. */
  quality_answer: number;
}

export type Metric = keyof Quotas;
export const metrics = ['quality_answer'] as const satisfies readonly Metric[];

export const plans: readonly Plan[] = [
  {
    id: 'free',
    kind: 'free',
    name: 'Free',
    description: 'Perplexica Free',
    priceKopecks: 0,
    credits: 0,
    period: null,
    quotas: { quality_answer: 10 },
  },
  {
    id: 'pro',
    kind: 'subscription',
    name: 'Pro',
    description: 'Perplexica Pro, 1 month',
    priceKopecks: 99_000,
    credits: 1_000,
    period: '1 month',
    quotas: { quality_answer: 300 },
  },
  {
    id: 'credits-100',
    kind: 'credits',
    name: '100 credits',
    description: 'Perplexica credits, pack of 100',
    priceKopecks: 19_900,
    credits: 100,
    period: null,
    quotas: null,
  },
  {
    id: 'credits-500',
    kind: 'credits',
    name: '500 credits',
    description: 'Perplexica credits, pack of 500',
    priceKopecks: 79_000,
    credits: 500,
    period: null,
    quotas: null,
  },
];

/** The ids a payment may be for (everything but free). */
export const purchasablePlanIds = plans.filter((plan) => plan.kind !== 'free').map((plan) => plan.id) as [
  string,
  ...string[],
];

export function findPlan(id: string): Plan | undefined {
  return plans.find((plan) => plan.id === id);
}

export function planView(plan: Plan): {
  id: string;
  kind: PlanKind;
  name: string;
  description: string;
  price: Amount;
  credits: number;
  period: string | null;
  quotas: Quotas | null;
} {
  return {
    id: plan.id,
    kind: plan.kind,
    name: plan.name,
    description: plan.description,
    price: rub(plan.priceKopecks),
    credits: plan.credits,
    period: plan.period,
    quotas: plan.quotas,
  };
}
