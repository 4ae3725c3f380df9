import {
  type ICreatePayment,
  type ICreateRefund,
  type IYooCheckoutOptions,
  type Payment,
  type Refund,
  YooCheckout,
} from '@a2seven/yoo-checkout';
import { ApiError } from '@perplexica/errors';
import type { BillingConfig } from '../config.ts';

export type YooKassaPayment = Payment;
export type YooKassaRefund = Refund;

/**
 * A YooKassa call that did not give an answer to act on. `refused`: YooKassa answered with a 4xx
 * (bad request, unknown object, wrong credentials): repeating it will not help. `unavailable`:
 * no answer, a timeout, a 429 or a 5xx: the outcome is unknown, repeat with the same
 * idempotence key. Holds only YooKassa's code and description: the SDK's own error carries the
 * request's Basic-auth credentials, so it is never logged or passed on.
 */
export class YooKassaError extends Error {
  readonly kind: 'refused' | 'unavailable';
  readonly status: number | null;
  readonly code: string | null;
  readonly parameter: string | null;

  constructor(
    kind: 'refused' | 'unavailable',
    message: string,
    details: { status?: number | null; code?: string | null; parameter?: string | null } = {},
  ) {
    super(message);
    this.name = 'YooKassaError';
    this.kind = kind;
    this.status = details.status ?? null;
    this.code = details.code ?? null;
    this.parameter = details.parameter ?? null;
  }
}

/** What billing-svc asks of YooKassa. */
export interface YooKassaGateway {
  /** False without YOOKASSA_SHOP_ID/YOOKASSA_SECRET_KEY: every call then throws 503 not_configured. */
  readonly configured: boolean;
  createPayment(payload: ICreatePayment, idempotenceKey: string): Promise<YooKassaPayment>;
  /** null when YooKassa does not know the id (404). */
  getPayment(paymentId: string): Promise<YooKassaPayment | null>;
  createRefund(payload: ICreateRefund, idempotenceKey: string): Promise<YooKassaRefund>;
  getRefund(refundId: string): Promise<YooKassaRefund | null>;
}

export const notConfiguredError = () =>
  new ApiError(
    'not_configured',
    'Payments are not configured: set YOOKASSA_SHOP_ID and YOOKASSA_SECRET_KEY (from the YooKassa dashboard) and restart billing-svc',
  );

const notConfigured: YooKassaGateway = {
  configured: false,
  createPayment: async () => {
    throw notConfiguredError();
  },
  getPayment: async () => {
    throw notConfiguredError();
  },
  createRefund: async () => {
    throw notConfiguredError();
  },
  getRefund: async () => {
    throw notConfiguredError();
  },
};

/**
 * The SDK with its API root set to YOOKASSA_API_URL. The SDK prefixes every request with its
 * public `root` field, which its constructor sets from a constant (https://api.yookassa.ru/v3)
 * and offers no option for; a subclass assigning that one field is the smallest change that
 * reaches a local double, and leaves the SDK's request code (and the global axios) untouched.
 */
class YooCheckoutAt extends YooCheckout {
  override readonly root: string;

  constructor(options: IYooCheckoutOptions, root: string) {
    super(options);
    this.root = root.replace(/\/+$/, '');
  }
}

interface SdkFailure {
  response?: { status?: number; data?: { code?: unknown; description?: unknown; parameter?: unknown } };
  code?: unknown;
}

/** The SDK rethrows axios' error copied into its ErrorResponse; keep only what is safe to show. */
function translate(error: unknown): YooKassaError {
  if (error instanceof YooKassaError) return error;
  const failure = (error ?? {}) as SdkFailure;
  const status = failure.response?.status;
  if (status === undefined) {
    const code = typeof failure.code === 'string' ? failure.code : 'network error';
    return new YooKassaError('unavailable', `YooKassa did not answer (${code})`);
  }
  const data = failure.response?.data ?? {};
  const code = typeof data.code === 'string' ? data.code : null;
  const description =
    typeof data.description === 'string' ? data.description.slice(0, 300) : `HTTP ${status}`;
  const parameter = typeof data.parameter === 'string' ? data.parameter : null;
  const kind = status === 429 || status >= 500 ? 'unavailable' : 'refused';
  return new YooKassaError(kind, `YooKassa answered ${status}: ${description}`, { status, code, parameter });
}

export function createYooKassaGateway(config: BillingConfig): YooKassaGateway {
  const shopId = config.YOOKASSA_SHOP_ID;
  const secretKey = config.YOOKASSA_SECRET_KEY;
  if (!shopId || !secretKey) return notConfigured;
  const sdk = new YooCheckoutAt({ shopId, secretKey }, config.YOOKASSA_API_URL);

  /**
   * The SDK sets no timeout and takes no abort signal: past YOOKASSA_TIMEOUT_MS we stop waiting
   * (the request may still complete; every write carries an idempotence key, so repeating it is safe).
   */
  async function call<T>(work: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new YooKassaError(
              'unavailable',
              `YooKassa did not answer within ${config.YOOKASSA_TIMEOUT_MS} ms`,
            ),
          ),
        config.YOOKASSA_TIMEOUT_MS,
      );
    });
    try {
      return await Promise.race([work(), timeout]);
    } catch (error) {
      throw translate(error);
    } finally {
      clearTimeout(timer);
    }
  }

  const orNullWhenUnknown = async <T>(work: () => Promise<T>): Promise<T | null> => {
    try {
      return await call(work);
    } catch (error) {
      if (error instanceof YooKassaError && error.status === 404) return null;
      throw error;
    }
  };

  return {
    configured: true,
    createPayment: (payload, key) => call(() => sdk.createPayment(payload, key)),
    getPayment: (paymentId) => orNullWhenUnknown(() => sdk.getPayment(encodeURIComponent(paymentId))),
    createRefund: (payload, key) => call(() => sdk.createRefund(payload, key)),
    getRefund: (refundId) => orNullWhenUnknown(() => sdk.getRefund(encodeURIComponent(refundId))),
  };
}

/** For a route: a YooKassa failure as the one error shape (502), with YooKassa's own code. */
export function gatewayApiError(error: unknown): unknown {
  if (!(error instanceof YooKassaError)) return error;
  return new ApiError('bad_gateway', error.message, {
    details: {
      provider: 'yookassa',
      code: error.code,
      parameter: error.parameter,
      retryable: error.kind === 'unavailable',
    },
  });
}
