import { createLogger } from '@perplexica/observability';
import { captureLogs, type ListeningApp, listen } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createServiceApp, jsonBody } from '../src/index.ts';

// jsonBody reads a body with a declared length straight off Node's request under
// @hono/node-server; these run over real HTTP so that path is the one exercised.
let server: ListeningApp;

beforeAll(async () => {
  const app = createServiceApp({
    name: 'json-body-test',
    logger: createLogger({ service: 'json-body-test', level: 'silent', destination: captureLogs().stream }),
    bodyLimitBytes: 64 * 1024,
  });
  app.post('/echo', async (c) => {
    const parsed = await jsonBody(c, z.object({ text: z.string() }));
    // A second read of the same body (as a later middleware or handler might do) still works.
    const again = (await c.req.json()) as { text: string };
    return c.json({ parsed, again, raw: await c.req.text() });
  });
  server = await listen(app);
});
afterAll(() => server.close());

describe('jsonBody over real HTTP', () => {
  it('parses a body with a declared length, and the body can be read again afterwards', async () => {
    const body = JSON.stringify({ text: 'héllo wörld ✓ 𝄞' });
    const response = await fetch(`${server.url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(200);
    const reply = (await response.json()) as {
      parsed: { text: string };
      again: { text: string };
      raw: string;
    };
    expect(reply.parsed.text).toBe('héllo wörld ✓ 𝄞');
    expect(reply.again).toEqual(reply.parsed);
    expect(reply.raw).toBe(body);
  });

  it('keeps multi-byte characters whole across many network chunks', async () => {
    const text = '✓é'.repeat(10_000);
    const response = await fetch(`${server.url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { parsed: { text: string } }).parsed.text).toBe(text);
  });

  it('answers broken JSON with 400 invalid_json and a wrong shape with 400 validation_failed', async () => {
    const broken = await fetch(`${server.url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text": ',
    });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
    const wrong = await fetch(`${server.url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text": 5}',
    });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
  });
});
