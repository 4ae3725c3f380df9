import { FMP_SECURITIES } from '@perplexica/fakes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  expectError,
  type FinanceServiceUnderTest,
  FMP_KEY,
  financeClient,
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

describe('GET /api/v1/finance/quote/:symbol', () => {
  it('answers a normalised quote, not FMP’s raw fields', async () => {
    const response = await get('/quote/AAPL');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-cache')).toBe('miss');
    expect(response.headers.get('cache-control')).toMatch(/^private, max-age=1[0-5]$/);
    expect(response.body).toEqual({
      symbol: 'AAPL',
      name: 'Apple Inc.',
      exchange: 'NASDAQ',
      price: FMP_SECURITIES.AAPL?.price,
      change: expect.any(Number),
      changePercent: 1.24,
      open: expect.any(Number),
      previousClose: expect.any(Number),
      dayLow: expect.any(Number),
      dayHigh: expect.any(Number),
      yearLow: expect.any(Number),
      yearHigh: expect.any(Number),
      volume: FMP_SECURITIES.AAPL?.volume,
      marketCap: FMP_SECURITIES.AAPL?.marketCap,
      priceAvg50: expect.any(Number),
      priceAvg200: expect.any(Number),
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/),
    });
    expect(response.body).not.toHaveProperty('changePercentage');
    expect(svc.fmp.calls[0]).toMatchObject({
      path: '/stable/quote',
      query: { symbol: 'AAPL', apikey: FMP_KEY },
    });
  });

  it('serves the second call from the cache: x-cache fresh, FMP asked once', async () => {
    const first = await get('/quote/MSFT');
    expect(first.headers.get('x-cache')).toBe('miss');
    const second = await get('/quote/MSFT');
    expect(second.status).toBe(200);
    expect(second.headers.get('x-cache')).toBe('fresh');
    expect(second.body).toEqual(first.body);
    expect(svc.fmp.requestCount('quote')).toBe(1);
  });

  it('upper-cases the symbol, so aapl and AAPL share one cache entry', async () => {
    await get('/quote/NVDA');
    const lower = await get('/quote/nvda');
    expect(lower.body.symbol).toBe('NVDA');
    expect(lower.headers.get('x-cache')).toBe('fresh');
    expect(svc.fmp.requestCount('quote')).toBe(1);
  });

  it('takes index symbols with a caret, encoded or not', async () => {
    const encoded = await get('/quote/%5EGSPC');
    expect(encoded.status).toBe(200);
    expect(encoded.body).toMatchObject({ symbol: '^GSPC', name: 'S&P 500' });
    expect(svc.fmp.calls[0]?.query.symbol).toBe('^GSPC');
    const literal = await get('/quote/^dji');
    expect(literal.body).toMatchObject({ symbol: '^DJI', name: 'Dow Jones Industrial Average' });
  });

  it('a symbol FMP does not know is 404, and the verdict is cached too (no second FMP call)', async () => {
    expectError(await get('/quote/ZZZZZ'), 404, 'not_found');
    const again = await get('/quote/ZZZZZ');
    expectError(again, 404, 'not_found');
    expect(again.body.error.message).toContain('ZZZZZ');
    expect(svc.fmp.requestCount('quote')).toBe(1);
  });
});
