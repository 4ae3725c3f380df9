import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort, portIsFree, redisAnswers } from '../src/index.ts';

const testRedisPort = Number(new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379').port || 6379);

describe('ports and probes', () => {
  it('finds a free port, and tells a taken one from a free one', async () => {
    const port = await freePort();
    expect(await portIsFree(port)).toBe(true);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      expect(await portIsFree(port)).toBe(false);
      // Something listens there, but it is no Redis.
      expect(await redisAnswers(port)).toBe(false);
    } finally {
      server.close();
    }
  });

  it('knows a Redis when one answers, and nothing where nothing listens', async () => {
    expect(await redisAnswers(testRedisPort)).toBe(true);
    expect(await redisAnswers(await freePort())).toBe(false);
  });
});
