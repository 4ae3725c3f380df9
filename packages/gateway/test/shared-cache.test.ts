import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@perplexica/observability';
import {
  captureLogs,
  generateSigningKeyPair,
  type ListeningApp,
  listen,
  signTestAccessToken,
} from '@perplexica/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGatewayApp } from '../src/app.ts';
import { createSharedCache } from '../src/shared-cache.ts';
import { signedInCheck } from '../src/signed-in.ts';

// finance-svc's stand-in: counts what reaches it and answers as a test sets it up.
interface Answer {
  status: number;
  headers: Record<string, string>;
}
let answer: Answer;
let reached: IncomingMessage[] = [];
let upstream: Server;
let gateway: ListeningApp;
const keys = generateSigningKeyPair();
const HOLD_MS = 400;

beforeAll(async () => {
  upstream = createServer((request, response) => {
    reached.push(request);
    const body = JSON.stringify({ path: request.url, served: reached.length });
    response.writeHead(answer.status, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'x-request-id': String(request.headers['x-request-id']),
      'ratelimit-remaining': '41',
      'x-cache': 'miss',
      ...answer.headers,
    });
    response.end(body);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  gateway = await listen(
    createGatewayApp({
      logger: createLogger({ service: 'gateway', level: 'info', destination: captureLogs().stream }),
      upstreams: { 'finance-svc': url },
      webRoot: '',
      bodyLimitBytes: 1_000_000,
      shared: {
        cache: createSharedCache({ holdMs: HOLD_MS, maxEntries: 100, maxBodyBytes: 10_000 }),
        signedIn: signedInCheck({
          publicKeyPem: keys.publicKeyPem,
          issuer: 'perplexica-auth',
          audience: 'perplexica',
        }),
      },
    }),
  );
});
afterAll(async () => {
  await gateway?.close();
  upstream?.closeAllConnections();
  upstream?.close();
});
beforeEach(() => {
  answer = {
    status: 200,
    headers: { 'x-shared-cache': 'max-age=30', 'cache-control': 'private, max-age=30' },
  };
  reached = [];
});

let unique = 0;
/** A path no other test has used, so entries never carry over. */
const freshPath = () => `/api/v1/finance/quote/AAPL?n=${++unique}`;
const tokenOf = (userId: string, extra: Partial<Parameters<typeof signTestAccessToken>[0]> = {}) =>
  signTestAccessToken({ privateKeyPem: keys.privateKeyPem, userId, ...extra });
const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${gateway.url}${path}`, { headers });
const asUser = async (userId: string) => ({ authorization: `Bearer ${await tokenOf(userId)}` });

describe('the shared micro-cache', () => {
  it('answers the next signed-in caller from memory, without the previous caller’s own headers', async () => {
    const path = freshPath();
    const first = await get(path, await asUser('ada'));
    expect(first.status).toBe(200);
    expect(first.headers.get('x-shared-cache')).toBeNull();
    expect(first.headers.get('x-gateway-cache')).toBeNull();
    const firstBody = await first.text();

    const second = await get(path, { ...(await asUser('grace')), 'x-request-id': 'req-grace-1' });
    expect(second.status).toBe(200);
    expect(second.headers.get('x-gateway-cache')).toBe('hit');
    expect(await second.text()).toBe(firstBody);
    expect(reached).toHaveLength(1);
    // The page's headers, not ada's request id or rate-limit budget; an Age as HTTP caches give.
    expect(second.headers.get('x-request-id')).toBe('req-grace-1');
    expect(second.headers.get('ratelimit-remaining')).toBeNull();
    expect(second.headers.get('x-shared-cache')).toBeNull();
    expect(second.headers.get('content-type')).toBe('application/json');
    expect(second.headers.get('cache-control')).toBe('private, max-age=30');
    expect(second.headers.get('x-cache')).toBe('fresh');
    expect(Number(second.headers.get('age'))).toBeGreaterThanOrEqual(0);
  });

  it('never serves a copy to a caller it cannot verify: no token, a forged, expired or API-key one', async () => {
    const path = freshPath();
    await get(path, await asUser('ada'));
    const stranger = generateSigningKeyPair();
    const forged = await signTestAccessToken({ privateKeyPem: stranger.privateKeyPem, userId: 'ada' });
    const expired = await tokenOf('ada', { expiresInSeconds: -60 });
    const callers: Array<Record<string, string>> = [
      {},
      { authorization: `Bearer ${forged}` },
      { authorization: `Bearer ${expired}` },
      { authorization: 'Bearer pk_live_0123456789abcdef' },
      { authorization: 'Basic YWRhOnNlY3JldA==' },
    ];
    for (const headers of callers) {
      const response = await get(path, headers);
      expect(response.headers.get('x-gateway-cache'), JSON.stringify(headers)).toBeNull();
      await response.arrayBuffer();
    }
    // Each went on to the service, which decides (it would answer 401).
    expect(reached).toHaveLength(1 + callers.length);
  });

  it('keeps only what a service marked: not unmarked, failed, cookie-setting or non-GET responses', async () => {
    const cases: Array<{ answer: Answer; method?: string }> = [
      { answer: { status: 200, headers: {} } },
      { answer: { status: 200, headers: { 'x-shared-cache': 'max-age=0' } } },
      { answer: { status: 404, headers: { 'x-shared-cache': 'max-age=30' } } },
      { answer: { status: 200, headers: { 'x-shared-cache': 'max-age=30', 'set-cookie': 'sid=1' } } },
      { answer: { status: 200, headers: { 'x-shared-cache': 'max-age=30' } }, method: 'POST' },
    ];
    for (const testCase of cases) {
      answer = testCase.answer;
      reached = [];
      const path = freshPath();
      const headers = await asUser('ada');
      for (let attempt = 0; attempt < 2; attempt++) {
        const response = await fetch(`${gateway.url}${path}`, { method: testCase.method ?? 'GET', headers });
        expect(response.headers.get('x-gateway-cache')).toBeNull();
        await response.arrayBuffer();
      }
      expect(reached, JSON.stringify(testCase)).toHaveLength(2);
    }
  });

  it('holds a copy no longer than its hold time, and a reload (no-cache) renews it', async () => {
    const path = freshPath();
    const ada = await asUser('ada');
    await (await get(path, ada)).arrayBuffer();
    expect((await get(path, ada)).headers.get('x-gateway-cache')).toBe('hit');
    const reload = await get(path, { ...ada, 'cache-control': 'no-cache' });
    expect(reload.headers.get('x-gateway-cache')).toBeNull();
    expect(((await reload.json()) as { served: number }).served).toBe(2);
    // The reload's answer is the copy now.
    expect(((await (await get(path, ada)).json()) as { served: number }).served).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, HOLD_MS + 100));
    const later = await get(path, ada);
    expect(later.headers.get('x-gateway-cache')).toBeNull();
    expect(((await later.json()) as { served: number }).served).toBe(3);
  });

  it('keeps each query apart', async () => {
    const ada = await asUser('ada');
    const a = await (await get('/api/v1/finance/quote/AAPL?range=1D', ada)).json();
    const b = await (await get('/api/v1/finance/quote/AAPL?range=5D', ada)).json();
    expect(a).toMatchObject({ path: '/api/v1/finance/quote/AAPL?range=1D' });
    expect(b).toMatchObject({ path: '/api/v1/finance/quote/AAPL?range=5D' });
  });
});

describe('createSharedCache', () => {
  it('drops the oldest entry past its size, and refuses bodies over its limit', () => {
    let now = 0;
    const cache = createSharedCache({ holdMs: 5_000, maxEntries: 2, maxBodyBytes: 10, now: () => now });
    cache.set('/a', 30, {}, Buffer.from('a'));
    cache.set('/b', 30, {}, Buffer.from('b'));
    cache.set('/c', 30, {}, Buffer.from('c'));
    expect(cache.get('/a')).toBeUndefined();
    expect(cache.get('/c')?.body.toString()).toBe('c');
    expect(cache.accepts(30, 11)).toBe(false);
    expect(cache.accepts(0, 1)).toBe(false);
    expect(cache.accepts(30, 10)).toBe(true);
    // max-age shorter than the hold time wins.
    cache.set('/short', 1, {}, Buffer.from('s'));
    now = 999;
    expect(cache.get('/short')).toBeDefined();
    now = 1_001;
    expect(cache.get('/short')).toBeUndefined();
  });
});
