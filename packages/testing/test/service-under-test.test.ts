import type { Writable } from 'node:stream';
import { jwtEnv, kitEnv, postgresEnv, redisEnv, serviceAuthEnv } from '@perplexica/config';
import { Queue, Worker } from 'bullmq';
import { Hono } from 'hono';
import { Redis } from 'ioredis';
import { importSPKI, jwtVerify } from 'jose';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createTestClock,
  freshRedisPrefix,
  generateSigningKeyPair,
  prepareServiceUnderTest,
  TEST_SERVICE_TOKEN,
  testPostgresUrl,
  testRedisUrl,
  waitForQueueIdle,
} from '../src/index.ts';

// The kit's constructors live in @perplexica/db, redis and observability, which test themselves
// with this package; here they are small real stand-ins over the same Postgres and Redis.
const demoConfigSchema = z.object({
  ...kitEnv(3999),
  ...postgresEnv,
  ...redisEnv,
  ...serviceAuthEnv,
  ...jwtEnv,
  DB_SCHEMA: z.string().default('demo'),
  REDIS_KEY_PREFIX: z.string().default('perplexica:demo:'),
  GREETING: z.string().default('hello'),
});
const redisOnlyConfigSchema = demoConfigSchema.omit({
  POSTGRES_URL: true,
  POSTGRES_POOL_MAX: true,
  DB_SCHEMA: true,
});

function createLogger({
  service,
  level,
  destination,
}: {
  service: string;
  level: string;
  destination: Writable;
}) {
  return {
    level,
    info: (message: string) => destination.write(`${JSON.stringify({ service, level: 'info', message })}\n`),
  };
}

const createRedis = ({ url, keyPrefix }: { url: string; keyPrefix: string }) =>
  new Redis(url, { keyPrefix, maxRetriesPerRequest: 1 });

const demoDatabase = {
  create: ({ url, schema, poolMax }: { url: string; schema: string; poolMax: number }) => {
    const sql = postgres(url, { max: poolMax, connection: { search_path: schema }, onnotice: () => {} });
    return { db: sql, schema, close: () => sql.end() };
  },
  migrate: async (sql: postgres.Sql, _schema: string, migrations: string[]) => {
    for (const statement of migrations) await sql.unsafe(statement);
  },
  migrations: ['create table notes (id int primary key, body text not null)'],
};

const admin = postgres(testPostgresUrl, { max: 1, onnotice: () => {} });
const redis = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
afterAll(async () => {
  await admin.end();
  redis.disconnect();
});
const schemaExists = async (name: string) =>
  (await admin`select 1 from information_schema.schemata where schema_name = ${name}`).length === 1;

