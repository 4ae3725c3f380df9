import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FinanceServiceUnderTest, financeClient, refresh, startFinanceService } from './harness.ts';

const WARM = ['^GSPC', '^DJI', '^IXIC', 'SPY', 'QQQ', 'AAPL', 'MSFT', 'NVDA'];
const ALL_KEYS = ['movers', 'sectors', ...WARM.map((symbol) => `quote:${symbol}`)];

let svc: FinanceServiceUnderTest;
let get: ReturnType<typeof financeClient>;
beforeAll(async () => {
  svc = await startFinanceService({ env: { FINANCE_WARM_SYMBOLS: WARM.join(', ').toLowerCase() } });
  get = financeClient(svc, await svc.userToken());
});
beforeEach(() => svc.fmp.reset());
afterAll(() => svc?.close());

describe('POST /internal/v1/cache/refresh', () => {
  it('warms movers, sectors and the warm quotes (one batch call), which pages then read fresh', async () => {
    const response = await refresh(svc);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      refreshed: ALL_KEYS,
      failed: [],
      skipped: [],
      durationMs: expect.any(Number),
    });
    expect(svc.fmp.requestCount('batch-quote')).toBe(1);
    expect(svc.fmp.calls.find((call) => call.path === '/stable/batch-quote')?.query.symbols).toBe(
      WARM.join(','),
    );
    expect(svc.fmp.requestCount('quote')).toBe(0);
    const fmpCalls = svc.fmp.requestCount();

    for (const path of ['/quote/AAPL', '/quote/%5EGSPC', '/movers', '/sectors']) {
      const page = await get(path);
      expect(page.status).toBe(200);
      expect(page.headers.get('x-cache'), path).toBe('fresh');
    }
    expect((await get('/quote/NVDA')).body).toMatchObject({ symbol: 'NVDA', name: 'NVIDIA Corporation' });
    expect(svc.fmp.requestCount()).toBe(fmpCalls);
    expect(svc.logs.lines().some((line) => line.msg === 'finance cache refreshed')).toBe(true);
  });

  it('recomputes even fresh entries: the worker’s run is the renewal', async () => {
    await refresh(svc);
    svc.fmp.reset();
    expect((await refresh(svc)).body.refreshed).toEqual(ALL_KEYS);
    expect(svc.fmp.requestCount('batch-quote')).toBe(1);
    expect(svc.fmp.requestCount('biggest-gainers')).toBe(1);
  });

  it('reports each key that failed, with the reason, while FMP is down', async () => {
    svc.fmp.setMode('error');
    const response = await refresh(svc, { deadlineMs: 30_000 });
    expect(response.status).toBe(200);
    expect(response.body.refreshed).toEqual([]);
    expect(response.body.skipped).toEqual([]);
    expect(response.body.failed.map((failure: { key: string }) => failure.key)).toEqual(ALL_KEYS);
    for (const failure of response.body.failed) {
      expect(failure.reason).toBe('Financial Modeling Prep failed (HTTP 500): Internal Server Error');
    }
  });

  it('starts no key once deadlineMs has passed: those are skipped', async () => {
    // Every FMP answer takes 150 ms, the deadline is 50 ms: the first keys started (four run at
    // once) finish, the rest are never started.
    svc.fmp.setLatency(150);
    const response = await refresh(svc, { deadlineMs: 50 });
    expect(response.status).toBe(200);
    const { refreshed, failed, skipped } = response.body;
    expect(failed).toEqual([]);
    expect(refreshed).toEqual(ALL_KEYS.slice(0, 4));
    expect(skipped).toEqual(ALL_KEYS.slice(4));
  });
});

describe('warm symbols FMP’s batch leaves out', () => {
  it('are asked for one by one; one FMP does not know at all is reported as failed', async () => {
    const other = await startFinanceService({ env: { FINANCE_WARM_SYMBOLS: 'AAPL,ZZZZ' } });
    try {
      const response = await refresh(other);
      expect(response.body).toMatchObject({
        refreshed: ['movers', 'sectors', 'quote:AAPL'],
        failed: [{ key: 'quote:ZZZZ', reason: 'Unknown symbol "ZZZZ"' }],
        skipped: [],
      });
      expect(other.fmp.requestCount('batch-quote')).toBe(1);
      expect(
        other.fmp.calls.filter((call) => call.path === '/stable/quote').map((call) => call.query.symbol),
      ).toEqual(['ZZZZ']);
    } finally {
      await other.close();
    }
  });
});
