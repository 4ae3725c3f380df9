import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  eventually,
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

const minute = 60_000;

const backgroundFailures = (key: string) =>
  svc.logs
    .lines()
    .filter((line) => line.msg === 'background refresh failed; serving the stale copy' && line.key === key);

describe('a stale copy keeps the page up while FMP fails', () => {
  it('FMP answering 500: the stale quote is served at once, and the failed renewal is logged', async () => {
    const fresh = await get('/quote/AAPL');
    expect(fresh.status).toBe(200);
    svc.advanceClock(20_000); // quotes are fresh for 15 s
    svc.fmp.setMode('error');
    const stale = await get('/quote/AAPL');
    expect(stale.status).toBe(200);
    expect(stale.headers.get('x-cache')).toBe('stale');
    expect(stale.headers.get('cache-control')).toBe('private, max-age=0');
    // Market data is the same for everyone: fresh copies are marked shared, stale ones never.
    expect(fresh.headers.get('x-shared-cache')).toMatch(/^max-age=[1-9]\d*$/);
    expect(stale.headers.get('x-shared-cache')).toBeNull();
    expect(stale.body).toEqual(fresh.body);
    await eventually(() => backgroundFailures('quote:AAPL').length > 0, 'the failed background refresh');
    expect(backgroundFailures('quote:AAPL')[0]?.reason).toContain('HTTP 500');
    expect((await get('/quote/AAPL')).headers.get('x-cache')).toBe('stale');
  });

  it('FMP hanging: the stale movers are served without waiting for it', async () => {
    expect((await get('/movers')).status).toBe(200);
    svc.advanceClock(2 * minute);
    svc.fmp.setMode('hang');
    const stale = await get('/movers');
    expect(stale.status).toBe(200);
    expect(stale.headers.get('x-cache')).toBe('stale');
    expect(stale.body.gainers.length).toBeGreaterThan(0);
    await eventually(() => backgroundFailures('movers').length > 0, 'the timed-out background refresh');
  });

  it('FMP rate limited: the stale chart is served', async () => {
    expect((await get('/history/NVDA?range=5D')).status).toBe(200);
    svc.advanceClock(6 * minute);
    svc.fmp.setMode('rate_limited');
    const stale = await get('/history/NVDA?range=5D');
    expect(stale.status).toBe(200);
    expect(stale.headers.get('x-cache')).toBe('stale');
  });

  it('a copy older than its stale window is not served: the failure shows', async () => {
    expect((await get('/quote/TSLA')).status).toBe(200);
    svc.advanceClock(16 * minute); // quotes may be served stale for 15 min
    svc.fmp.setMode('error');
    expectError(await get('/quote/TSLA'), 502, 'bad_gateway');
  });
});

describe('with nothing cached, FMP’s failure is the answer', () => {
  it('500 → 502 bad_gateway', async () => {
    svc.fmp.setMode('error');
    const response = await get('/profile/MSFT');
    expectError(response, 502, 'bad_gateway');
    expect(response.body.error.message).toBe(
      'Financial Modeling Prep failed (HTTP 500): Internal Server Error',
    );
  });

  it('no answer within FMP_TIMEOUT_MS → 504 gateway_timeout', async () => {
    svc.fmp.setMode('hang');
    const response = await get('/ratings/MSFT');
    expectError(response, 504, 'gateway_timeout');
    expect(response.body.error.message).toBe('Financial Modeling Prep did not answer within 300 ms');
  });

  it('429 → 502 saying the rate limit was reached', async () => {
    svc.fmp.setMode('rate_limited');
    const response = await get('/sectors');
    expectError(response, 502, 'bad_gateway');
    expect(response.body.error.message).toMatch(/rate limit reached \(HTTP 429\)/);
  });

  it('a failure is not cached: the next request after FMP recovers succeeds', async () => {
    svc.fmp.setMode('error');
    expectError(await get('/filings/NVDA'), 502, 'bad_gateway');
    svc.fmp.setMode('ok');
    const recovered = await get('/filings/NVDA');
    expect(recovered.status).toBe(200);
    expect(recovered.headers.get('x-cache')).toBe('miss');
  });
});

describe('a key FMP rejects', () => {
  it('is a 502 telling the operator to check FMP_API_KEY, and the key shows nowhere', async () => {
    const wrong = await startFinanceService({ env: { FMP_API_KEY: 'wrong-key-but-still-a-secret-42' } });
    try {
      const response = await financeClient(wrong, await wrong.userToken())('/quote/AAPL');
      expectError(response, 502, 'bad_gateway');
      expect(response.body.error.message).toBe(
        'Financial Modeling Prep rejected the API key (HTTP 401): check FMP_API_KEY',
      );
      expect(JSON.stringify(response.body)).not.toContain('wrong-key-but-still-a-secret-42');
      expect(wrong.fmp.calls[0]?.query.apikey).toBe('wrong-key-but-still-a-secret-42');
      expect(wrong.logs.text()).toContain('FMP call failed');
      expect(wrong.logs.text()).not.toContain('wrong-key-but-still-a-secret-42');
    } finally {
      await wrong.close();
    }
  });
});

describe('logs', () => {
  it('name the FMP endpoint of each call, never the key (nor the URL that carries it)', async () => {
    await get('/quote/%5EIXIC');
    await get('/etf/QQQ/holdings');
    const calls = svc.logs.lines().filter((line) => line.msg === 'FMP call');
    expect(calls.map((line) => line.fmpEndpoint)).toEqual(expect.arrayContaining(['quote', 'etf/holdings']));
    expect(svc.logs.text()).not.toContain(FMP_KEY);
    expect(svc.logs.text()).not.toContain('apikey=');
  });
});
