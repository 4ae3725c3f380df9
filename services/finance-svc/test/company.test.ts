import { FMP_SECURITIES } from '@perplexica/fakes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newYorkToday, shiftDate } from '../src/market/market-time.ts';
import { expectError, type FinanceServiceUnderTest, financeClient, startFinanceService } from './harness.ts';

let svc: FinanceServiceUnderTest;
let get: ReturnType<typeof financeClient>;
beforeAll(async () => {
  svc = await startFinanceService();
  get = financeClient(svc, await svc.userToken());
});
beforeEach(() => svc.fmp.reset());
afterAll(() => svc?.close());

const expectCachedSecondTime = async (path: string, fmpCalls: number) => {
  const again = await get(path);
  expect(again.headers.get('x-cache')).toBe('fresh');
  expect(svc.fmp.requestCount()).toBe(fmpCalls);
};

describe('GET /api/v1/finance/ratings/:symbol', () => {
  it('consensus counts, the price-target range and the latest grade changes', async () => {
    const response = await get('/ratings/AAPL');
    expect(response.status).toBe(200);
    const { consensus, priceTarget, recentGrades } = response.body;
    expect(consensus).toEqual({
      rating: 'Buy',
      strongBuy: expect.any(Number),
      buy: expect.any(Number),
      hold: expect.any(Number),
      sell: 2,
      strongSell: 0,
      analysts: consensus.strongBuy + consensus.buy + consensus.hold + 2,
    });
    const price = FMP_SECURITIES.AAPL?.price as number;
    expect(priceTarget).toEqual({
      high: expect.closeTo(price * 1.4, 1),
      low: expect.closeTo(price * 0.75, 1),
      average: expect.closeTo(price * 1.12, 1),
      median: expect.closeTo(price * 1.1, 1),
    });
    expect(recentGrades).toHaveLength(20);
    expect(recentGrades[0]).toEqual({
      date: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
      firm: 'Morgan Stanley',
      action: 'maintain',
      previousGrade: 'Overweight',
      newGrade: 'Overweight',
    });
    const dates = recentGrades.map((grade: { date: string }) => grade.date);
    expect(dates).toEqual([...dates].sort().reverse());
    await expectCachedSecondTime('/ratings/AAPL', 3);
  });

  it('a fund has no analyst ratings: nulls and an empty list, not a 404', async () => {
    const response = await get('/ratings/SPY');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ symbol: 'SPY', consensus: null, priceTarget: null, recentGrades: [] });
  });
});

describe('GET /api/v1/finance/filings/:symbol', () => {
  it('SEC filings of the last half year, newest first, with links to EDGAR', async () => {
    const response = await get('/filings/MSFT');
    expect(response.status).toBe(200);
    const to = newYorkToday(Date.now());
    const from = shiftDate(to, { days: -180 });
    expect(response.body).toMatchObject({ symbol: 'MSFT', from, to });
    const { filings } = response.body;
    expect(filings.length).toBeGreaterThan(5);
    expect(filings[0]).toEqual({
      formType: expect.stringMatching(/^(4|8-K|10-Q|10-K)$/),
      filedAt: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
      acceptedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT2[01]:30:\d\d\.000Z$/),
      url: expect.stringMatching(/^https:\/\/www\.sec\.gov\/Archives\/edgar\/data\/789019\/.+\.htm$/),
      indexUrl: expect.stringMatching(/-index\.htm$/),
      cik: '0000789019',
    });
    const accepted = filings.map((filing: { acceptedAt: string }) => filing.acceptedAt);
    expect(accepted).toEqual([...accepted].sort().reverse());
    expect(filings.map((filing: { formType: string }) => filing.formType)).toContain('8-K');
    expect(svc.fmp.calls[0]).toMatchObject({
      path: '/stable/sec-filings-search/symbol',
      query: { symbol: 'MSFT', from, to, page: '0', limit: '100' },
    });
    await expectCachedSecondTime('/filings/MSFT', 1);
  });

  it('an index has no filings: an empty list; an unknown symbol is 404', async () => {
    expect((await get('/filings/%5EGSPC')).body.filings).toEqual([]);
    expectError(await get('/filings/NOPE'), 404, 'not_found');
  });
});

describe('GET /api/v1/finance/etf/:symbol/holdings', () => {
  it('what the fund holds, largest weight first', async () => {
    const response = await get('/etf/SPY/holdings');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ symbol: 'SPY', total: 10, updatedAt: '2025-01-17T13:02:48.000Z' });
    expect(response.body.holdings[0]).toEqual({
      symbol: 'AAPL',
      name: 'APPLE INC',
      weightPercent: 7.02,
      shares: expect.any(Number),
      marketValue: expect.any(Number),
      isin: expect.any(String),
      cusip: expect.any(String),
    });
    const weights = response.body.holdings.map((holding: { weightPercent: number }) => holding.weightPercent);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    await expectCachedSecondTime('/etf/SPY/holdings', 1);
  });

  it('a stock holds nothing (empty list); an unknown symbol is 404', async () => {
    expect((await get('/etf/AAPL/holdings')).body).toMatchObject({ total: 0, holdings: [] });
    expectError(await get('/etf/NOPE/holdings'), 404, 'not_found');
  });
});

describe('GET /api/v1/finance/profile/:symbol', () => {
  it('the company card, with numbers as numbers', async () => {
    const response = await get('/profile/AAPL');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      symbol: 'AAPL',
      name: 'Apple Inc.',
      exchange: 'NASDAQ',
      exchangeName: 'NASDAQ Global Select',
      currency: 'USD',
      sector: 'Technology',
      industry: 'Consumer Electronics',
      country: 'US',
      ceo: 'Jane Example',
      employees: 164000,
      isEtf: false,
      identifiers: { cik: '0000320193' },
      contact: { city: 'Cupertino', state: 'CA' },
    });
    const price = FMP_SECURITIES.AAPL?.price as number;
    expect(response.body.yearRange.low).toBeCloseTo(price * 0.72, 1);
    expect(response.body.yearRange.high).toBeCloseTo(price * 1.18, 1);
    expect(response.body).not.toHaveProperty('companyName');
    await expectCachedSecondTime('/profile/AAPL', 1);
  });

  it('a fund’s profile says so; an index or unknown symbol has none (404)', async () => {
    expect((await get('/profile/QQQ')).body).toMatchObject({ isEtf: true, ceo: null, employees: null });
    expectError(await get('/profile/%5EGSPC'), 404, 'not_found');
    expectError(await get('/profile/NOPE'), 404, 'not_found');
  });
});
