import { createDatabase } from '@perplexica/db';
import {
  type DedicatedServer,
  generateSigningKeyPair,
  signTestAccessToken,
  startDedicatedPostgres,
  startDedicatedRedis,
} from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../src/index.ts';
import { startNotesService } from './notes-service.ts';

// A Postgres and a Redis of our own, so stopping them does not disturb the other test files.
let pg: DedicatedServer;
let redis: DedicatedServer;
let service: RunningService;
let base: string;
const keys = generateSigningKeyPair();

beforeAll(async () => {
  [pg, redis] = await Promise.all([startDedicatedPostgres(), startDedicatedRedis()]);
  service = await startNotesService({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    POSTGRES_URL: pg.url,
    REDIS_URL: redis.url,
    JWT_PUBLIC_KEY: keys.publicKeyPem,
  });
  base = `http://127.0.0.1:${service.port}`;
});

afterAll(async () => {
  await service?.stop();
  await Promise.all([pg?.destroy(), redis?.destroy()]);
});

interface Readiness {
  status: number;
  body: {
    status?: string;
    checks?: Record<string, string>;
    error?: { code: string; details: Record<string, string> };
  };
}

async function ready(): Promise<Readiness> {
  const response = await fetch(`${base}/ready`, { signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: (await response.json()) as Readiness['body'] };
}

/** Polls /ready until it answers `status` (at most 20 s), returning the last answer. */
async function readyBecomes(status: number): Promise<Readiness> {
  const deadline = Date.now() + 20_000;
  let last = await ready();
  while (last.status !== status && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await ready();
  }
  expect(last.status).toBe(status);
  return last;
}

const asUser = async (userId: string) => ({
  authorization: `Bearer ${await signTestAccessToken({ privateKeyPem: keys.privateKeyPem, userId })}`,
});

describe('the ~30-line example service', () => {
  it('migrated its schema at start and serves its authenticated route from Postgres', async () => {
    const direct = createDatabase({ url: pg.url, schema: 'notes', poolMax: 1 });
    await direct.sql`insert into notes (user_id, body) values ('ada', 'first note'), ('grace', 'not yours')`;
    await direct.close();
    const response = await fetch(`${base}/v1/notes`, { headers: await asUser('ada') });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ notes: [{ id: 1, body: 'first note' }] });
    expect((await fetch(`${base}/v1/notes`)).status).toBe(401);
  });

  it('is ready when Postgres and Redis answer', async () => {
    expect(await ready()).toEqual({
      status: 200,
      body: { status: 'ready', checks: { postgres: 'ok', redis: 'ok' } },
    });
  });

  it('goes unready when Postgres stops and ready again when it returns, without a restart', async () => {
    await pg.stop();
    const down = await readyBecomes(503);
    expect(down.body.error?.code).toBe('unavailable');
    expect(down.body.error?.details.redis).toBe('ok');
    expect(down.body.error?.details.postgres).not.toBe('ok');
    // A request that needs the database answers 503 (a dependency outage), not a 500.
    const during = await fetch(`${base}/v1/notes`, { headers: await asUser('ada') });
    expect(during.status).toBe(503);
    expect(((await during.json()) as { error: { code: string } }).error.code).toBe('unavailable');

    await pg.start();
    const up = await readyBecomes(200);
    expect(up.body.checks).toEqual({ postgres: 'ok', redis: 'ok' });
    expect((await fetch(`${base}/v1/notes`, { headers: await asUser('ada') })).status).toBe(200);
  });

  it('goes unready when Redis stops and ready again when it returns, without a restart', async () => {
    const portBefore = service.port;
    await redis.stop();
    const down = await readyBecomes(503);
    expect(down.body.error?.details.postgres).toBe('ok');
    expect(down.body.error?.details.redis).not.toBe('ok');

    await redis.start();
    const up = await readyBecomes(200);
    expect(up.body.checks).toEqual({ postgres: 'ok', redis: 'ok' });
    expect(service.port).toBe(portBefore);
  });
});
