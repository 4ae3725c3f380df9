import type { ColumnType, Generated, Selectable } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;
/** bigint comes back from postgres.js as a string; written as a number. */
type BigIntColumn = ColumnType<string, number | string, number | string>;

export type AccountKind = 'user' | 'system';

/**
 * A ledger account: each user's credits (`user:<id>`), and the system's side of every movement
 * (`system:purchases`, `system:spend`, `system:grants`). Only user accounts keep a balance column,
 * updated in the same transaction as their entries and never below zero; a system account's
 * balance is the sum of its entries (so its row is never a hot lock every spend waits for).
 */
export interface AccountsTable {
  id: string;
  kind: AccountKind;
  user_id: string | null;
  balance: ColumnType<string, number | undefined, number | string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type LedgerTransactionKind = 'payment' | 'spend' | 'refund' | 'grant';

/** One movement of credits; its entries sum to zero (a deferred constraint trigger checks). */
export interface LedgerTransactionsTable {
  id: string;
  kind: LedgerTransactionKind;
  /** The user whose account it moves. */
  user_id: string;
  /** Credits moved (positive). */
  amount: BigIntColumn;
  reason: string;
  /** kind payment: the payment that bought the credits (unique: credited once). */
  payment_id: string | null;
  /** kind refund: the refund that took them back (unique). */
  refund_id: string | null;
  /** kind spend and grant: the caller's key (unique per kind and user): a retry moves nothing more. */
  idempotency_key: string | null;
  /** Who caused it: a service name, a user id (admin grants), or `yookassa`. */
  created_by: string;
  created_at: CreatedAt;
}

export interface LedgerEntriesTable {
  /** Also the ledger's paging order. */
  id: Generated<string>;
  transaction_id: string;
  account_id: string;
  /** Signed credits: + into the account, - out of it. */
  amount: BigIntColumn;
  /** The account's balance after this entry (user accounts; null for system ones). */
  balance_after: BigIntColumn | null;
  created_at: CreatedAt;
}

export type PaymentPurpose = 'credits' | 'subscription' | 'renewal';
/** creating: not yet acknowledged by YooKassa; failed: YooKassa refused to create it. */
export type PaymentStatus =
  | 'creating'
  | 'pending'
  | 'waiting_for_capture'
  | 'succeeded'
  | 'canceled'
  | 'failed';

export interface PaymentsTable {
  id: string;
  user_id: string;
  org_id: string | null;
  plan_id: string;
  purpose: PaymentPurpose;
  /** The client's Idempotence-Key (unique per user); renewals use `renewal:<subscription>:<period end>`. */
  client_key: string;
  yookassa_id: string | null;
  status: PaymentStatus;
  amount_kopecks: BigIntColumn;
  credits: BigIntColumn;
  description: string;
  receipt_email: string | null;
  confirmation_url: string | null;
  /** The saved payment method YooKassa returned (save_payment_method), for renewals. */
  payment_method_id: string | null;
  subscription_id: string | null;
  /** YooKassa's cancellation_details.reason, or why YooKassa refused to create it. */
  failure_reason: string | null;
  refunded_kopecks: ColumnType<string, number | undefined, number | string>;
  paid_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type SubscriptionStatus = 'active' | 'ended';
export type SubscriptionEndReason = 'canceled' | 'renewal_failed' | 'no_saved_method' | 'refunded';

/** A user's subscription (one row per user, reused when they subscribe again). */
export interface SubscriptionsTable {
  id: string;
  user_id: string;
  org_id: string | null;
  plan_id: string;
  status: SubscriptionStatus;
  payment_method_id: string | null;
  receipt_email: string | null;
  current_period_start: Date;
  current_period_end: Date;
  /** Cancelled by the user: no more renewals, active until current_period_end. */
  cancel_at_period_end: boolean;
  canceled_at: Date | null;
  ended_at: Date | null;
  ended_reason: SubscriptionEndReason | null;
  /** The payment that paid the current period (a full refund of it ends the subscription). */
  last_payment_id: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type RefundStatus = 'creating' | 'pending' | 'succeeded' | 'canceled' | 'failed';

export interface RefundsTable {
  id: string;
  payment_id: string;
  /** The admin's Idempotence-Key (unique per admin). */
  client_key: string;
  yookassa_id: string | null;
  status: RefundStatus;
  amount_kopecks: BigIntColumn;
  /** Credits taken back from the balance when it succeeded (what was left of them, at most). */
  credits_reversed: BigIntColumn | null;
  reason: string;
  failure_reason: string | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface BillingDatabase {
  accounts: AccountsTable;
  ledger_transactions: LedgerTransactionsTable;
  ledger_entries: LedgerEntriesTable;
  payments: PaymentsTable;
  subscriptions: SubscriptionsTable;
  refunds: RefundsTable;
  usage_events: UsageEventsTable;
  usage_daily: UsageDailyTable;
}

/** One metered use (a quality answer), counted once per caller key. */
export interface UsageEventsTable {
  user_id: string;
  metric: string;
  key: string;
  org_id: string | null;
  /** The UTC day it counts in (YYYY-MM-DD). */
  day: ColumnType<string, string, never>;
  /** Within the plan's quota, or paid for with one credit. */
  source: 'quota' | 'credits';
  created_at: CreatedAt;
}

/** A user's uses of a metric on a UTC day. */
export interface UsageDailyTable {
  user_id: string;
  metric: string;
  day: ColumnType<string, string, never>;
  count: ColumnType<number, number | undefined, number>;
}

export type PaymentRow = Selectable<PaymentsTable>;
export type SubscriptionRow = Selectable<SubscriptionsTable>;
export type RefundRow = Selectable<RefundsTable>;
export type LedgerTransactionRow = Selectable<LedgerTransactionsTable>;
