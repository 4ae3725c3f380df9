import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  expectError,
  type FinanceServiceUnderTest,
  financeClient,
  refresh,
  startFinanceService,
} from './harness.ts';

let svc: FinanceServiceUnderTest;
let get: ReturnType<typeof financeClient>;
beforeAll(async () => {
  svc = await startFinanceService({ withoutFmpKey: true, env: { FINANCE_WARM_SYMBOLS: '^GSPC,AAPL' } });
  get = financeClient(svc, await svc.userToken());
});
afterAll(() => svc?.close());

describe('without FMP_API_KEY', () => {
  it('every data route answers 503 not_configured naming FMP_API_KEY, and FMP is never called', async () => {
    for (const path of [
      '/quote/AAPL',
      '/history/AAPL?range=1Y',
      '/movers',
      '/sectors',
      '/ratings/AAPL',
      '/filings/AAPL',
      '/etf/SPY/holdings',
      '/profile/AAPL',
    ]) {
      const response = await get(path);
      expectError(response, 503, 'not_configured');
      expect(response.body.error.message).toContain('FMP_API_KEY');
    }
    expect(svc.fmp.requestCount()).toBe(0);
  });

  it('bad input is still a 400, and a missing sign-in still a 401', async () => {
    expectError(await get('/quote/not*a*symbol'), 400, 'validation_failed');
    expectError(await call(`${svc.url}/api/v1/finance/movers`), 401, 'unauthorized');
  });

  it('the service is alive and ready: FMP is not a readiness dependency', async () => {
    expect((await call(`${svc.url}/health`)).status).toBe(200);
    expect((await call(`${svc.url}/ready`)).status).toBe(200);
  });

  it('the refresh route succeeds with every key skipped, so the CronJob does not fail', async () => {
    const response = await refresh(svc, { deadlineMs: 10_000 });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      refreshed: [],
      failed: [],
      skipped: ['movers', 'sectors', 'quote:^GSPC', 'quote:AAPL'],
      durationMs: 0,
      notConfigured: expect.stringContaining('FMP_API_KEY'),
    });
  });
});
