import { ConfigError, loadConfig } from '@perplexica/config';
import { generateSigningKeyPair } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectsConfigSchema } from '../src/config.ts';
import { call, type ProjectsStack, projectsClient, startProjectsStack } from './harness.ts';

describe('projects-svc configuration', () => {
  it('names every missing variable at once', () => {
    try {
      loadConfig(projectsConfigSchema, { NODE_ENV: 'production' });
      expect.unreachable('config without variables must not load');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      for (const name of ['POSTGRES_URL', 'REDIS_URL', 'SERVICE_TOKEN', 'JWT_PUBLIC_KEY']) {
        expect(message).toContain(name);
      }
    }
  });

  const required = () => ({
    POSTGRES_URL: 'postgres://x@db/perplexica',
    REDIS_URL: 'redis://redis:6379',
    SERVICE_TOKEN: 'a-long-enough-service-token-value',
    JWT_PUBLIC_KEY: generateSigningKeyPair().publicKeyPem,
  });

  it('defaults to port 3006, schema "projects", and the neighbours on their local ports', () => {
    const config = loadConfig(projectsConfigSchema, required());
    expect(config).toMatchObject({
      PORT: 3006,
      DB_SCHEMA: 'projects',
      REDIS_KEY_PREFIX: 'perplexica:projects:',
      UPLOAD_SERVICE_URL: 'http://127.0.0.1:3007',
      LIBRARY_SERVICE_URL: 'http://127.0.0.1:3009',
      SEARCH_SERVICE_URL: 'http://127.0.0.1:3001',
      RUN_WORKER: true,
      CONNECTOR_MAX_PAGES: 200,
      SITEMAP_MAX_DEPTH: 2,
    });
  });

  it('refuses bad values with their names', () => {
    expect(() => loadConfig(projectsConfigSchema, { ...required(), UPLOAD_SERVICE_URL: 'ftp://x' })).toThrow(
      /UPLOAD_SERVICE_URL/,
    );
    expect(() => loadConfig(projectsConfigSchema, { ...required(), CONNECTOR_MAX_CHARS: '500000' })).toThrow(
      /CONNECTOR_MAX_CHARS/,
    );
    expect(() => loadConfig(projectsConfigSchema, { ...required(), SITEMAP_MAX_DEPTH: '9' })).toThrow(
      /SITEMAP_MAX_DEPTH/,
    );
  });
});

describe('probes and schedules', () => {
  let stack: ProjectsStack;
  beforeAll(async () => {
    stack = await startProjectsStack();
  });
  afterAll(() => stack?.close());

  it('is alive, ready when Postgres and Redis answer, and serves metrics', async () => {
    expect((await call(`${stack.url}/health`)).status).toBe(200);
    const ready = await call(`${stack.url}/ready`);
    expect(ready.status).toBe(200);
    const metrics = await fetch(`${stack.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('http_request');
  });

  it('unknown routes are 404 in the one error shape', async () => {
    const response = await call(`${stack.url}/api/v1/projects-nothing`);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });

  it('a worker starting up puts back the schedules Redis lost, and drops orphaned ones', async () => {
    await stack.reconciled;
    const alice = projectsClient(stack.url, await stack.token('alice'));
    const spaceId = (await alice.createSpace({ name: 'Schedules' })).body.space.id;
    const connector = (
      await alice.createConnector({
        spaceId,
        type: 'rss',
        url: 'https://lab.example/feed.xml',
        schedule: { intervalMinutes: 60 },
        enabled: false,
      })
    ).body.connector;
    // Enabled straight in Postgres, as if its schedule had been lost from Redis.
    await stack.database.db
      .updateTable('connectors')
      .set({ enabled: true })
      .where('id', '=', connector.id)
      .execute();
    const orphan = crypto.randomUUID();
    await stack.syncs.schedule({ id: orphan, intervalMinutes: 30, enabled: true });
    expect(await stack.syncs.scheduleOf(connector.id)).toBeNull();

    await stack.startWorker().reconciled;
    expect((await stack.syncs.scheduleOf(connector.id))?.everyMs).toBe(60 * 60_000);
    expect(await stack.syncs.scheduleOf(orphan)).toBeNull();
  });
});

describe('rate limits', () => {
  let stack: ProjectsStack;
  beforeAll(async () => {
    stack = await startProjectsStack({ env: { RATE_LIMITS: 'default=4/60s,sync=1/60s,shared=2/60s' } });
  });
  afterAll(() => stack?.close());

  it('counts each request once per caller, answers 429 with Retry-After past the limit', async () => {
    const alice = projectsClient(stack.url, await stack.token('alice'));
    const first = await alice.listSpaces();
    expect(first.headers.get('ratelimit-remaining')).toBe('3');
    await alice.listSpaces();
    await alice.getSpace(crypto.randomUUID());
    expect((await alice.listCollections()).status).toBe(200);
    const limited = await alice.listSpaces();
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another caller has a budget of their own.
    const bob = projectsClient(stack.url, await stack.token('bob'));
    expect((await bob.listSpaces()).status).toBe(200);
  });

  it('limits "sync now" on its own, and anonymous shared reads per IP', async () => {
    const carol = projectsClient(stack.url, await stack.token('carol'));
    const spaceId = (await carol.createSpace({ name: 'Limits' })).body.space.id;
    const connector = (
      await carol.createConnector({
        spaceId,
        type: 'rss',
        url: 'https://lab.example/feed.xml',
        enabled: false,
      })
    ).body.connector;
    expect((await carol.syncConnector(connector.id)).status).toBe(202);
    expect((await carol.syncConnector(connector.id)).status).toBe(429);

    const shared = `${stack.url}/api/v1/collections/shared/${'a'.repeat(22)}`;
    expect((await call(shared)).status).toBe(404);
    expect((await call(shared)).status).toBe(404);
    expect((await call(shared)).status).toBe(429);
  });
});
