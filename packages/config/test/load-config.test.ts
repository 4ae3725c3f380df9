import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, kitEnv, loadConfig, postgresEnv, redisEnv } from '../src/index.ts';

const schema = z.object({ ...kitEnv(3001), ...postgresEnv, ...redisEnv });

describe('loadConfig', () => {
  it('applies defaults and coerces numbers', () => {
    const config = loadConfig(schema, {
      POSTGRES_URL: 'postgres://localhost/db',
      REDIS_URL: 'redis://localhost:6379',
    });
    expect(config.PORT).toBe(3001);
    expect(config.BODY_LIMIT_BYTES).toBe(1_048_576);
    expect(config.TRUST_PROXY).toBe(false);
  });

  it('names every missing or bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig(schema, { PORT: 'abc', REDIS_URL: 'http://nope', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('POSTGRES_URL: is required but not set');
    expect(problems).toMatch(/REDIS_URL: must be a URL starting with redis:\/\//);
    expect(problems).toMatch(/PORT:/);
    expect(problems).toMatch(/LOG_LEVEL:/);
    expect((error as ConfigError).problems).toHaveLength(4);
  });

  it('treats empty strings as unset so defaults apply', () => {
    const config = loadConfig(schema, {
      POSTGRES_URL: 'postgres://localhost/db',
      REDIS_URL: 'redis://localhost:6379',
      PORT: '',
    });
    expect(config.PORT).toBe(3001);
  });
});
