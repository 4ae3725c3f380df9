import { type ErrorCode, errorStatus } from './codes.ts';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown; requestId?: string };
}

export interface ApiErrorOptions {
  details?: unknown;
  /** Extra response headers, e.g. Retry-After for 429/503. */
  headers?: Record<string, string>;
  cause?: unknown;
}

/** The one error type handlers throw; `onError` turns it into the one JSON body shape. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, options: ApiErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'ApiError';
    this.code = code;
    this.status = errorStatus[code];
    this.details = options.details;
    this.headers = options.headers ?? {};
  }

  toBody(requestId?: string): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
        ...(requestId ? { requestId } : {}),
      },
    };
  }
}

export const notFound = (what = 'Resource') => new ApiError('not_found', `${what} not found`);

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}
