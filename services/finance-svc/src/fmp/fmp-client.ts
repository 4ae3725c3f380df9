import type { ApiError } from '@perplexica/errors';
import type { Logger } from '@perplexica/observability';
import type { z } from 'zod';
import { errorFromMessage, fmpErrors } from './fmp-errors.ts';

export type FmpParams = Record<string, string | number | undefined>;

export interface FmpClient {
  /**
   * GET /stable/<endpoint> with the key added, validated by `schema`. Throws an ApiError: 504 on
   * timeout, 502 for every other failure (bad key, plan, quota, 5xx, unexpected answer).
   */
  get<S extends z.ZodType>(endpoint: string, params: FmpParams, schema: S): Promise<z.infer<S>>;
}

export interface FmpClientConfig {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  fetch: typeof fetch;
  logger: Logger;
}

const errorKey = 'Error Message';

/**
 * Financial Modeling Prep's stable API. The key travels as the `apikey` query parameter (as FMP
 * documents), so the full URL is a secret: it is never logged or put in an error; logs name the
 * endpoint only.
 */
export function createFmpClient(config: FmpClientConfig): FmpClient {
  const base = `${config.baseUrl.replace(/\/+$/, '')}/stable/`;
  const redact = (text: string) => text.replaceAll(config.apiKey, '[redacted]');

  async function fetchJson(endpoint: string, params: FmpParams): Promise<unknown> {
    const url = new URL(endpoint, base);
    for (const [name, value] of Object.entries(params)) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    url.searchParams.set('apikey', config.apiKey);
    const signal = AbortSignal.timeout(config.timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await config.fetch(url, { signal, headers: { accept: 'application/json' } });
      // Read inside the same try: a body that stalls after the headers is a timeout too.
      text = await response.text();
    } catch (error) {
      if (signal.aborted) throw fmpErrors.timeout(config.timeoutMs);
      throw fmpErrors.unreachable(errorCode(error));
    }
    if (response.status === 429) throw fmpErrors.rateLimited(response.headers.get('retry-after'));
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = undefined;
    }
    // FMP's own words: {"Error Message": …}, or a short plain-text body (402s come as text);
    // never an HTML error page from the CDN in front of it.
    const plain = body === undefined && text.length <= 300 && !text.trimStart().startsWith('<');
    const message = errorMessage(body) ?? (plain ? text.trim() : null);
    if (response.status === 401) throw fmpErrors.keyRejected(401);
    if (response.status === 403) {
      // 403 also answers endpoints FMP retired ("Legacy Endpoint"): our bug, not the key's.
      throw message && /legacy endpoint/i.test(message)
        ? fmpErrors.failed(403, redact(message).slice(0, 200))
        : fmpErrors.keyRejected(403);
    }
    if (response.status === 402) throw fmpErrors.notInPlan(response.status);
    if (response.status !== 200) {
      throw message ? errorFromMessage(response.status, message, redact) : fmpErrors.failed(response.status);
    }
    if (message !== null && body !== undefined) throw errorFromMessage(200, message, redact);
    if (body === undefined) throw fmpErrors.badAnswer(endpoint);
    return body;
  }

  return {
    async get(endpoint, params, schema) {
      const started = performance.now();
      const log = { fmpEndpoint: endpoint, symbol: params.symbol };
      let body: unknown;
      try {
        body = await fetchJson(endpoint, params);
      } catch (error) {
        config.logger.warn(
          { ...log, ms: Math.round(performance.now() - started), reason: (error as ApiError).message },
          'FMP call failed',
        );
        throw error;
      }
      // FMP answers some unknown symbols with {} instead of []: both mean "nothing".
      const normalised = isEmptyObject(body) ? [] : body;
      const parsed = schema.safeParse(normalised);
      if (!parsed.success) {
        config.logger.warn(
          { ...log, issues: parsed.error.issues.slice(0, 5) },
          'FMP answer had an unexpected shape',
        );
        throw fmpErrors.badAnswer(endpoint);
      }
      config.logger.debug({ ...log, ms: Math.round(performance.now() - started) }, 'FMP call');
      return parsed.data;
    },
  };
}

function errorMessage(body: unknown): string | null {
  if (body && typeof body === 'object' && !Array.isArray(body) && errorKey in body) {
    return String((body as Record<string, unknown>)[errorKey]);
  }
  return null;
}

function isEmptyObject(value: unknown): boolean {
  return !!value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;
}

/** A socket error's code (ECONNREFUSED…), found on the error or its cause; never its message. */
function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}
