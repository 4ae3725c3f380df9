import { api, authorizedFetch } from './client.ts';
import { failureFrom } from './errors.ts';

/** Money as billing-svc (and YooKassa) write it: `{"value": "990.00", "currency": "RUB"}`. */
export interface Amount {
  value: string;
  currency: string;
}

/** What a plan allows each UTC day before uses cost credits. */
export interface Quotas {
  quality_answer: number;
}

export interface Plan {
  id: string;
  kind: 'free' | 'subscription' | 'credits';
  name: string;
  description: string;
  price: Amount;
  /** Credits each payment adds (each paid month, for a subscription). */
  credits: number;
  period: string | null;
  quotas: Quotas | null;
}

export interface Balance {
  credits: number;
  updatedAt: string | null;
}

export type LedgerKind = 'payment' | 'spend' | 'refund' | 'grant';

export interface LedgerEntry {
  id: string;
  transactionId: string;
  kind: LedgerKind;
  /** Signed: credits in (+) or out (−) of the balance. */
  amount: number;
  balanceAfter: number;
  reason: string;
  paymentId: string | null;
  refundId: string | null;
  createdAt: string;
}

export type PaymentStatus =
  | 'creating'
  | 'pending'
  | 'waiting_for_capture'
  | 'succeeded'
  | 'canceled'
  | 'failed';

export interface Payment {
  id: string;
  planId: string;
  purpose: 'credits' | 'subscription' | 'renewal';
  status: PaymentStatus;
  amount: Amount;
  refunded: Amount;
  credits: number;
  confirmationUrl: string | null;
  failureReason: string | null;
  subscriptionId: string | null;
  createdAt: string;
  paidAt: string | null;
}

export interface Subscription {
  id: string;
  planId: string;
  status: 'active' | 'ended';
  currentPeriodStart: string;
  currentPeriodEnd: string;
  cancelAtPeriodEnd: boolean;
  /** Whether a renewal will be charged at the period's end. */
  renews: boolean;
  canceledAt: string | null;
  endedAt: string | null;
  endedReason: 'canceled' | 'renewal_failed' | 'no_saved_method' | 'refunded' | null;
}

export interface UsageToday {
  plan: string;
  /** The next UTC midnight, when the day's quotas start again. */
  resetsAt: string;
  metrics: Partial<Record<keyof Quotas, { used: number; limit: number }>>;
}

export interface OrgUsageDay {
  day: string;
  metric: string;
  uses: number;
  users: number;
  paidWithCredits: number;
}

/** chat-svc's 429 `quota_exceeded`: the day's quality answers are used up and there are no credits. */
export interface QuotaExceeded {
  plan: string;
  used: number;
  limit: number;
  resetsAt: string;
}

const base = '/api/v1/billing';

/** "Idempotence-Key": a UUID; `randomUUID` needs a secure context, which a LAN address is not. */
export function newIdempotenceKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * billing-svc answers 503 `not_configured` on every payment route until YooKassa's keys are set,
 * and says so nowhere else. Asking for a payment that cannot exist (the nil UUID) tells the two
 * apart without creating anything: 404 when payments work, 503 when they are not set up.
 */
/** Whether billing-svc has YooKassa's keys: without them the page explains instead of selling. */
async function paymentsAvailable(): Promise<boolean> {
  const catalogue = await api<{ payments?: { configured: boolean } }>(`${base}/plans`);
  return catalogue.payments?.configured === true;
}

