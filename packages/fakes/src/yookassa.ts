import { createHash, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { type FakeRequest, type FakeServer, sendJson, startFakeServer } from './fake-server.ts';

/**
 * A stand-in for the YooKassa API v3 (https://api.yookassa.ru/v3), speaking its wire format so the
 * real SDK (@a2seven/yoo-checkout) runs against it:
 *
 * - HTTP Basic auth with the shop id and secret key; anything else is 401 `invalid_credentials`.
 * - `Idempotence-Key` required on every POST (400 otherwise). The same key with the same request
 *   answers the object first made; the same key with another request is 400 "Idempotence key
 *   duplicated", as YooKassa does.
 * - `POST /v3/payments`, `GET /v3/payments/{id}`, `POST /v3/payments/{id}/capture`,
 *   `POST /v3/payments/{id}/cancel`, `POST /v3/refunds`, `GET /v3/refunds/{id}`.
 * - A payment starts `pending` with a redirect `confirmation_url`; `succeed(id)` plays the user
 *   paying (`succeeded`, or `waiting_for_capture` when created with `capture: false`) and returns
 *   the notification YooKassa would POST to the shop. A payment made with `payment_method_id` (a
 *   saved method) is charged at once, as YooKassa does for saved methods.
 * - A `receipt` (54-FZ) is checked as YooKassa checks it: a customer email or phone, 1..100 items
 *   with description, quantity, amount and vat_code, and items adding up to the payment's amount.
 * - Errors in YooKassa's shape: `{type: "error", id, code, description, parameter}`.
 *
 * `reset()` empties the shop (payments, refunds, saved methods, idempotence keys).
 * Modes: `ok`; `error` answers 500 `internal_server_error` to every API call; `hang` never answers.
 */
export type YooKassaMode = 'ok' | 'error' | 'hang';

export interface YooKassaAmount {
  value: string;
  currency: string;
}

export interface YooKassaPaymentMethod {
  type: 'bank_card';
  id: string;
  saved: boolean;
  title: string;
  card: { first6: string; last4: string; expiry_month: string; expiry_year: string; card_type: string };
}

export interface YooKassaPayment {
  id: string;
  status: 'pending' | 'waiting_for_capture' | 'succeeded' | 'canceled';
  paid: boolean;
  amount: YooKassaAmount;
  income_amount?: YooKassaAmount;
  refunded_amount?: YooKassaAmount;
  description?: string;
  recipient: { account_id: string; gateway_id: string };
  payment_method?: YooKassaPaymentMethod;
  captured_at?: string;
  created_at: string;
  expires_at?: string;
  confirmation?: { type: 'redirect'; confirmation_url: string; return_url: string };
  test: true;
  refundable: boolean;
  metadata: Record<string, string>;
  receipt_registration?: 'pending' | 'succeeded';
  cancellation_details?: { party: string; reason: string };
}

export interface YooKassaRefund {
  id: string;
  payment_id: string;
  status: 'succeeded';
  created_at: string;
  amount: YooKassaAmount;
  description?: string;
  receipt_registration?: 'pending' | 'succeeded';
}

/** What YooKassa POSTs to the shop's notification URL. */
export interface YooKassaNotification {
  type: 'notification';
  event: 'payment.succeeded' | 'payment.waiting_for_capture' | 'payment.canceled' | 'refund.succeeded';
  object: YooKassaPayment | YooKassaRefund;
}

export interface FakeYooKassaOptions {
  shopId: string;
  secretKey: string;
  latencyMs?: number;
}

export interface FakeYooKassa extends FakeServer {
  readonly shopId: string;
  readonly secretKey: string;
  setMode(mode: YooKassaMode): void;
  /** As if the user paid on YooKassa's page; returns the `payment.succeeded` (or `payment.waiting_for_capture`) notification. */
  succeed(paymentId: string): YooKassaNotification;
  /** As if the user gave up (or the payment expired); returns the `payment.canceled` notification. */
  cancel(paymentId: string, reason?: string): YooKassaNotification;
  /** The payment as the API would answer it now, or undefined. */
  payment(paymentId: string): YooKassaPayment | undefined;
  payments(): YooKassaPayment[];
  refunds(): YooKassaRefund[];
  /** The user withdrew the permission: later charges of this saved method are canceled (`permission_revoked`). */
  revokeSavedMethod(paymentMethodId: string): void;
}

const INVALID_CREDENTIALS =
  'Authentication by given credentials failed. Check your shopId and secret key (or OAuth token).';

const VAT_CODES = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
const PAYMENT_SUBJECTS = new Set([
  'commodity',
  'excise',
  'job',
  'service',
  'gambling_bet',
  'gambling_prize',
  'lottery',
  'lottery_prize',
  'intellectual_activity',
  'payment',
  'agent_commission',
  'property_right',
  'non_operating_gain',
  'insurance_premium',
  'sales_tax',
  'resort_fee',
  'composite',
  'another',
]);
const PAYMENT_MODES = new Set([
  'full_prepayment',
  'partial_prepayment',
  'advance',
  'full_payment',
  'partial_payment',
  'credit',
  'credit_payment',
]);

class YooKassaError extends Error {
  readonly status: number;
  readonly code: string;
  readonly parameter: string | undefined;

  constructor(status: number, code: string, description: string, parameter?: string) {
    super(description);
    this.status = status;
    this.code = code;
    this.parameter = parameter;
  }
}

const badRequest = (description: string, parameter?: string) =>
  new YooKassaError(400, 'invalid_request', description, parameter);

/** YooKassa's ids look like UUIDs with a timestamp part: 2419a771-000f-5000-9000-1edaf29243f2. */
function yooKassaId(): string {
  const hex = randomBytes(10).toString('hex');
  return `${hex.slice(0, 8)}-000f-5000-${Math.random() < 0.5 ? '8' : '9'}000-${hex.slice(8, 20)}`;
}

/** Amounts in kopecks: "990.00" -> 99000; null when not YooKassa's decimal format. */
function kopecks(value: unknown): number | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const match = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(String(value));
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

const rub = (amountKopecks: number, currency: string): YooKassaAmount => ({
  value: `${Math.floor(amountKopecks / 100)}.${String(amountKopecks % 100).padStart(2, '0')}`,
  currency,
});

function readAmount(raw: unknown, parameter: string): { kopecks: number; currency: string } {
  const amount = raw as { value?: unknown; currency?: unknown } | undefined;
  if (!amount || typeof amount !== 'object') throw badRequest(`${parameter} is required`, parameter);
  const value = kopecks(amount.value);
  if (value === null || value <= 0) throw badRequest(`Invalid ${parameter}.value`, `${parameter}.value`);
  if (amount.currency !== 'RUB') throw badRequest(`Invalid ${parameter}.currency`, `${parameter}.currency`);
  return { kopecks: value, currency: amount.currency };
}

/** YooKassa refuses a receipt it could not register with the tax service. */
function checkReceipt(raw: unknown, paymentKopecks: number): void {
  const receipt = raw as Record<string, unknown>;
  if (!receipt || typeof receipt !== 'object') throw badRequest('Invalid receipt', 'receipt');
  const customer = (receipt.customer ?? {}) as Record<string, unknown>;
  const email = customer.email ?? receipt.email;
  const phone = customer.phone ?? receipt.phone;
  if (typeof email !== 'string' && typeof phone !== 'string') {
    throw badRequest('Receipt requires customer.email or customer.phone', 'receipt.customer');
  }
  if (typeof email === 'string' && !/^[^@\s]+@[^@\s]+$/.test(email)) {
    throw badRequest('Invalid receipt.customer.email', 'receipt.customer.email');
  }
  const items = receipt.items;
  if (!Array.isArray(items) || items.length === 0 || items.length > 100) {
    throw badRequest('Receipt requires 1..100 items', 'receipt.items');
  }
  let total = 0;
  items.forEach((raw, index) => {
    const item = raw as Record<string, unknown>;
    const at = `receipt.items[${index}]`;
    if (
      typeof item.description !== 'string' ||
      item.description.length === 0 ||
      item.description.length > 128
    ) {
      throw badRequest(`Invalid ${at}.description`, `${at}.description`);
    }
    const quantity = Number(item.quantity);
    if (!Number.isFinite(quantity) || quantity <= 0)
      throw badRequest(`Invalid ${at}.quantity`, `${at}.quantity`);
    const price = readAmount(item.amount, `${at}.amount`);
    if (!VAT_CODES.has(item.vat_code as number)) throw badRequest(`Invalid ${at}.vat_code`, `${at}.vat_code`);
    if (item.payment_subject !== undefined && !PAYMENT_SUBJECTS.has(item.payment_subject as string)) {
      throw badRequest(`Invalid ${at}.payment_subject`, `${at}.payment_subject`);
    }
    if (item.payment_mode !== undefined && !PAYMENT_MODES.has(item.payment_mode as string)) {
      throw badRequest(`Invalid ${at}.payment_mode`, `${at}.payment_mode`);
    }
    total += Math.round(price.kopecks * quantity);
  });
  if (total !== paymentKopecks) {
    throw badRequest("Sum of receipt items amounts doesn't equal payment amount", 'receipt.items');
  }
}

function metadataOf(raw: unknown): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw badRequest('Invalid metadata', 'metadata');
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length > 16) throw badRequest('metadata holds at most 16 keys', 'metadata');
  for (const [key, value] of entries) {
    if (key.length > 32 || typeof value !== 'string' || value.length > 512) {
      throw badRequest(`Invalid metadata.${key}`, `metadata.${key}`);
    }
  }
  return raw as Record<string, string>;
}

