import { request as httpRequest } from 'node:http';
import { type ListeningApp, listen, signTestAccessToken } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoApp, demoApp, expectError } from './support.ts';

const LIMIT = 1_024;
let demo: DemoApp;
let server: ListeningApp;

beforeAll(async () => {
  demo = demoApp({ bodyLimitBytes: LIMIT });
  server = await listen(demo.app);
});
afterAll(() => server.close());

const postJson = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

describe('bad input', () => {
  it('answers a schema violation with 400 validation_failed and per-field details', async () => {
    const response = await postJson('/items', JSON.stringify({ name: '', quantity: 1.5 }));
    const error = await expectError(response, 400, 'validation_failed');
    expect(error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'body.name', code: 'too_small' }),
        expect.objectContaining({ path: 'body.quantity', code: 'invalid_type' }),
      ]),
    );
    expect(error.message).toMatch(/^body\.(name|quantity): /);
  });

  it('reports missing fields by name', async () => {
    const error = await expectError(await postJson('/items', '{}'), 400, 'validation_failed');
    expect((error.details as Array<{ path: string }>).map((issue) => issue.path).sort()).toEqual([
      'body.name',
      'body.quantity',
    ]);
  });

  it('validates path and query parameters too', async () => {
    const badPath = await expectError(await fetch(`${server.url}/items/abc`), 400, 'validation_failed');
    expect(badPath.details).toEqual([
      expect.objectContaining({ path: 'path.id', message: 'must be digits' }),
    ]);
    const badQuery = await expectError(
      await fetch(`${server.url}/items/1?verbose=maybe`),
      400,
      'validation_failed',
    );
    expect(badQuery.details).toEqual([expect.objectContaining({ path: 'query.verbose' })]);
  });

  it('answers malformed JSON with 400 invalid_json', async () => {
    await expectError(await postJson('/items', '{"name": "bolt", "quantity": '), 400, 'invalid_json');
  });

  it('answers an empty JSON body with 400 invalid_json', async () => {
    const response = await fetch(`${server.url}/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    await expectError(response, 400, 'invalid_json');
  });

  it('answers a non-JSON content type with 415', async () => {
    const response = await fetch(`${server.url}/items`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'name=bolt',
    });
    await expectError(response, 415, 'unsupported_media_type');
  });

  it('accepts a body right at the limit', async () => {
    const body = JSON.stringify({ name: 'x'.repeat(LIMIT - 28), quantity: 1 });
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(LIMIT);
    expect((await postJson('/items', body)).status).toBe(201);
  });

  it('answers 413 payload_too_large for a declared Content-Length over the limit', async () => {
    const body = JSON.stringify({ name: 'x'.repeat(LIMIT), quantity: 1 });
    const error = await expectError(await postJson('/items', body), 413, 'payload_too_large');
    expect(error.details).toEqual({ limitBytes: LIMIT });
  });

  it('answers 413 for a chunked body (no Content-Length) that grows over the limit', async () => {
    const { status, headers, body } = await new Promise<{
      status: number;
      headers: Record<string, unknown>;
      body: string;
    }>((resolve, reject) => {
      const request = httpRequest(
        `${server.url}/items`,
        { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
        (response) => {
          let text = '';
          response.on('data', (chunk) => {
            text += chunk;
          });
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }),
          );
        },
      );
      request.on('error', reject);
      expect(request.getHeader('content-length')).toBeUndefined();
      request.write('{"name":"');
      for (let i = 0; i < 5; i++) request.write('y'.repeat(400));
      request.end('","quantity":1}');
    });
    expect(status).toBe(413);
    const parsed = JSON.parse(body) as { error: { code: string; requestId: string } };
    expect(parsed.error.code).toBe('payload_too_large');
    expect(parsed.error.requestId).toBe(headers['x-request-id']);
  });

  it('accepts a small chunked body', async () => {
    const response = await fetch(`${server.url}/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Blob([JSON.stringify({ name: 'nut', quantity: 3 })]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ item: { name: 'nut', quantity: 3 } });
  });
});

describe('routing and auth errors', () => {
  it('answers an unknown route with 404 not_found', async () => {
    const error = await expectError(await fetch(`${server.url}/no/such/route`), 404, 'not_found');
    expect(error.message).toBe('No route for GET /no/such/route');
  });

  it('answers 401 unauthorized without a token and 401 invalid_token with a bad one', async () => {
    await expectError(await fetch(`${server.url}/me`), 401, 'unauthorized');
    await expectError(
      await fetch(`${server.url}/me`, { headers: { authorization: 'Bearer not.a.jwt' } }),
      401,
      'invalid_token',
    );
  });

  it('answers 403 forbidden when requireRole("admin") meets a user', async () => {
    const token = await signTestAccessToken({ privateKeyPem: demo.keys.privateKeyPem, role: 'user' });
    const response = await fetch(`${server.url}/admin/stats`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const error = await expectError(response, 403, 'forbidden');
    expect(error.message).toBe('Requires the admin role');
  });
});

describe('unexpected failures', () => {
  it('answers 503 unavailable with Retry-After when a dependency is unreachable, and logs it', async () => {
    for (const path of ['/postgres-down', '/redis-down']) {
      const response = await fetch(`${server.url}${path}`, {
        headers: { 'x-request-id': `outage-${path.slice(1)}` },
      });
      expect(response.headers.get('retry-after')).toBe('5');
      const error = await expectError(response, 503, 'unavailable');
      expect(error.message).not.toMatch(/ECONNREFUSED|closed/);
      const logged = demo.logs
        .lines()
        .find(
          (line) => line.requestId === `outage-${path.slice(1)}` && line.msg === 'dependency unavailable',
        );
      expect(logged?.level).toBe('error');
      expect(logged?.err).toBeDefined();
    }
  });

  it('turns a thrown Error into a 500 that hides the details, and logs the stack', async () => {
    const response = await fetch(`${server.url}/boom`, { headers: { 'x-request-id': 'crash-1' } });
    const error = await expectError(response, 500, 'internal');
    expect(error.details).toBeUndefined();
    const raw = JSON.stringify(error);
    expect(raw).not.toContain('kaboom');
    expect(raw).not.toContain('support.ts');
    expect(raw).not.toMatch(/\bat\s/);

    const logged = demo.logs
      .lines()
      .find((line) => line.requestId === 'crash-1' && line.msg === 'unhandled error') as
      | { level: string; err: { message: string; stack: string; type: string } }
      | undefined;
    expect(logged).toBeDefined();
    expect(logged!.level).toBe('error');
    expect(logged!.err.message).toBe('kaboom: invariant broken in handler');
    expect(logged!.err.stack).toContain('kaboom: invariant broken in handler');
    expect(logged!.err.stack).toContain('support.ts');
  });
});