/** POST /payments with the caller's Idempotence-Key: the same key again is the same payment. */
async function startPayment(planId: string, idempotenceKey: string) {
  const response = await authorizedFetch(`${base}/payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotence-key': idempotenceKey },
    body: JSON.stringify({ planId }),
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw failureFrom(response.status, body, response.headers.get('retry-after'));
  return body as { payment: Payment; confirmationUrl: string | null };
}

export const billing = {
  plans: () => api<{ plans: Plan[] }>(`${base}/plans`),
  balance: () => api<{ balance: Balance }>(`${base}/balance`),
  ledger: (cursor?: string | null) =>
    api<{ entries: LedgerEntry[]; nextCursor: string | null }>(
      `${base}/ledger?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    ),
  subscription: () => api<{ subscription: Subscription | null; plan: Plan | null }>(`${base}/subscription`),
  cancelSubscription: () =>
    api<{ subscription: Subscription }>(`${base}/subscription/cancel`, { method: 'POST' }),
  usage: () => api<UsageToday>(`${base}/usage`),
  orgUsage: (days = 30) =>
    api<{ orgId: string; days: number; usage: OrgUsageDay[] }>(`${base}/usage/org?days=${days}`),
  payment: (id: string) => api<{ payment: Payment }>(`${base}/payments/${encodeURIComponent(id)}`),
  startPayment,
  paymentsAvailable,
};

/** The details of a 429 `quota_exceeded` error body, or null when it is anything else. */
export function quotaExceededFrom(status: number, body: unknown): QuotaExceeded | null {
  const error = (body as { error?: { code?: unknown; details?: Partial<QuotaExceeded> } } | null)?.error;
  const details = error?.details;
  if (status !== 429 || error?.code !== 'quota_exceeded' || !details) return null;
  if (typeof details.limit !== 'number' || typeof details.resetsAt !== 'string') return null;
  return {
    plan: typeof details.plan === 'string' ? details.plan : 'free',
    used: typeof details.used === 'number' ? details.used : details.limit,
    limit: details.limit,
    resetsAt: details.resetsAt,
  };
}

/** "₽990" / "990 ₽" / "₽199.50": a price in the reader's own way of writing money. */
export function formatMoney(amount: Amount, locale?: string): string {
  const value = Number(amount.value);
  if (!Number.isFinite(value)) return `${amount.value} ${amount.currency}`;
  const whole = Number.isInteger(value);
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: amount.currency,
      currencyDisplay: 'narrowSymbol',
      minimumFractionDigits: whole ? 0 : 2,
      maximumFractionDigits: 2,
    }).format(value);
  } catch {
    return `${amount.value} ${amount.currency}`;
  }
}

/** "1,000" or "1 000": a count of credits as the reader writes numbers. */
export const formatCount = (count: number, locale?: string) => new Intl.NumberFormat(locale).format(count);

/** "1 credit", "100 credits". */
export const creditsInWords = (count: number) =>
  `${formatCount(count)} credit${Math.abs(count) === 1 ? '' : 's'}`;

/** "a month" from Postgres' "1 month"; the period as a person says it. */
export function periodInWords(period: string | null): string | null {
  if (!period) return null;
  const match = /^(\d+)\s+(\w+?)s?$/.exec(period.trim());
  if (!match) return period;
  return match[1] === '1' ? `a ${match[2]}` : `${match[1]} ${match[2]}s`;
}

const sameLocalDay = (a: Date, b: Date) =>
  a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

/**
 * When the day's quota starts again, in the reader's own time: "today at 19:00", "tomorrow at
 * 01:00" (the service counts UTC days, which end at another hour in most places).
 */
