import { createConnection } from 'node:net';
import { Hono } from 'hono';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import {
  captureLogs,
  freshRedisPrefix,
  freshSchema,
  listen,
  startDedicatedRedis,
  testPostgresUrl,
  testRedisUrl,
} from '../src/index.ts';

const admin = postgres(testPostgresUrl, { max: 1, onnotice: () => {} });
const redis = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
afterAll(async () => {
  await admin.end();
  redis.disconnect();
});

const schemaExists = async (name: string) =>
  (await admin`select 1 from information_schema.schemata where schema_name = ${name}`).length === 1;

describe('freshSchema', () => {
  it('creates a unique empty schema and drops it with everything in it', async () => {
    const [one, two] = await Promise.all([freshSchema('helpers'), freshSchema('helpers')]);
    expect(one.schema).not.toBe(two.schema);
    expect(one.schema).toMatch(/^t_helpers_[0-9a-f]{8}$/);
    await admin.unsafe(`create table "${one.schema}".t (x int)`);
    expect(await schemaExists(one.schema)).toBe(true);
    await one.drop();
    await two.drop();
    expect(await schemaExists(one.schema)).toBe(false);
    expect(await schemaExists(two.schema)).toBe(false);
  });
});

describe('freshRedisPrefix', () => {
  it('clears only its own keys', async () => {
    const mine = freshRedisPrefix('helpers');
    const theirs = freshRedisPrefix('helpers');
    expect(mine.prefix).not.toBe(theirs.prefix);
    for (let i = 0; i < 600; i++) await redis.set(`${mine.prefix}k${i}`, '1');
    await redis.set(`${theirs.prefix}keep`, '1');
    await mine.clear();
    expect(await redis.keys(`${mine.prefix}*`)).toEqual([]);
    expect(await redis.get(`${theirs.prefix}keep`)).toBe('1');
    await theirs.clear();
  });
});

describe('listen and captureLogs', () => {
  it('serves an app on 127.0.0.1 on a free port and closes it', async () => {
    const app = new Hono().get('/', (c) => c.text('hi'));
    const served = await listen(app);
    expect(served.url).toBe(`http://127.0.0.1:${served.port}`);
    expect(await (await fetch(served.url)).text()).toBe('hi');
    await served.close();
    await expect(fetch(served.url)).rejects.toThrow();
  });

  it('captures JSON lines', () => {
    const logs = captureLogs();
    logs.stream.write('{"a":1}\n{"b":2}\n');
    expect(logs.lines()).toEqual([{ a: 1 }, { b: 2 }]);
  });
});

describe('startDedicatedRedis', () => {
  it('starts, stops and restarts a private redis-server on the same port', async () => {
    const server = await startDedicatedRedis();
    const answers = () =>
      new Promise<boolean>((resolve) => {
        const socket = createConnection({ host: '127.0.0.1', port: server.port });
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
    try {
      expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
      expect(await answers()).toBe(true);
      await server.stop();
      expect(await answers()).toBe(false);
      await server.start();
      expect(await answers()).toBe(true);
    } finally {
      await server.destroy();
    }
    expect(await answers()).toBe(false);
  });
});
