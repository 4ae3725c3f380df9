import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newYorkToday } from '../src/market/market-time.ts';
import { type FinanceServiceUnderTest, financeClient, startFinanceService } from './harness.ts';

let svc: FinanceServiceUnderTest;
let get: ReturnType<typeof financeClient>;
beforeAll(async () => {
  svc = await startFinanceService();
  get = financeClient(svc, await svc.userToken());
});
beforeEach(() => svc.fmp.reset());
afterAll(() => svc?.close());

describe('GET /api/v1/finance/movers', () => {
  it('gainers, losers and most active, normalised, from one cache entry', async () => {
    const response = await get('/movers');
    expect(response.status).toBe(200);
    expect(response.body.gainers[0]).toEqual({
      symbol: 'LUNR',
      name: 'Intuitive Machines, Inc.',
      exchange: 'NASDAQ',
      price: 14.82,
      change: expect.any(Number),
      changePercent: 31.37,
    });
    expect(response.body.losers.every((mover: { changePercent: number }) => mover.changePercent < 0)).toBe(
      true,
    );
    expect(response.body.mostActive.map((mover: { symbol: string }) => mover.symbol)).toEqual([
      'NVDA',
      'TSLA',
      'AAPL',
      'INTC',
    ]);
    for (const endpoint of ['biggest-gainers', 'biggest-losers', 'most-actives']) {
      expect(svc.fmp.requestCount(endpoint)).toBe(1);
    }
    const again = await get('/movers');
    expect(again.headers.get('x-cache')).toBe('fresh');
    expect(svc.fmp.requestCount()).toBe(3);
  });
});

describe('GET /api/v1/finance/sectors', () => {
  it('the latest trading day’s change per sector, averaged over exchanges, best first', async () => {
    const response = await get('/sectors');
    expect(response.status).toBe(200);
    const { date, sectors } = response.body;
    expect(date <= newYorkToday(Date.now())).toBe(true);
    expect([1, 2, 3, 4, 5]).toContain(new Date(`${date}T12:00:00Z`).getUTCDay());
    expect(sectors).toHaveLength(11);
    for (const sector of sectors) {
      expect(sector.exchanges.map((row: { exchange: string }) => row.exchange).sort()).toEqual([
        'AMEX',
        'NASDAQ',
        'NYSE',
      ]);
      const mean =
        sector.exchanges.reduce((sum: number, row: { changePercent: number }) => sum + row.changePercent, 0) /
        3;
      expect(sector.changePercent).toBeCloseTo(mean, 3);
    }
    const changes = sectors.map((sector: { changePercent: number }) => sector.changePercent);
    expect(changes).toEqual([...changes].sort((a, b) => b - a));
    // Weekends and holidays: FMP has nothing for the day, so earlier days are asked, newest first.
    const asked = svc.fmp.calls.map((call) => call.query.date);
    expect(asked[0]).toBe(newYorkToday(Date.now()));
    expect(asked.at(-1)).toBe(date);
    expect((await get('/sectors')).headers.get('x-cache')).toBe('fresh');
    expect(svc.fmp.requestCount('sector-performance-snapshot')).toBe(asked.length);
  });
});
