import { ApiError } from '@perplexica/errors';
import { pageCursor } from '@perplexica/http';
import type { Context } from 'hono';
import { z } from 'zod';
import { parseRub, RUB_AMOUNT_PATTERN } from './money.ts';
import { metrics, purchasablePlanIds } from './plans.ts';

/** The request shapes of every route. Postgres refuses NUL characters, so strings drop them. */
export const limits = {
  /** Credits one spend or grant may move: a bound, so a typo cannot empty or flood a balance. */
  maxCredits: 1_000_000,
  reasonChars: 200,
  ledgerPageDefault: 50,
  ledgerPageMax: 200,
} as const;

const withoutNul = (value: string) => value.replaceAll('\u0000', '');
const text = (max: number) =>
  z
    .string()
    .transform((value) => withoutNul(value).trim())
    .pipe(z.string().min(1).max(max));
const userId = z.string().min(1).max(200);
const credits = z.number().int().min(1).max(limits.maxCredits);

/** Keys are the caller's own (UUIDs recommended): printable ASCII, no spaces. */
const idempotencyKey = z.string().regex(/^[\x21-\x7e]{1,64}$/, 'must be 1..64 printable ASCII characters');

/** The Idempotence-Key header (YooKassa's name, and ours): required on every money-moving POST. */
export function idempotenceKeyOf(c: Context): string {
  const value = c.req.header('idempotence-key') ?? c.req.header('idempotency-key');
  const parsed = idempotencyKey.safeParse(value);
  if (!parsed.success) {
    const message =
      value === undefined
        ? 'Send an Idempotence-Key header (a new UUID per operation; the same one when retrying it)'
        : 'Idempotence-Key must be 1..64 printable ASCII characters';
    throw new ApiError('validation_failed', `header.idempotence-key: ${message}`, {
      details: [{ path: 'header.idempotence-key', message }],
    });
  }
  return parsed.data;
}

export const paymentInput = z.strictObject({
  planId: z.enum(purchasablePlanIds),
  /** Where the 54-FZ receipt goes; required when receipts are on. */
  email: z.email().max(254).optional(),
});

export const uuidPath = z.object({ id: z.uuid() });

export const ledgerCursor = pageCursor(z.object({ before: z.number().int().positive() }));

export const ledgerQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(limits.ledgerPageMax).default(limits.ledgerPageDefault),
});

/** "990.00" (RUB, at most two decimals, more than zero). */
const rubAmount = z
  .string()
  .regex(RUB_AMOUNT_PATTERN, 'must be a RUB amount such as "990.00"')
  .transform((value) => parseRub(value) ?? 0)
  .pipe(z.number().int().positive('must be more than 0.00'));

export const refundInput = z.strictObject({
  paymentId: z.uuid(),
  /** Omitted: everything not yet refunded. */
  amount: z.strictObject({ value: rubAmount, currency: z.literal('RUB') }).optional(),
  reason: text(limits.reasonChars),
});

export const grantInput = z.strictObject({
  userId,
  amount: credits,
  reason: text(limits.reasonChars),
});

export const spendInput = z.strictObject({
  userId,
  amount: credits,
  reason: text(limits.reasonChars),
  idempotencyKey,
});

export const balanceQuery = z.object({ userId });

/** A metered use, counted before the work starts (chat-svc: a quality answer). */
export const usageInput = z.strictObject({
  userId,
  orgId: z.string().min(1).max(200).nullable().optional(),
  metric: z.enum(metrics),
  /** The caller's key for this use: the same key again is counted once. */
  key: z.string().min(1).max(200),
});

export const orgUsageQuery = z.object({ days: z.coerce.number().int().min(1).max(90).default(30) });

/**
 * A YooKassa notification, as far as it is read: which event, and which object's id to look up.
 * Everything else in the body is ignored on purpose (it is never trusted).
 */
export const notificationInput = z.object({
  type: z.literal('notification'),
  event: z.string().min(1).max(100),
  object: z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a YooKassa object id') }),
});
