import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  callJson,
  type DedicatedServer,
  startDedicatedPostgres,
  startDedicatedRedis,
} from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, freePortOffset, type LaunchedStack, launchStack, servicePid } from './launch.ts';

// The stack on a Postgres and a Redis this test owns, so it can stop and start them under it.
let postgres: DedicatedServer;
let redis: DedicatedServer;
let stack: LaunchedStack;
let dataDir: string;
let token: string;

const password = 'a long enough passphrase 42';

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startDedicatedPostgres(), startDedicatedRedis()]);
  dataDir = await mkdtemp(join(tmpdir(), 'perplexica-resilience-'));
  stack = await launchStack({
    PERPLEXICA_DATA_DIR: dataDir,
    // The browser tests build and open the web app; these do not need it.
    PERPLEXICA_SKIP_WEB_BUILD: 'true',
    PERPLEXICA_PORT_OFFSET: String(await freePortOffset()),
    POSTGRES_URL: postgres.url,
    REDIS_URL: redis.url,
  });
  const signup = await callJson(`${stack.url}/api/v1/auth/signup`, {
    body: { email: 'steady@example.com', password },
  });
  token = signup.body.accessToken;
});
afterAll(async () => {
  await stack?.interrupt();
  await Promise.allSettled([postgres?.destroy(), redis?.destroy()]);
  await rm(dataDir, { recursive: true, force: true });
});

const status = (path: string, init: { token?: string; body?: unknown } = {}) =>
  callJson(`${stack.url}${path}`, init).then(
    (response) => response,
    () => ({ status: 0, body: null, headers: new Headers() }),
  );

describe('a dependency going away and coming back', () => {
  it('Postgres down: /ready fails and requests get a clear 503; back up: everything heals, no restart', async () => {
    const pids = () =>
      ['library-svc', 'auth-svc', 'chat-svc'].map((name) => servicePid(stack.child.pid as number, name));
    const before = pids();
    expect(before.every((pid) => pid !== undefined)).toBe(true);
    expect((await status('/api/v1/library/threads', { token })).status).toBe(200);

    await postgres.stop();
    expect(await eventually(async () => (await status('/ready')).status === 503)).toBe(true);
    const ready = await status('/ready');
    expect(JSON.stringify(ready.body)).toContain('library-svc');
    expect(
      await eventually(async () => {
        const response = await status('/api/v1/library/threads', { token });
        return response.status === 503 && response.body?.error?.code === 'unavailable';
      }),
    ).toBe(true);

    await postgres.start();
    expect(await eventually(async () => (await status('/ready')).status === 200, 30_000)).toBe(true);
    expect(
      await eventually(async () => (await status('/api/v1/library/threads', { token })).status === 200),
    ).toBe(true);
    // Healed in place: the same processes, nothing restarted.
    expect(pids()).toEqual(before);
    expect(stack.output()).not.toContain('restarting in');
  });

  it('Redis down: /ready fails and sign-in (which needs its throttle) gets a clear 503; back up: heals', async () => {
    const login = () => status('/api/v1/auth/login', { body: { email: 'steady@example.com', password } });
    expect((await login()).status).toBe(200);

    await redis.stop();
    expect(await eventually(async () => (await status('/ready')).status === 503)).toBe(true);
    expect(
      await eventually(async () => {
        const response = await login();
        return response.status === 503 && response.body?.error?.code === 'unavailable';
      }),
    ).toBe(true);

    await redis.start();
    expect(await eventually(async () => (await status('/ready')).status === 200, 30_000)).toBe(true);
    expect(await eventually(async () => (await login()).status === 200)).toBe(true);
    expect(stack.output()).not.toContain('restarting in');
  });
});

describe('a service that crashes', () => {
  it('is reported and restarted with backoff; the gateway answers 503 meanwhile, then it serves again', async () => {
    const before = servicePid(stack.child.pid as number, 'library-svc') as number;
    expect(before).toBeGreaterThan(0);
    process.kill(before, 'SIGKILL');
    await stack.waitForLine(/library-svc exited \(SIGKILL\); restarting in 1\.0 s \(restart 1\)/, 10_000);
    const during = await status('/api/v1/library/threads', { token });
    expect([503, 200]).toContain(during.status);
    expect(
      await eventually(async () => (await status('/api/v1/library/threads', { token })).status === 200),
    ).toBe(true);
    const after = servicePid(stack.child.pid as number, 'library-svc');
    expect(after).toBeGreaterThan(0);
    expect(after).not.toBe(before);
  });
});
