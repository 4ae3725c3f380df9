import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  trace,
} from '@opentelemetry/api';
import type { MiddlewareHandler } from 'hono';
import type { ServiceEnv } from '../env.ts';
import { routeLabel } from './route-label.ts';

// Looked up per request, never cached at import: services import this module before runService
// calls initTracing, and a tracer taken from the API before the SDK registers stays a no-op
// forever (the SDK is CommonJS and registers through the API's CommonJS copy, so the ESM copy's
// proxy never receives the real provider).
const tracer = () => trace.getTracer('@perplexica/http');

// Reads traceparent/tracestate straight from the request headers instead of copying every header.
const headerGetter: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};

/**
 * One server span per request, continuing the caller's W3C trace context (traceparent) so a
 * question's path through chat-svc, search-svc and library-svc is one trace.
 */
export function traceRequests(): MiddlewareHandler<ServiceEnv> {
  return async (c, next) => {
    const parent = propagation.extract(context.active(), c.req.raw.headers, headerGetter);
    const span = tracer().startSpan(
      c.req.method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': c.req.method, 'url.path': c.req.path } },
      parent,
    );
    try {
      await context.with(trace.setSpan(parent, span), next);
    } finally {
      const route = routeLabel(c);
      span.updateName(`${c.req.method} ${route}`);
      span.setAttribute('http.route', route);
      span.setAttribute('http.response.status_code', c.res.status);
      if (c.res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
  };
}