describe('prepareServiceUnderTest', () => {
  it("parses the service's config, migrates its fresh schema, serves its app and closes everything in order", async () => {
    const prepared = await prepareServiceUnderTest({
      service: 'demo-svc',
      configSchema: demoConfigSchema,
      createLogger,
      createRedis,
      database: demoDatabase,
      env: { LOG_LEVEL: 'warn', GREETING: 'hi', AUTH_SERVICE_URL: '' },
    });
    const { config, database } = prepared;
    // The kit's variables point at the fresh schema and prefix; env wins over the defaults, and an
    // empty value counts as unset.
    expect(config.NODE_ENV).toBe('test');
    expect(config.LOG_LEVEL).toBe('warn');
    expect(config.GREETING).toBe('hi');
    expect(config.AUTH_SERVICE_URL).toBe('http://127.0.0.1:3100');
    expect(config.SERVICE_TOKEN).toBe(TEST_SERVICE_TOKEN);
    expect(config.DB_SCHEMA).toMatch(/^t_demo_[0-9a-f]{8}$/);
    expect(config.REDIS_KEY_PREFIX).toMatch(/^test:demo:[0-9a-f]{8}:$/);
    expect(config.JWT_PUBLIC_KEY).toBe(prepared.keys.publicKeyPem.trim());
    expect(prepared.deps).toEqual({ config, logger: prepared.logger, database, redis: prepared.redis });
    expect(prepared.logger.level).toBe('warn');

    // The migrations ran in the service's own schema.
    await database.db`insert into notes (id, body) values (1, 'first')`;
    const [row] = await admin.unsafe(`select body from "${config.DB_SCHEMA}".notes`);
    expect(row?.body).toBe('first');

    // Tokens are signed with the key pair the config trusts.
    const token = await prepared.token('user-1', { orgId: 'org-1', role: 'admin' });
    const { payload } = await jwtVerify(token, await importSPKI(config.JWT_PUBLIC_KEY, 'EdDSA'));
    expect(payload).toMatchObject({ sub: 'user-1', org: 'org-1', role: 'admin', typ: 'access' });

    const app = new Hono().get('/', async (c) => {
      prepared.logger.info('served');
      await prepared.redis.set('visited', '1');
      return c.text(config.GREETING);
    });
    const steps: string[] = [];
    const served = await prepared.serve(app, {
      async close() {
        // The server is already closed; the database still answers.
        steps.push(
          await fetch(served.url).then(
            () => 'server open',
            () => 'server closed',
          ),
        );
        const [{ n }] = (await database.db`select count(*)::int as n from notes`) as [{ n: number }];
        steps.push(`database open (${n} note)`);
      },
    });
    expect(served.url).toBe(served.listening.url);
    expect(await (await fetch(served.url)).text()).toBe('hi');
    expect(prepared.logs.lines()).toEqual([{ service: 'demo-svc', level: 'info', message: 'served' }]);
    expect(await redis.get(`${config.REDIS_KEY_PREFIX}visited`)).toBe('1');

    await served.close();
    expect(steps).toEqual(['server closed', 'database open (1 note)']);
    expect(await schemaExists(config.DB_SCHEMA)).toBe(false);
    expect(await redis.keys(`${config.REDIS_KEY_PREFIX}*`)).toEqual([]);
    expect(prepared.redis.status).toBe('end');
  });

  it('trusts a key pair a test shares between services, and listens on a port chosen earlier', async () => {
    const keys = generateSigningKeyPair();
    const prepared = await prepareServiceUnderTest({
      service: 'demo-svc',
      configSchema: demoConfigSchema,
      createLogger,
      createRedis,
      database: demoDatabase,
      keys,
    });
    expect(prepared.keys).toBe(keys);
    expect(prepared.config.JWT_PUBLIC_KEY).toBe(keys.publicKeyPem.trim());
    const first = await prepared.serve(new Hono().get('/', (c) => c.text('first')));
    const port = first.listening.port;
    await first.listening.close();
    const again = await prepared.serve(
      new Hono().get('/', (c) => c.text('again')),
      { port },
    );
    try {
      expect(again.url).toBe(`http://127.0.0.1:${port}`);
      expect(await (await fetch(again.url)).text()).toBe('again');
    } finally {
      await again.close();
    }
  });

  it('makes no schema and no database for a service without Postgres', async () => {
    const prepared = await prepareServiceUnderTest({
      service: 'demo-svc',
      configSchema: redisOnlyConfigSchema,
      createLogger,
      createRedis,
    });
    expect('database' in prepared.deps).toBe(false);
    expect(prepared.config).not.toHaveProperty('DB_SCHEMA');
    const served = await prepared.serve(new Hono().get('/', (c) => c.text(prepared.config.GREETING)));
    expect(await (await fetch(served.url)).text()).toBe('hello');
    await served.close();
    expect(prepared.redis.status).toBe('end');
  });

  it('fails with the config problems when the env does not satisfy the schema', async () => {
    await expect(
      prepareServiceUnderTest({
        service: 'demo-svc',
        configSchema: redisOnlyConfigSchema,
        createLogger,
        createRedis,
        env: { SERVICE_TOKEN: 'short' },
      }),
    ).rejects.toThrow(/SERVICE_TOKEN: must be at least 24 characters/);
  });
});

describe('waitForQueueIdle', () => {
  it('waits until a worker has run the queued jobs, and gives up (bounded) while one is still delayed', async () => {
    const prefix = freshRedisPrefix('queue-idle');
    const connection = { url: prefix.url };
    const queue = new Queue('idle-demo', { connection, prefix: `${prefix.prefix}bull` });
    const done: string[] = [];
    const worker = new Worker(
      'idle-demo',
      async (job) => {
        done.push(job.name);
      },
      { connection, prefix: `${prefix.prefix}bull` },
    );
    try {
      await queue.addBulk(
        [{ name: 'one' }, { name: 'two' }, { name: 'three' }].map((job) => ({ ...job, data: {} })),
      );
      await waitForQueueIdle(queue);
      expect(done.sort()).toEqual(['one', 'three', 'two']);

      await queue.add('later', {}, { delay: 3_600_000 });
      await expect(waitForQueueIdle(queue, 200)).rejects.toThrow(
        'queue idle-demo: jobs still pending after 200 ms',
      );
    } finally {
      await worker.close();
      await queue.close();
      await prefix.clear();
    }
  });
});

describe('createTestClock', () => {
  it('runs with real time and moves forward only when the test says', () => {
    const clock = createTestClock();
    const before = Date.now();
    const start = clock.now();
    expect(start).toBeGreaterThanOrEqual(before);
    clock.advance(60_000);
    clock.advance(5_000);
    expect(clock.now()).toBeGreaterThanOrEqual(start + 65_000);
    expect(clock.now()).toBeLessThan(Date.now() + 65_000 + 1);
  });
});
