import { context, propagation } from '@opentelemetry/api';
import { ApiError, type ErrorCode, errorStatus } from '@perplexica/errors';
import { lazyAgent, loadUndici } from './lazy-undici.ts';
import { currentRequestContext } from './request-context.ts';

export type UpstreamFailure = 'timeout' | 'network' | 'status';

/** A call to another service that did not give a 2xx; becomes a 502/503/504 unless handled. */
export class UpstreamError extends Error {
  readonly service: string;
  readonly kind: UpstreamFailure;
  readonly status: number | null;
  readonly body: unknown;

  constructor(service: string, kind: UpstreamFailure, status: number | null, body: unknown, message: string) {
    super(message);
    this.name = 'UpstreamError';
    this.service = service;
    this.kind = kind;
    this.status = status;
    this.body = body;
  }

  /** The upstream's own error code when it answered with one of ours, else null. */
  get upstreamCode(): ErrorCode | null {
    const code = (this.body as { error?: { code?: string } } | null)?.error?.code;
    return code && code in errorStatus ? (code as ErrorCode) : null;
  }

  toApiError(): ApiError {
    if (this.kind === 'timeout')
      return new ApiError('gateway_timeout', `${this.service} did not answer in time`);
    if (this.kind === 'network') return new ApiError('unavailable', `${this.service} is unreachable`);
    const code = this.upstreamCode;
    if (this.status !== null && this.status < 500 && code) {
      const message = (this.body as { error: { message: string } }).error.message;
      return new ApiError(code, message);
    }
    return new ApiError('bad_gateway', `${this.service} failed (${this.status})`);
  }
}

export interface ServiceClientConfig {
  service: string;
  baseUrl: string;
  timeoutMs?: number;
  /** Extra attempts for idempotent methods on network errors, 502, 503 and 504. */
  retries?: number;
  /** Sent as x-service-token on internal routes. */
  serviceToken?: string;
  /** Keep-alive connections kept open to the upstream (default 64). */
  connections?: number;
}

export interface CallOptions {
  method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  /** Override the Authorization propagated from the incoming request ("" to send none). */
  authorization?: string;
  timeoutMs?: number;
}

export interface ServiceClient {
  call<T>(path: string, options?: CallOptions): Promise<T>;
}

const idempotent = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);
const retryableStatus = new Set([502, 503, 504]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Typed JSON calls to another service. Propagates the request id, the caller's Authorization
 * and the W3C trace context; times out; retries only idempotent methods, so a POST is never
 * applied twice because of a retry.
 */
export function createServiceClient(config: ServiceClientConfig): ServiceClient {
  const baseUrl = config.baseUrl.replace(/\/$/, '');
  const defaultTimeout = config.timeoutMs ?? 5_000;
  const retries = config.retries ?? 2;
  // undici's request() on our own keep-alive pool rather than fetch(): between services every
  // request is small JSON, and fetch's WHATWG objects (Request, Headers, body streams) cost more
  // CPU than the call itself. One pool per upstream keeps connections warm.
  const dispatcher = lazyAgent({ connections: config.connections ?? 64, keepAliveTimeout: 4_000 });

  // Reads the body inside the same try as the request: the timeout also covers an upstream that
  // sends its headers and then stalls, which must be a timeout, not an unhandled AbortError.
  async function attempt(
    url: string,
    method: string,
    options: CallOptions,
  ): Promise<{ ok: boolean; status: number; text: string }> {
    const incoming = currentRequestContext();
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (incoming) headers['x-request-id'] = incoming.requestId;
    const authorization = options.authorization ?? incoming?.authorization;
    if (authorization) headers.authorization = authorization;
    if (config.serviceToken) headers['x-service-token'] = config.serviceToken;
    propagation.inject(context.active(), headers);
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const signal = AbortSignal.timeout(options.timeoutMs ?? defaultTimeout);
    try {
      const { request } = await loadUndici();
      const response = await request(url, {
        method: method as 'GET',
        headers,
        ...(body === undefined ? {} : { body }),
        signal,
        dispatcher: await dispatcher(),
      });
      const text = await response.body.text();
      return {
        ok: response.statusCode >= 200 && response.statusCode < 300,
        status: response.statusCode,
        text,
      };
    } catch (error) {
      const kind: UpstreamFailure = signal.aborted ? 'timeout' : 'network';
      throw new UpstreamError(
        config.service,
        kind,
        null,
        null,
        `${config.service} ${method} failed: ${kind}${kind === 'network' ? ` (${(error as Error).message})` : ''}`,
      );
    }
  }

  return {
    async call<T>(path: string, options: CallOptions = {}): Promise<T> {
      const method = options.method ?? 'GET';
      const url = `${baseUrl}${path}`;
      const attempts = idempotent.has(method) ? retries + 1 : 1;
      let lastError: UpstreamError | undefined;
      for (let index = 0; index < attempts; index++) {
        if (index > 0) await sleep(50 * 2 ** index);
        let response: Awaited<ReturnType<typeof attempt>>;
        try {
          response = await attempt(url, method, options);
        } catch (error) {
          lastError = error as UpstreamError;
          continue;
        }
        const parsed = response.text ? safeJson(response.text) : null;
        if (response.ok) return parsed as T;
        lastError = new UpstreamError(
          config.service,
          'status',
          response.status,
          parsed,
          `${config.service} ${method} ${path} answered ${response.status}`,
        );
        if (!retryableStatus.has(response.status)) break;
      }
      throw lastError ?? new UpstreamError(config.service, 'network', null, null, 'no attempt made');
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
