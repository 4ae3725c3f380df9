import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newYorkToday, newYorkToIso, shiftDate } from '../src/market/market-time.ts';
import { expectError, type FinanceServiceUnderTest, financeClient, startFinanceService } from './harness.ts';

let svc: FinanceServiceUnderTest;
let get: ReturnType<typeof financeClient>;
beforeAll(async () => {
  svc = await startFinanceService();
  get = financeClient(svc, await svc.userToken());
});
beforeEach(() => svc.fmp.reset());
afterAll(() => svc?.close());

interface Point {
  time: string;
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number | null;
}

function expectChart(points: Point[]) {
  expect(points.length).toBeGreaterThan(0);
  for (const point of points) {
    expect(point).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/),
      date: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
      open: expect.any(Number),
      high: expect.any(Number),
      low: expect.any(Number),
      close: expect.any(Number),
      volume: expect.any(Number),
    });
  }
  const times = points.map((point) => point.time);
  expect(times).toEqual([...times].sort());
}

const today = () => newYorkToday(Date.now());

describe('GET /api/v1/finance/history/:symbol?range=', () => {
  it('1D: the last trading day in 5-minute bars, oldest first, with the change over the day', async () => {
    const response = await get('/history/AAPL?range=1D');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ symbol: 'AAPL', range: '1D', interval: '5min' });
    const points = response.body.points as Point[];
    expectChart(points);
    expect(new Set(points.map((point) => point.date)).size).toBe(1);
    const first = points[0] as Point;
    const last = points.at(-1) as Point;
    expect(response.body.change.absolute).toBeCloseTo(last.close - first.open, 3);
    expect(response.body.change.percent).toBeCloseTo(((last.close - first.open) / first.open) * 100, 3);
    expect(svc.fmp.calls[0]).toMatchObject({
      path: '/stable/historical-chart/5min',
      query: { symbol: 'AAPL', from: shiftDate(today(), { days: -7 }), to: today() },
    });
  });

  it('1D is the default range', async () => {
    const response = await get('/history/MSFT');
    expect(response.body).toMatchObject({ range: '1D', interval: '5min' });
  });

  it('5D: 30-minute bars of the last five trading days', async () => {
    const response = await get('/history/NVDA?range=5D');
    expect(response.body.interval).toBe('30min');
    expectChart(response.body.points);
    expect(new Set(response.body.points.map((point: Point) => point.date)).size).toBe(5);
    expect(svc.fmp.calls[0]?.path).toBe('/stable/historical-chart/30min');
  });

  it('1M: hourly bars from a month back', async () => {
    const response = await get('/history/AAPL?range=1M');
    expect(response.body.interval).toBe('1hour');
    expectChart(response.body.points);
    expect(svc.fmp.calls[0]).toMatchObject({
      path: '/stable/historical-chart/1hour',
      query: { from: shiftDate(today(), { months: -1 }), to: today() },
    });
  });

  it('6M, YTD, 1Y and 5Y: end-of-day bars stamped with the 16:00 New York close', async () => {
    const froms = {
      '6M': shiftDate(today(), { months: -6 }),
      YTD: `${today().slice(0, 4)}-01-01`,
      '1Y': shiftDate(today(), { years: -1 }),
      '5Y': shiftDate(today(), { years: -5 }),
    };
    for (const [range, from] of Object.entries(froms)) {
      svc.fmp.reset();
      const response = await get(`/history/SPY?range=${range}`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ symbol: 'SPY', range, interval: '1day' });
      expect(svc.fmp.calls[0]).toMatchObject({
        path: '/stable/historical-price-eod/full',
        query: { symbol: 'SPY', from, to: today() },
      });
      if (response.body.points.length === 0) continue; // YTD in the first days of January
      expectChart(response.body.points);
      const last = response.body.points.at(-1) as Point;
      expect(last.time).toBe(newYorkToIso(last.date));
      expect(last.time).toMatch(/T2[01]:00:00\.000Z$/);
    }
  });

  it('the range is case-insensitive; each range is cached on its own', async () => {
    expect((await get('/history/TSLA?range=ytd')).body.range).toBe('YTD');
    expect((await get('/history/TSLA?range=YTD')).headers.get('x-cache')).toBe('fresh');
    expect((await get('/history/TSLA?range=1Y')).headers.get('x-cache')).toBe('miss');
    expect(svc.fmp.requestCount('historical-price-eod/full')).toBe(2);
  });

  it('an unknown symbol is 404 (no bars, and no quote either)', async () => {
    expectError(await get('/history/NOPE?range=5Y'), 404, 'not_found');
    expect(svc.fmp.requestCount('quote')).toBe(1);
  });

  it('a range that is not one of 1D 5D 1M 6M YTD 1Y 5Y is 400 naming query.range', async () => {
    for (const range of ['2D', 'max', '', '1d5d', 'YTD%00']) {
      const response = await get(`/history/AAPL?range=${range}`);
      expectError(response, 400, 'validation_failed');
      expect(response.body.error.details[0].path).toBe('query.range');
    }
    expect(svc.fmp.requestCount()).toBe(0);
  });
});

describe('New York time', () => {
  it('turns FMP’s wall-clock stamps into UTC across daylight-saving changes', () => {
    expect(newYorkToIso('2024-01-15 09:30:00')).toBe('2024-01-15T14:30:00.000Z');
    expect(newYorkToIso('2024-07-01 09:30:00')).toBe('2024-07-01T13:30:00.000Z');
    expect(newYorkToIso('2024-03-10 03:00:00')).toBe('2024-03-10T07:00:00.000Z');
    expect(newYorkToIso('2024-11-04')).toBe('2024-11-04T21:00:00.000Z');
    expect(newYorkToIso('not a date')).toBeNull();
  });

  it('moves dates by calendar months without overflowing short months', () => {
    expect(shiftDate('2024-03-31', { months: -1 })).toBe('2024-02-29');
    expect(shiftDate('2024-01-15', { months: -6 })).toBe('2023-07-15');
    expect(shiftDate('2024-02-29', { years: -1 })).toBe('2023-02-28');
    expect(shiftDate('2024-03-03', { days: -7 })).toBe('2024-02-25');
  });
});
