import { ApiError } from '@perplexica/errors';
import { type FakeWebsite, startFakeWebsite } from '@perplexica/fakes';
import { createUndiciFetch } from '@perplexica/http';
import { createLogger } from '@perplexica/observability';
import { captureLogs, freePort } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFmpClient } from '../src/fmp/fmp-client.ts';
import { fmpQuotes } from '../src/fmp/fmp-schemas.ts';

/**
 * The odd answers FMP gives besides the double's modes, served by a plain web server so the real
 * client code (undici, status and body handling) runs against real HTTP.
 */
const KEY = 'client-test-key-9d8c7b6a';
let site: FakeWebsite;
const logs = captureLogs();
const clientFor = (baseUrl: string) =>
  createFmpClient({
    baseUrl,
    apiKey: KEY,
    timeoutMs: 2_000,
    fetch: createUndiciFetch(),
    logger: createLogger({ service: 'finance-svc', level: 'debug', destination: logs.stream }),
  });

beforeAll(async () => {
  site = await startFakeWebsite();
});
afterAll(() => site.close());

const json = (body: unknown, status = 200) => ({
  status,
  contentType: 'application/json',
  body: JSON.stringify(body),
});

async function failure(page: Parameters<FakeWebsite['setPage']>[1]): Promise<ApiError> {
  site.setPage('/stable/quote', page);
  const error = await clientFor(site.url)
    .get('quote', { symbol: 'AAPL' }, fmpQuotes)
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('FMP client', () => {
  it('sends the key as the apikey query parameter to /stable/<endpoint>', async () => {
    site.setPage('/stable/quote', json([]));
    expect(
      await clientFor(`${site.url}/`).get('quote', { symbol: 'AAPL', page: undefined }, fmpQuotes),
    ).toEqual([]);
    const call = site.calls.at(-1);
    expect(call).toMatchObject({ path: '/stable/quote', query: { symbol: 'AAPL', apikey: KEY } });
    expect(call?.query).not.toHaveProperty('page');
  });

  it('a quota message in a 200 body is the rate limit', async () => {
    const error = await failure(json({ 'Error Message': 'Limit Reach . Please upgrade your plan' }));
    expect(error).toMatchObject({ status: 502, code: 'bad_gateway' });
    expect(error.message).toMatch(/rate limit reached/);
  });

  it('an invalid-key message in a 200 body, or a 403, is the key', async () => {
    expect((await failure(json({ 'Error Message': 'Invalid API KEY.' }))).message).toMatch(
      /check FMP_API_KEY/,
    );
    expect((await failure(json({ 'Error Message': 'Forbidden' }, 403))).message).toMatch(/check FMP_API_KEY/);
  });

  it('402 "Premium Query Parameter" (plain text) is the plan', async () => {
    const error = await failure({
      status: 402,
      contentType: 'text/plain',
      body: "Premium Query Parameter: 'Special Endpoint : This value set for 'symbol' is not available'",
    });
    expect(error.message).toMatch(/plan of FMP_API_KEY does not include this data/);
  });

  it('HTML or a JSON object where a list belongs is an unexpected answer', async () => {
    const html = await failure({ status: 200, contentType: 'text/html', body: '<html>maintenance</html>' });
    expect(html.message).toBe('Financial Modeling Prep answered quote with something unexpected');
    const object = await failure(json({ symbol: 'AAPL' }));
    expect(object.message).toBe('Financial Modeling Prep answered quote with something unexpected');
  });

  it('an HTML error page from the CDN is reported by status only', async () => {
    const error = await failure({
      status: 502,
      contentType: 'text/html',
      body: '<html><h1>502 Bad Gateway</h1></html>',
    });
    expect(error.message).toBe('Financial Modeling Prep failed (HTTP 502)');
  });

  it('{} means nothing found; malformed rows are dropped, the good ones kept', async () => {
    site.setPage('/stable/quote', json({}));
    expect(await clientFor(site.url).get('quote', { symbol: 'X' }, fmpQuotes)).toEqual([]);
    site.setPage(
      '/stable/quote',
      json([
        { symbol: 'AAPL', price: 'n/a' },
        { symbol: 'MSFT', price: 410 },
      ]),
    );
    const rows = await clientFor(site.url).get('quote', { symbol: 'X' }, fmpQuotes);
    expect(rows.map((row) => row.symbol)).toEqual(['MSFT']);
    expect(rows[0]?.changePercentage).toBeNull();
  });

  it('FMP text echoed into an error message has the key cut out', async () => {
    const error = await failure(json({ 'Error Message': `Bad request for apikey=${KEY}` }, 400));
    expect(error.message).toBe(
      'Financial Modeling Prep failed (HTTP 400): Bad request for apikey=[redacted]',
    );
  });

  it('nobody listening → 502 naming the socket error, not the URL', async () => {
    const port = await freePort();
    const error = await clientFor(`http://127.0.0.1:${port}`)
      .get('quote', { symbol: 'AAPL' }, fmpQuotes)
      .catch((caught: unknown) => caught as ApiError);
    expect(error).toMatchObject({
      status: 502,
      message: 'Financial Modeling Prep is unreachable (ECONNREFUSED)',
    });
    expect(logs.text()).not.toContain(KEY);
  });
});