export function resetInWords(iso: string, now = new Date()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const time = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (sameLocalDay(at, now)) return `today at ${time}`;
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  if (sameLocalDay(at, tomorrow)) return `tomorrow at ${time}`;
  return at.toLocaleString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** What a quota allows, in words: "10 quality answers a day". */
export function quotasInWords(quotas: Quotas | null): string {
  if (!quotas) return 'no daily allowance';
  const n = quotas.quality_answer;
  return `${formatCount(n)} quality answer${n === 1 ? '' : 's'} a day`;
}

export const ledgerKindWords: Record<LedgerKind, string> = {
  payment: 'Payment',
  spend: 'Spent',
  refund: 'Refund',
  grant: 'Granted',
};

/** Metric names as the service writes them in reasons ("quality_answer"), as words. */
const metricWords: Record<string, string> = { quality_answer: 'quality answer' };

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * What a ledger line was, in words, beside its kind ("Payment", "Spent", …): "Bought 100
 * credits", "A quality answer beyond the day's allowance", or the reason the spending service or
 * the administrator gave. billing-svc's reasons name its own ids; those stay out of sight.
 */
export function ledgerLineInWords(entry: LedgerEntry): string {
  switch (entry.kind) {
    case 'payment': {
      const what = entry.reason.replace(/:\s*payment\s+\S+$/, '').trim();
      return what ? `Bought ${what}` : 'A payment';
    }
    case 'refund':
      return 'A payment refunded: the credits it bought taken back';
    case 'spend': {
      const beyondQuota = /^(\w+) beyond the daily quota$/.exec(entry.reason);
      if (beyondQuota) {
        const metric = metricWords[beyondQuota[1] ?? ''] ?? beyondQuota[1];
        return `A ${metric} beyond the day’s allowance`;
      }
      return entry.reason ? capitalized(entry.reason) : 'Credits used';
    }
    case 'grant':
      return entry.reason ? capitalized(entry.reason) : 'Given by an administrator';
  }
}

/** YooKassa's cancellation reasons (cancellation_details.reason) as a person reads them. */
const cancellationWords: Record<string, string> = {
  expired_on_confirmation: 'the payment page was left before paying, and it expired',
  expired_on_capture: 'the payment was not completed in time',
  canceled_by_merchant: 'it was canceled by the shop',
  insufficient_funds: 'there was not enough money on the card',
  card_expired: 'the card has expired',
  invalid_card_number: 'the card number was not accepted',
  invalid_csc: 'the card security code was wrong',
  '3d_secure_failed': "the bank's confirmation (3-D Secure) did not succeed",
  call_issuer: 'the bank refused it; your bank can say why',
  issuer_unavailable: 'the bank did not answer',
  payment_method_limit_exceeded: "the card's limit was reached",
  payment_method_restricted: 'the card cannot be used for this payment',
  permission_revoked: 'the permission to charge the saved card was withdrawn',
  country_forbidden: 'cards from this country cannot be used',
  fraud_suspected: 'the payment was stopped as suspicious',
  general_decline: 'the payment was declined',
  identification_required: 'the wallet needs identification first',
  internal_timeout: 'YooKassa could not finish it in time',
};

export type PaymentOutcome =
  | { state: 'received'; text: string }
  | { state: 'waiting'; text: string }
  | { state: 'canceled'; text: string };

/** Where a payment stands, in words: what the return page says after YooKassa. */
export function paymentOutcome(payment: Payment, plan: Plan | undefined): PaymentOutcome {
  const credits = `+${creditsInWords(payment.credits)}`;
  switch (payment.status) {
    case 'succeeded':
      return {
        state: 'received',
        text:
          payment.purpose === 'credits'
            ? `Payment received: ${credits}.`
            : `Payment received: ${plan?.name ?? 'your subscription'} is active, ${credits}.`,
      };
    case 'canceled': {
      const reason = payment.failureReason
        ? (cancellationWords[payment.failureReason] ?? `YooKassa's reason: ${payment.failureReason}`)
        : null;
      return {
        state: 'canceled',
        text: `The payment was canceled${reason ? `: ${reason}` : ''}. Nothing was charged; you can try again.`,
      };
    }
    case 'failed':
      return {
        state: 'canceled',
        text: `YooKassa did not accept this payment${payment.failureReason ? ` (${payment.failureReason})` : ''}. Nothing was charged; please try again.`,
      };
    default:
      return {
        state: 'waiting',
        text: `Still waiting for YooKassa to confirm the payment. ${
          payment.purpose === 'credits'
            ? 'Your credits are added'
            : `${plan?.name ?? 'Your subscription'} starts`
        } as soon as it does.`,
      };
  }
}

/** Why a subscription ended, in words. */
export const endedReasonWords: Record<NonNullable<Subscription['endedReason']>, string> = {
  canceled: 'you cancelled it, and its last paid month ran out',
  renewal_failed: 'the renewal could not be charged to your card',
  no_saved_method: 'there was no saved card to renew it with',
  refunded: 'its payment was refunded',
};
