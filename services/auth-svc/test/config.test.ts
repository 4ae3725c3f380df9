import { ConfigError, loadConfig } from '@perplexica/config';
import { describe, expect, it } from 'vitest';
import { authConfigSchema } from '../src/config.ts';

describe('auth-svc configuration', () => {
  it('names every missing variable at once and refuses to run in production without a signing key', () => {
    try {
      loadConfig(authConfigSchema, { NODE_ENV: 'production' });
      expect.unreachable('config without variables must not load');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      for (const name of ['POSTGRES_URL', 'REDIS_URL', 'SERVICE_TOKEN']) expect(message).toContain(name);
    }
    const base = {
      NODE_ENV: 'production',
      POSTGRES_URL: 'postgres://x@db/perplexica',
      REDIS_URL: 'redis://redis:6379',
      SERVICE_TOKEN: 'a-long-enough-service-token-value',
    };
    expect(() => loadConfig(authConfigSchema, base)).toThrow(/JWT_PRIVATE_KEY/);
    expect(
      loadConfig(authConfigSchema, { ...base, NODE_ENV: 'development' }).JWT_PRIVATE_KEY,
    ).toBeUndefined();
  });
});