const clone = <T>(value: T): T => structuredClone(value);

export async function startFakeYooKassa(options: FakeYooKassaOptions): Promise<FakeYooKassa> {
  const { shopId, secretKey } = options;
  const expectedAuth = `Basic ${Buffer.from(`${shopId}:${secretKey}`).toString('base64')}`;
  let mode: YooKassaMode = 'ok';
  const payments = new Map<string, YooKassaPayment & { capture: boolean; save: boolean }>();
  const refunds = new Map<string, YooKassaRefund>();
  /** Saved payment methods by id: whether the user still allows charges. */
  const savedMethods = new Map<string, { method: YooKassaPaymentMethod; revoked: boolean }>();
  /** Idempotence key -> the request it was first used for and the answer given. */
  const idempotence = new Map<string, { fingerprint: string; status: number; body: unknown }>();

  const now = () => new Date().toISOString();
  const view = (payment: YooKassaPayment & { capture: boolean; save: boolean }): YooKassaPayment => {
    const { capture: _capture, save: _save, ...wire } = payment;
    return clone(wire);
  };
  const find = (paymentId: string) => {
    const payment = payments.get(paymentId);
    if (!payment) {
      throw new YooKassaError(
        404,
        'not_found',
        "Incorrect payment_id. Payment doesn't exist or access denied. Specify the payment ID created in your store.",
        'payment_id',
      );
    }
    return payment;
  };

  const newCard = (saved: boolean): YooKassaPaymentMethod => ({
    type: 'bank_card',
    id: yooKassaId(),
    saved,
    title: 'Bank card *4444',
    card: {
      first6: '555555',
      last4: '4444',
      expiry_month: '12',
      expiry_year: '2030',
      card_type: 'MasterCard',
    },
  });

  const markPaid = (payment: YooKassaPayment & { capture: boolean }) => {
    payment.paid = true;
    if (payment.capture) {
      payment.status = 'succeeded';
      payment.captured_at = now();
      payment.refundable = true;
      payment.refunded_amount = { value: '0.00', currency: payment.amount.currency };
      payment.income_amount = clone(payment.amount);
    } else {
      payment.status = 'waiting_for_capture';
      payment.expires_at = new Date(Date.now() + 7 * 86_400_000).toISOString();
    }
  };

  function createPayment(body: Record<string, unknown>): YooKassaPayment {
    const amount = readAmount(body.amount, 'amount');
    const capture = body.capture === true;
    const save = body.save_payment_method === true;
    const metadata = metadataOf(body.metadata);
    if (
      body.description !== undefined &&
      (typeof body.description !== 'string' || body.description.length > 128)
    ) {
      throw badRequest('Invalid description', 'description');
    }
    if (body.receipt !== undefined) checkReceipt(body.receipt, amount.kopecks);
    const payment: YooKassaPayment & { capture: boolean; save: boolean } = {
      id: yooKassaId(),
      status: 'pending',
      paid: false,
      amount: rub(amount.kopecks, amount.currency),
      ...(typeof body.description === 'string' ? { description: body.description } : {}),
      recipient: { account_id: shopId, gateway_id: '100700' },
      created_at: now(),
      test: true,
      refundable: false,
      metadata,
      ...(body.receipt === undefined ? {} : { receipt_registration: 'pending' as const }),
      capture,
      save,
    };

    if (typeof body.payment_method_id === 'string') {
      const saved = savedMethods.get(body.payment_method_id);
      if (!saved) {
        throw badRequest(
          `Payment method with id ${body.payment_method_id} doesn't exist or can't be used`,
          'payment_method_id',
        );
      }
      payment.payment_method = clone(saved.method);
      if (saved.revoked) {
        payment.status = 'canceled';
        payment.cancellation_details = { party: 'yoo_money', reason: 'permission_revoked' };
      } else {
        markPaid(payment);
        if (payment.receipt_registration) payment.receipt_registration = 'succeeded';
      }
    } else {
      const confirmation = body.confirmation as { type?: unknown; return_url?: unknown } | undefined;
      if (confirmation?.type !== 'redirect') {
        throw badRequest(
          'confirmation.type must be redirect (the only type this double serves)',
          'confirmation',
        );
      }
      if (typeof confirmation.return_url !== 'string' || !/^https?:\/\//.test(confirmation.return_url)) {
        throw badRequest('Invalid confirmation.return_url', 'confirmation.return_url');
      }
      payment.confirmation = {
        type: 'redirect',
        confirmation_url: `https://yoomoney.ru/checkout/payments/v2/contract?orderId=${payment.id}`,
        return_url: confirmation.return_url,
      };
      payment.expires_at = new Date(Date.now() + 3_600_000).toISOString();
    }
    payments.set(payment.id, payment);
    return view(payment);
  }

  function capturePayment(paymentId: string, body: Record<string, unknown>): YooKassaPayment {
    const payment = find(paymentId);
    if (payment.status === 'succeeded') return view(payment);
    if (payment.status !== 'waiting_for_capture') {
      throw badRequest(`Payment is in status ${payment.status} and can't be captured`, 'payment_id');
    }
    if (body.amount !== undefined) {
      const amount = readAmount(body.amount, 'amount');
      const held = kopecks(payment.amount.value) ?? 0;
      if (amount.kopecks > held) throw badRequest('Capture amount exceeds the payment amount', 'amount');
      payment.amount = rub(amount.kopecks, amount.currency);
    }
    payment.capture = true;
    markPaid(payment);
    return view(payment);
  }

  function cancelPayment(paymentId: string): YooKassaPayment {
    const payment = find(paymentId);
    if (payment.status === 'canceled') return view(payment);
    if (payment.status !== 'waiting_for_capture') {
      throw badRequest(`Payment is in status ${payment.status} and can't be canceled`, 'payment_id');
    }
    payment.status = 'canceled';
    payment.paid = false;
    payment.cancellation_details = { party: 'merchant', reason: 'canceled_by_merchant' };
    return view(payment);
  }

  function createRefund(body: Record<string, unknown>): YooKassaRefund {
    if (typeof body.payment_id !== 'string') throw badRequest('payment_id is required', 'payment_id');
    const payment = find(body.payment_id);
    const amount = readAmount(body.amount, 'amount');
    if (payment.status !== 'succeeded') {
      throw badRequest(`Payment is in status ${payment.status} and can't be refunded`, 'payment_id');
    }
    const paid = kopecks(payment.amount.value) ?? 0;
    const refunded = kopecks(payment.refunded_amount?.value ?? '0') ?? 0;
    if (amount.kopecks > paid - refunded) {
      throw badRequest('Refund amount exceeds the amount available for refund', 'amount');
    }
    const refund: YooKassaRefund = {
      id: yooKassaId(),
      payment_id: payment.id,
      status: 'succeeded',
      created_at: now(),
      amount: rub(amount.kopecks, amount.currency),
      ...(typeof body.description === 'string' ? { description: body.description } : {}),
    };
    payment.refunded_amount = rub(refunded + amount.kopecks, payment.amount.currency);
    payment.refundable = refunded + amount.kopecks < paid;
    refunds.set(refund.id, refund);
    return clone(refund);
  }

  function route(req: FakeRequest): { status: number; body: unknown } {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const paymentPath = /^\/v3\/payments\/([^/]+)(?:\/(capture|cancel))?$/.exec(req.path);
    const refundPath = /^\/v3\/refunds\/([^/]+)$/.exec(req.path);
    if (req.method === 'POST' && req.path === '/v3/payments')
      return { status: 200, body: createPayment(body) };
    if (req.method === 'POST' && req.path === '/v3/refunds') return { status: 200, body: createRefund(body) };
    if (paymentPath?.[1]) {
      const id = decodeURIComponent(paymentPath[1]);
      if (req.method === 'GET' && !paymentPath[2]) return { status: 200, body: view(find(id)) };
      if (req.method === 'POST' && paymentPath[2] === 'capture') {
        return { status: 200, body: capturePayment(id, body) };
      }
      if (req.method === 'POST' && paymentPath[2] === 'cancel')
        return { status: 200, body: cancelPayment(id) };
    }
    if (req.method === 'GET' && refundPath?.[1]) {
      const refund = refunds.get(decodeURIComponent(refundPath[1]));
      if (!refund) {
        throw new YooKassaError(404, 'not_found', "Incorrect refund_id. Refund doesn't exist.", 'refund_id');
      }
      return { status: 200, body: clone(refund) };
    }
    throw new YooKassaError(404, 'not_found', `No such resource: ${req.method} ${req.path}`);
  }

  const errorBody = (error: YooKassaError) => ({
    type: 'error',
    id: yooKassaId(),
    code: error.code,
    description: error.message,
    ...(error.parameter ? { parameter: error.parameter } : {}),
  });

  const server = await startFakeServer(
    async (req: FakeRequest, res: ServerResponse, ctx) => {
      if (mode === 'hang') {
        await ctx.sleep(3_600_000);
        return;
      }
      try {
        if (req.headers.authorization !== expectedAuth) {
          throw new YooKassaError(401, 'invalid_credentials', INVALID_CREDENTIALS, 'Authorization');
        }
        if (mode === 'error') {
          throw new YooKassaError(
            500,
            'internal_server_error',
            'Internal server error. Retry the request later.',
          );
        }
        if (req.method !== 'POST') {
          const { status, body } = route(req);
          return sendJson(res, status, body);
        }
        const key = req.headers['idempotence-key'];
        if (typeof key !== 'string' || key.length === 0 || key.length > 64) {
          throw badRequest(
            "Idempotence key isn't specified or is longer than 64 characters",
            'Idempotence-Key',
          );
        }
        const fingerprint = createHash('sha256')
          .update(`${req.path}\n${JSON.stringify(req.body ?? null)}`)
          .digest('hex');
        const earlier = idempotence.get(key);
        if (earlier) {
          if (earlier.fingerprint !== fingerprint)
            throw badRequest('Idempotence key duplicated', 'Idempotence-Key');
          return sendJson(res, earlier.status, earlier.body);
        }
        let answer: { status: number; body: unknown };
        try {
          answer = route(req);
        } catch (error) {
          // YooKassa remembers a refused request under its key too (a 500 it does not).
          if (!(error instanceof YooKassaError) || error.status >= 500) throw error;
          answer = { status: error.status, body: errorBody(error) };
        }
        idempotence.set(key, { fingerprint, ...answer });
        return sendJson(res, answer.status, answer.body);
      } catch (error) {
        if (error instanceof YooKassaError) return sendJson(res, error.status, errorBody(error));
        throw error;
      }
    },
    {
      ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
      // Back to an empty shop: no payments, refunds, saved methods or remembered keys.
      onReset: () => {
        mode = 'ok';
        payments.clear();
        refunds.clear();
        savedMethods.clear();
        idempotence.clear();
      },
    },
  );

  return {
    ...server,
    shopId,
    secretKey,
    setMode(next) {
      mode = next;
    },
    succeed(paymentId) {
      const payment = find(paymentId);
      if (payment.status !== 'pending')
        throw new Error(`payment ${paymentId} is ${payment.status}, not pending`);
      const method = newCard(payment.save);
      if (payment.save) savedMethods.set(method.id, { method: clone(method), revoked: false });
      payment.payment_method = method;
      markPaid(payment);
      if (payment.receipt_registration) payment.receipt_registration = 'succeeded';
      // Read through the map: TypeScript still holds the status narrowed to 'pending' here.
      const event =
        find(paymentId).status === 'succeeded' ? 'payment.succeeded' : 'payment.waiting_for_capture';
      return { type: 'notification', event, object: view(payment) };
    },
    cancel(paymentId, reason = 'expired_on_confirmation') {
      const payment = find(paymentId);
      if (payment.status !== 'pending' && payment.status !== 'waiting_for_capture') {
        throw new Error(`payment ${paymentId} is ${payment.status} and cannot be canceled`);
      }
      payment.status = 'canceled';
      payment.paid = false;
      payment.cancellation_details = { party: 'yoo_money', reason };
      return { type: 'notification', event: 'payment.canceled', object: view(payment) };
    },
    payment: (paymentId) => {
      const payment = payments.get(paymentId);
      return payment ? view(payment) : undefined;
    },
    payments: () => [...payments.values()].map(view),
    refunds: () => [...refunds.values()].map(clone),
    revokeSavedMethod(paymentMethodId) {
      const saved = savedMethods.get(paymentMethodId);
      if (!saved) throw new Error(`no saved payment method ${paymentMethodId}`);
      saved.revoked = true;
    },
  };
}
