import { createLogger, initTracing } from '@perplexica/observability';
import { captureLogs, type ListeningApp, listen } from '@perplexica/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServiceApp, createServiceClient, runWithRequestContext, UpstreamError } from '../src/index.ts';
import { expectError } from './support.ts';
import { okJson, startUpstream, type Upstream } from './upstream.ts';

// Trace context only propagates once a tracer provider and propagator are registered, as in runService.
initTracing({ service: 'client-test' });

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream();
});
afterEach(() => {
  upstream.requests.length = 0;
  upstream.respond(okJson({ ok: true }));
});
afterAll(() => upstream.close());

const client = (options: { timeoutMs?: number; retries?: number; serviceToken?: string } = {}) =>
  createServiceClient({ service: 'library-svc', baseUrl: `${upstream.url}/`, ...options });

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

/** Answers `status` for the first `failures` requests, then 200. */
const flaky =
  (failures: number, status = 503) =>
  (index: number) =>
    index < failures ? status : 200;

function respondWith(statusFor: (index: number) => number) {
  upstream.respond((_request, response, index) => {
    const status = statusFor(index);
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify(
        status === 200 ? { hit: index + 1 } : { error: { code: 'unavailable', message: 'busy' } },
      ),
    );
  });
}

describe('createServiceClient', () => {
  it('makes typed JSON calls, sending and parsing JSON', async () => {
    upstream.respond((request, response) => {
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ echoed: JSON.parse(request.body) }));
    });
    const result = await client().call<{ echoed: unknown }>('/v1/threads', {
      method: 'POST',
      body: { title: 'hi' },
    });
    expect(result).toEqual({ echoed: { title: 'hi' } });
    expect(upstream.requests[0]).toMatchObject({ method: 'POST', url: '/v1/threads' });
    expect(upstream.requests[0]!.headers['content-type']).toBe('application/json');
  });

  it('times out a slow upstream as a gateway timeout', async () => {
    upstream.respond((_request, response) => {
      const timer = setTimeout(() => response.end('{}'), 3_000);
      response.on('close', () => clearTimeout(timer));
    });
    const started = Date.now();
    const error = await failure(client({ timeoutMs: 150, retries: 0 }).call('/slow'));
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(error.kind).toBe('timeout');
    expect(error.toApiError().code).toBe('gateway_timeout');
    expect(error.toApiError().status).toBe(504);
  });

  it('times out an upstream that sends headers and then stalls the body', async () => {
    upstream.respond((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"partial":');
      const timer = setTimeout(() => response.end('1}'), 3_000);
      response.on('close', () => clearTimeout(timer));
    });
    const error = await failure(client({ timeoutMs: 200, retries: 0 }).call('/stalling'));
    expect(error.kind).toBe('timeout');
  });

  it('retries GET on 503 and succeeds once the upstream recovers', async () => {
    respondWith(flaky(2));
    const result = await client({ retries: 2 }).call<{ hit: number }>('/v1/threads/1');
    expect(result).toEqual({ hit: 3 });
    expect(upstream.requests.map((request) => request.method)).toEqual(['GET', 'GET', 'GET']);
  });

  it('gives up after the configured retries', async () => {
    respondWith(() => 502);
    const error = await failure(client({ retries: 1 }).call('/v1/threads/1', { method: 'DELETE' }));
    expect(upstream.requests).toHaveLength(2);
    expect(error.status).toBe(502);
    expect(error.toApiError().code).toBe('bad_gateway');
  });

  it('never retries POST or PATCH, so nothing is applied twice', async () => {
    for (const method of ['POST', 'PATCH'] as const) {
      upstream.requests.length = 0;
      respondWith(flaky(1));
      const error = await failure(
        client({ retries: 3 }).call('/v1/charges', { method, body: { amount: 5 } }),
      );
      expect(error.status).toBe(503);
      expect(upstream.requests).toHaveLength(1);
    }
  });

  it('retries idempotent methods after a dropped connection, but not POST', async () => {
    upstream.respond((_request, response, index) => {
      if (index === 0) response.socket?.destroy();
      else okJson({ recovered: true })(_request, response, index);
    });
    await expect(client().call('/v1/threads', { method: 'PUT', body: {} })).resolves.toEqual({
      recovered: true,
    });
    expect(upstream.requests).toHaveLength(2);

    upstream.requests.length = 0;
    upstream.respond((_request, response) => {
      response.socket?.destroy();
    });
    const error = await failure(client().call('/v1/threads', { method: 'POST', body: {} }));
    expect(error.kind).toBe('network');
    expect(error.toApiError().code).toBe('unavailable');
    expect(upstream.requests).toHaveLength(1);
  });

  it('does not retry a 4xx or a 500, even for GET', async () => {
    respondWith(() => 500);
    await failure(client().call('/v1/x'));
    expect(upstream.requests).toHaveLength(1);

    upstream.requests.length = 0;
    upstream.respond(okJson({ error: { code: 'not_found', message: 'Thread not found' } }, 404));
    const error = await failure(client().call('/v1/threads/404'));
    expect(upstream.requests).toHaveLength(1);
    // The upstream's own error passes through unchanged.
    expect(error.toApiError()).toMatchObject({ code: 'not_found', status: 404, message: 'Thread not found' });
  });

  it('reports an unreachable upstream as a network failure', async () => {
    const gone = await startUpstream();
    await gone.close();
    const error = await failure(
      createServiceClient({ service: 'gone-svc', baseUrl: gone.url, retries: 1 }).call('/anything'),
    );
    expect(error.kind).toBe('network');
    expect(error.toApiError()).toMatchObject({ code: 'unavailable', status: 503 });
  });

  it('sends the service token, and the request context from runWithRequestContext', async () => {
    await runWithRequestContext({ requestId: 'ctx-req-1', authorization: 'Bearer from-context' }, () =>
      client({ serviceToken: 'internal-token-abcdefghijklmnopqrstuvwxyz' }).call('/internal/v1/thing'),
    );
    const headers = upstream.requests[0]!.headers;
    expect(headers['x-request-id']).toBe('ctx-req-1');
    expect(headers.authorization).toBe('Bearer from-context');
    expect(headers['x-service-token']).toBe('internal-token-abcdefghijklmnopqrstuvwxyz');
  });

  it('lets a call override or drop the propagated Authorization', async () => {
    await runWithRequestContext({ requestId: 'ctx-req-2', authorization: 'Bearer user-token' }, async () => {
      await client().call('/a', { authorization: '' });
      await client().call('/b', { authorization: 'Bearer service-identity' });
    });
    expect(upstream.requests[0]!.headers.authorization).toBeUndefined();
    expect(upstream.requests[1]!.headers.authorization).toBe('Bearer service-identity');
  });
});

