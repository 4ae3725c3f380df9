import { generateSigningKeyPair, signTestAccessToken } from '@perplexica/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  call,
  expectError,
  type FinanceServiceUnderTest,
  financeClient,
  SERVICE_TOKEN,
  startFinanceService,
} from './harness.ts';

let svc: FinanceServiceUnderTest;
let get: ReturnType<typeof financeClient>;
beforeAll(async () => {
  svc = await startFinanceService();
  get = financeClient(svc, await svc.userToken());
});
beforeEach(() => svc.fmp.reset());
afterAll(() => svc?.close());

const symbolRoutes = (symbol: string) => [
  `/quote/${symbol}`,
  `/history/${symbol}?range=1D`,
  `/ratings/${symbol}`,
  `/filings/${symbol}`,
  `/etf/${symbol}/holdings`,
  `/profile/${symbol}`,
];

describe('symbols', () => {
  it('a malformed symbol is 400 naming path.symbol on every route, and FMP is not asked', async () => {
    for (const symbol of ['ABCDEFGHIJKLM', 'AA$', 'A%20B', '...', '%5E', '-', 'A%00', '%C3%84PPL', 'a*b']) {
      for (const path of symbolRoutes(symbol)) {
        const response = await get(path);
        expectError(response, 400, 'validation_failed');
        expect(response.body.error.details[0].path).toBe('path.symbol');
      }
    }
    expect(svc.fmp.requestCount()).toBe(0);
  });

  it('share classes and index carets pass validation (FMP then decides: here, unknown → 404)', async () => {
    for (const symbol of ['BRK.B', 'brk-b', '%5ERUT', 'ABCDEFGHIJKL']) {
      expectError(await get(`/quote/${symbol}`), 404, 'not_found');
    }
    expect(svc.fmp.calls.map((c) => c.query.symbol)).toEqual(['BRK.B', 'BRK-B', '^RUT', 'ABCDEFGHIJKL']);
  });
});

describe('who may read', () => {
  const movers = () => `${svc.url}/api/v1/finance/movers`;

  it('needs a sign-in: none, garbage, another issuer’s signature and an expired token are 401', async () => {
    expectError(await call(movers()), 401, 'unauthorized');
    expectError(await call(movers(), { token: 'not-a-jwt' }), 401, 'invalid_token');
    const foreign = await signTestAccessToken({ privateKeyPem: generateSigningKeyPair().privateKeyPem });
    expectError(await call(movers(), { token: foreign }), 401, 'invalid_token');
    const { privateKeyPem } = generateSigningKeyPair();
    const expired = await signTestAccessToken({ privateKeyPem, expiresInSeconds: -60 });
    expect((await call(movers(), { token: expired })).status).toBe(401);
    expect(svc.fmp.requestCount()).toBe(0);
  });

  it('an unknown finance path is 404 in the one error shape', async () => {
    expectError(await get('/nothing-here'), 404, 'not_found');
    expectError(await get('/etf/SPY'), 404, 'not_found');
  });
});

describe('POST /internal/v1/cache/refresh', () => {
  const url = () => `${svc.url}/internal/v1/cache/refresh`;

  it('is hidden (404) without the right service token', async () => {
    expectError(await call(url(), { body: {} }), 404, 'not_found');
    expectError(
      await call(url(), { body: {}, serviceToken: 'wrong-token-wrong-token-wrong' }),
      404,
      'not_found',
    );
    const token = await svc.userToken();
    expectError(await call(url(), { body: {}, token }), 404, 'not_found');
  });

  it('refuses a bad deadline, unknown fields, non-JSON and broken JSON', async () => {
    for (const body of [
      { deadlineMs: 0 },
      { deadlineMs: -5 },
      { deadlineMs: 'soon' },
      { deadlineMs: 1.5 },
      { x: 1 },
    ]) {
      const response = await call(url(), { body, serviceToken: SERVICE_TOKEN });
      expectError(response, 400, 'validation_failed');
    }
    expectError(await call(url(), { body: '{', serviceToken: SERVICE_TOKEN }), 400, 'invalid_json');
    expectError(
      await call(url(), {
        body: '{}',
        serviceToken: SERVICE_TOKEN,
        headers: { 'content-type': 'text/plain' },
      }),
      415,
      'unsupported_media_type',
    );
    expect(svc.fmp.requestCount()).toBe(0);
  });
});
