import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FMP_INVALID_KEY_MESSAGE, FMP_LIMIT_MESSAGE, FMP_SECTORS } from '../src/fmp.ts';
import { type FakeFmp, FMP_SECURITIES, startFakeFmp } from '../src/index.ts';

const KEY = 'fmp-test-key-0123456789';
let fmp: FakeFmp;
beforeAll(async () => {
  fmp = await startFakeFmp({ apiKey: KEY });
});
afterEach(() => fmp.reset());
afterAll(() => fmp.close());

async function get(
  path: string,
  params: Record<string, string> = {},
  key: string | null = KEY,
): Promise<any> {
  const query = new URLSearchParams({ ...params, ...(key === null ? {} : { apikey: key }) });
  const response = await fetch(`${fmp.url}/stable/${path}?${query}`);
  return { status: response.status, body: await response.json() };
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('authentication, as FMP answers it', () => {
  it('401 {"Error Message"} without a key or with a wrong one; the header form is accepted too', async () => {
    for (const key of [null, 'wrong-key']) {
      const answer = await get('quote', { symbol: 'AAPL' }, key);
      expect(answer).toEqual({ status: 401, body: { 'Error Message': FMP_INVALID_KEY_MESSAGE } });
    }
    const viaHeader = await fetch(`${fmp.url}/stable/quote?symbol=AAPL`, { headers: { apikey: KEY } });
    expect(viaHeader.status).toBe(200);
  });
});

describe('data', () => {
  it('quote: FMP stable fields; an unknown symbol is an empty array', async () => {
    const { status, body } = await get('quote', { symbol: 'AAPL' });
    expect(status).toBe(200);
    expect(body).toHaveLength(1);
    expect(body[0]).toMatchObject({
      symbol: 'AAPL',
      name: 'Apple Inc.',
      price: FMP_SECURITIES.AAPL?.price,
      changePercentage: 1.24,
      exchange: 'NASDAQ',
    });
    for (const field of ['change', 'volume', 'dayLow', 'dayHigh', 'yearHigh', 'yearLow', 'marketCap']) {
      expect(typeof body[0][field]).toBe('number');
    }
    for (const field of ['priceAvg50', 'priceAvg200', 'open', 'previousClose', 'timestamp']) {
      expect(typeof body[0][field]).toBe('number');
    }
    expect((await get('quote', { symbol: 'ZZZZZ' })).body).toEqual([]);
    expect((await get('quote', { symbol: '^GSPC' })).body[0].name).toBe('S&P 500');
    expect((await get('quote')).status).toBe(400);
  });

  it('batch-quote answers the known ones of a comma-separated list', async () => {
    const { body } = await get('batch-quote', { symbols: 'AAPL,NOPE,^GSPC' });
    expect(body.map((q: { symbol: string }) => q.symbol)).toEqual(['AAPL', '^GSPC']);
  });

  it('end-of-day bars: newest first, weekdays only, within from/to', async () => {
    const { body } = await get('historical-price-eod/full', {
      symbol: 'MSFT',
      from: '2024-01-01',
      to: '2024-01-31',
    });
    expect(body).toHaveLength(23);
    expect(body[0]).toMatchObject({ symbol: 'MSFT', date: '2024-01-31' });
    expect(body.at(-1).date).toBe('2024-01-01');
    for (const field of ['open', 'high', 'low', 'close', 'volume', 'change', 'changePercent', 'vwap']) {
      expect(typeof body[0][field]).toBe('number');
    }
    expect((await get('historical-price-eod/full', { symbol: 'NOPE' })).body).toEqual([]);
  });

  it('intraday bars per interval: "YYYY-MM-DD HH:mm:ss" New York time, newest first', async () => {
    const { body } = await get('historical-chart/30min', {
      symbol: 'AAPL',
      from: '2024-03-04',
      to: '2024-03-04',
    });
    expect(body).toHaveLength(13);
    expect(body[0]).toEqual({
      date: '2024-03-04 15:30:00',
      open: expect.any(Number),
      low: expect.any(Number),
      high: expect.any(Number),
      close: expect.any(Number),
      volume: expect.any(Number),
    });
    expect(body.at(-1).date).toBe('2024-03-04 09:30:00');
    expect(
      (await get('historical-chart/5min', { symbol: 'AAPL', from: '2024-03-04', to: '2024-03-04' })).body,
    ).toHaveLength(78);
    expect((await get('historical-chart/2min', { symbol: 'AAPL' })).status).toBe(404);
  });

  it('movers: gainers, losers and most active with changesPercentage', async () => {
    const gainers = (await get('biggest-gainers')).body;
    expect(gainers[0]).toEqual({
      symbol: 'LUNR',
      price: 14.82,
      name: 'Intuitive Machines, Inc.',
      change: expect.any(Number),
      changesPercentage: 31.37,
      exchange: 'NASDAQ',
    });
    expect((await get('biggest-losers')).body.every((m: { change: number }) => m.change < 0)).toBe(true);
    expect((await get('most-actives')).body.length).toBeGreaterThan(0);
  });

  it('sector snapshot: a row per sector and exchange on trading days, none on weekends', async () => {
    const monday = await get('sector-performance-snapshot', { date: '2024-03-04' });
    expect(monday.body).toHaveLength(FMP_SECTORS.length * 3);
    expect(monday.body[0]).toEqual({
      date: '2024-03-04',
      sector: 'Basic Materials',
      exchange: 'NASDAQ',
      averageChange: expect.any(Number),
    });
    expect((await get('sector-performance-snapshot', { date: '2024-03-03' })).body).toEqual([]);
    expect(
      (await get('sector-performance-snapshot', { date: '2024-03-04', exchange: 'NYSE' })).body,
    ).toHaveLength(FMP_SECTORS.length);
    expect((await get('sector-performance-snapshot')).status).toBe(400);
  });

  it('analysts: grades consensus, price targets and grade changes for stocks, empty for funds', async () => {
    expect((await get('grades-consensus', { symbol: 'AAPL' })).body[0]).toEqual({
      symbol: 'AAPL',
      strongBuy: expect.any(Number),
      buy: expect.any(Number),
      hold: expect.any(Number),
      sell: 2,
      strongSell: 0,
      consensus: 'Buy',
    });
    expect((await get('price-target-consensus', { symbol: 'AAPL' })).body[0]).toEqual({
      symbol: 'AAPL',
      targetHigh: expect.any(Number),
      targetLow: expect.any(Number),
      targetConsensus: expect.any(Number),
      targetMedian: expect.any(Number),
    });
    const grades = (await get('grades', { symbol: 'AAPL' })).body;
    expect(Object.keys(grades[0]).sort()).toEqual(
      ['action', 'date', 'gradingCompany', 'newGrade', 'previousGrade', 'symbol'].sort(),
    );
    expect(grades[0].date > grades[1].date).toBe(true);
    expect((await get('grades-consensus', { symbol: 'SPY' })).body).toEqual([]);
  });

  it('SEC filings by symbol need from/to and page with limit', async () => {
    const all = (
      await get('sec-filings-search/symbol', { symbol: 'AAPL', from: '2024-01-01', to: '2024-12-31' })
    ).body;
    expect(all[0]).toEqual({
      symbol: 'AAPL',
      cik: '0000320193',
      filingDate: expect.stringMatching(/^2024-12-\d\d 00:00:00$/),
      acceptedDate: expect.stringMatching(/^2024-12-\d\d \d\d:\d\d:\d\d$/),
      formType: expect.any(String),
      link: expect.stringMatching(/^https:\/\/www\.sec\.gov\//),
      finalLink: expect.stringMatching(/^https:\/\/www\.sec\.gov\//),
    });
    expect(all.map((f: { formType: string }) => f.formType)).toEqual(
      expect.arrayContaining(['10-K', '10-Q', '8-K', '4']),
    );
    const page = await get('sec-filings-search/symbol', {
      symbol: 'AAPL',
      from: '2024-01-01',
      to: '2024-12-31',
      page: '1',
      limit: '5',
    });
    expect(page.body).toEqual(all.slice(5, 10));
    expect((await get('sec-filings-search/symbol', { symbol: 'AAPL' })).status).toBe(400);
  });

  it('ETF holdings for funds, empty for a stock', async () => {
    const spy = (await get('etf/holdings', { symbol: 'SPY' })).body;
    expect(spy[0]).toEqual({
      symbol: 'SPY',
      asset: 'AAPL',
      name: 'APPLE INC',
      isin: expect.any(String),
      securityCusip: expect.any(String),
      sharesNumber: expect.any(Number),
      weightPercentage: 7.02,
      marketValue: expect.any(Number),
      updatedAt: expect.any(String),
      updated: expect.any(String),
    });
    expect((await get('etf/holdings', { symbol: 'AAPL' })).body).toEqual([]);
  });

  it('profile: companyName, exchangeFullName, isEtf and the rest; indices have none', async () => {
    const [profile] = (await get('profile', { symbol: 'SPY' })).body;
    expect(profile).toMatchObject({ symbol: 'SPY', companyName: 'SPDR S&P 500 ETF Trust', isEtf: true });
    for (const field of ['range', 'currency', 'cik', 'exchangeFullName', 'industry', 'website', 'ipoDate']) {
      expect(typeof profile[field]).toBe('string');
    }
    expect((await get('profile', { symbol: '^GSPC' })).body).toEqual([]);
  });

  it('bars follow the real calendar: the last week has intraday bars', async () => {
    const recent = await get('historical-chart/5min', {
      symbol: 'AAPL',
      from: isoDate(Date.now() - 7 * 86_400_000),
    });
    expect(recent.body.length).toBeGreaterThan(0);
  });
});

describe('switches', () => {
  it('error, rate_limited and hang, counted per endpoint; reset restores ok', async () => {
    fmp.setMode('error');
    expect((await get('quote', { symbol: 'AAPL' })).status).toBe(500);
    fmp.setMode('rate_limited');
    expect(await get('quote', { symbol: 'AAPL' })).toEqual({
      status: 429,
      body: { 'Error Message': FMP_LIMIT_MESSAGE },
    });
    fmp.setMode('hang');
    const hung = await fetch(`${fmp.url}/stable/profile?symbol=AAPL&apikey=${KEY}`, {
      signal: AbortSignal.timeout(100),
    }).catch((error: unknown) => error);
    expect(hung).toBeInstanceOf(Error);
    expect(fmp.requestCount('quote')).toBe(2);
    expect(fmp.requestCount('/stable/profile')).toBe(1);
    expect(fmp.requestCount()).toBe(3);
    fmp.reset();
    expect(fmp.requestCount()).toBe(0);
    expect((await get('quote', { symbol: 'AAPL' })).status).toBe(200);
  });
});