describe('propagation across a hop through a kit service', () => {
  let gateway: ListeningApp;

  beforeAll(async () => {
    const app = createServiceApp({
      name: 'chat-svc',
      logger: createLogger({ service: 'chat-svc', destination: captureLogs().stream }),
    });
    const library = createServiceClient({
      service: 'library-svc',
      baseUrl: upstream.url,
      timeoutMs: 300,
      retries: 0,
    });
    app.get('/threads/:id', async (c) => c.json(await library.call(`/v1/threads/${c.req.param('id')}`)));
    gateway = await listen(app);
  });
  afterAll(() => gateway.close());

  it('forwards x-request-id, Authorization and a W3C traceparent to the upstream', async () => {
    const response = await fetch(`${gateway.url}/threads/7`, {
      headers: { 'x-request-id': 'hop-request-1', authorization: 'Bearer caller-token' },
    });
    expect(response.status).toBe(200);
    const seen = upstream.requests[0]!;
    expect(seen.url).toBe('/v1/threads/7');
    expect(seen.headers['x-request-id']).toBe('hop-request-1');
    expect(seen.headers.authorization).toBe('Bearer caller-token');
    expect(seen.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('continues the caller trace: the upstream sees the same trace id, under a new parent span', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    await fetch(`${gateway.url}/threads/8`, { headers: { traceparent: `00-${traceId}-${callerSpan}-01` } });
    const [, seenTrace, seenParent] = (upstream.requests[0]!.headers.traceparent as string).split('-');
    expect(seenTrace).toBe(traceId);
    expect(seenParent).not.toBe(callerSpan);
  });

  it('turns an upstream timeout into 504 gateway_timeout in the one error shape', async () => {
    upstream.respond((_request, response) => {
      const timer = setTimeout(() => response.end('{}'), 3_000);
      response.on('close', () => clearTimeout(timer));
    });
    const error = await expectError(await fetch(`${gateway.url}/threads/9`), 504, 'gateway_timeout');
    expect(error.message).toBe('library-svc did not answer in time');
  });

  it('passes an upstream 404 through as 404 not_found', async () => {
    upstream.respond(okJson({ error: { code: 'not_found', message: 'Thread not found' } }, 404));
    const error = await expectError(await fetch(`${gateway.url}/threads/10`), 404, 'not_found');
    expect(error.message).toBe('Thread not found');
  });
});
