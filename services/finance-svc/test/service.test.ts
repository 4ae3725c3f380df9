import { ConfigError, loadConfig } from '@perplexica/config';
import { generateSigningKeyPair } from '@perplexica/testing';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WARM_SYMBOLS, financeConfigSchema } from '../src/config.ts';
import { call, expectError, startFinanceService } from './harness.ts';

const required = () => ({
  REDIS_URL: 'redis://redis:6379',
  SERVICE_TOKEN: 'a-long-enough-service-token-value',
  JWT_PUBLIC_KEY: generateSigningKeyPair().publicKeyPem,
});

describe('finance-svc configuration', () => {
  it('names every missing variable at once; FMP_API_KEY is not among them', () => {
    try {
      loadConfig(financeConfigSchema, { NODE_ENV: 'production' });
      expect.unreachable('config without variables must not load');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      for (const name of ['REDIS_URL', 'SERVICE_TOKEN', 'JWT_PUBLIC_KEY']) expect(message).toContain(name);
      expect(message).not.toContain('FMP_API_KEY');
    }
  });

  it('defaults: port 3003, its Redis prefix, FMP’s public URL, 8 s timeout, a warm list of indices and tickers', () => {
    const config = loadConfig(financeConfigSchema, { ...required(), FMP_API_KEY: '' });
    expect(config).toMatchObject({
      PORT: 3003,
      REDIS_KEY_PREFIX: 'perplexica:finance:',
      FMP_BASE_URL: 'https://financialmodelingprep.com',
      FMP_TIMEOUT_MS: 8_000,
    });
    expect(config.FMP_API_KEY).toBeUndefined(); // "FMP_API_KEY=" in a ConfigMap means off
    expect(config.FINANCE_WARM_SYMBOLS).toEqual(DEFAULT_WARM_SYMBOLS.split(','));
    expect(config.FINANCE_WARM_SYMBOLS).toContain('^GSPC');
  });

  it('warm symbols are checked like request symbols, upper-cased and deduplicated', () => {
    const config = loadConfig(financeConfigSchema, {
      ...required(),
      FINANCE_WARM_SYMBOLS: ' aapl, AAPL ,^vix,',
    });
    expect(config.FINANCE_WARM_SYMBOLS).toEqual(['AAPL', '^VIX']);
    try {
      loadConfig(financeConfigSchema, { ...required(), FINANCE_WARM_SYMBOLS: 'AAPL,not a symbol' });
      expect.unreachable('a bad warm symbol must not load');
    } catch (error) {
      expect((error as ConfigError).message).toContain('FINANCE_WARM_SYMBOLS');
    }
  });

  it('FMP_BASE_URL must be an http(s) URL and FMP_TIMEOUT_MS a positive number', () => {
    expect(() => loadConfig(financeConfigSchema, { ...required(), FMP_BASE_URL: 'ftp://fmp' })).toThrow(
      /FMP_BASE_URL/,
    );
    expect(() => loadConfig(financeConfigSchema, { ...required(), FMP_TIMEOUT_MS: '0' })).toThrow(
      /FMP_TIMEOUT_MS/,
    );
  });
});

describe('probes and limits', () => {
  it('is alive, ready with Redis, and exposes metrics', async () => {
    const svc = await startFinanceService();
    try {
      expect((await call(`${svc.url}/health`)).status).toBe(200);
      expect((await call(`${svc.url}/ready`)).status).toBe(200);
      const metrics = await fetch(`${svc.url}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('http_request_duration_seconds');
    } finally {
      await svc.close();
    }
  });

  it('limits each caller (RATE_LIMITS), answering 429 with Retry-After', async () => {
    const svc = await startFinanceService({ env: { RATE_LIMITS: 'default=2/60s' } });
    try {
      const token = await svc.userToken('busy-investor');
      const movers = () => call(`${svc.url}/api/v1/finance/movers`, { token });
      expect((await movers()).status).toBe(200);
      expect((await movers()).status).toBe(200);
      const limited = await movers();
      expectError(limited, 429, 'rate_limited');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      const other = await svc.userToken('another-investor');
      expect((await call(`${svc.url}/api/v1/finance/movers`, { token: other })).status).toBe(200);
    } finally {
      await svc.close();
    }
  });
});
