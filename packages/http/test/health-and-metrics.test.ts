import { type ListeningApp, listen } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthStateOf } from '../src/index.ts';
import { type DemoApp, demoApp, expectError } from './support.ts';

let demo: DemoApp;
let server: ListeningApp;
const dependency = { postgresUp: true, redisUp: true };

beforeAll(async () => {
  demo = demoApp({
    readiness: {
      postgres: async () => {
        if (!dependency.postgresUp) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      },
      redis: async () => {
        if (!dependency.redisUp) throw new Error('Connection is closed.');
      },
    },
  });
  server = await listen(demo.app);
});
afterAll(() => server.close());

describe('/health', () => {
  it('answers 200 while the process is alive, whatever the dependencies do', async () => {
    dependency.postgresUp = false;
    const response = await fetch(`${server.url}/health`);
    dependency.postgresUp = true;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

describe('/ready', () => {
  it('answers 200 with every check when all dependencies answer', async () => {
    const response = await fetch(`${server.url}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', checks: { postgres: 'ok', redis: 'ok' } });
  });

  it('answers 503 naming the failing dependency and why', async () => {
    dependency.redisUp = false;
    try {
      const error = await expectError(await fetch(`${server.url}/ready`), 503, 'unavailable');
      expect(error.message).toBe('Not ready: redis not answering');
      expect(error.details).toEqual({ postgres: 'ok', redis: 'Connection is closed.' });
    } finally {
      dependency.redisUp = true;
    }
    expect((await fetch(`${server.url}/ready`)).status).toBe(200);
  });

  it('treats a check that hangs as failing, within a bounded time', async () => {
    const hanging = demoApp({ readiness: { search: () => new Promise(() => {}) } });
    const started = Date.now();
    const error = await expectError(await hanging.app.request('/ready'), 503, 'unavailable');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.details).toEqual({ search: 'no answer within 2000 ms' });
  });

  it('answers 503 once the service is shutting down', async () => {
    const draining = demoApp({ readiness: {} });
    expect((await draining.app.request('/ready')).status).toBe(200);
    healthStateOf(draining.app)!.shuttingDown = true;
    const error = await expectError(await draining.app.request('/ready'), 503, 'unavailable');
    expect(error.message).toBe('Shutting down');
    expect((await draining.app.request('/health')).status).toBe(200);
  });
});

describe('/metrics', () => {
  it('exposes the request-duration histogram by route pattern and status, plus process metrics', async () => {
    for (const id of ['1', '2', '3']) await fetch(`${server.url}/items/${id}`);
    await fetch(`${server.url}/items/oops`);
    await fetch(`${server.url}/boom`);
    await fetch(`${server.url}/not/a/route/77`);

    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();

    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    const count = (labels: Record<string, string>) =>
      samples(text, 'http_request_duration_seconds_count', labels);
    const service = 'demo-svc';
    expect(count({ service, method: 'GET', route: '/items/:id', status: '200' })).toBe(3);
    expect(count({ service, method: 'GET', route: '/items/:id', status: '400' })).toBe(1);
    expect(count({ service, method: 'GET', route: '/boom', status: '500' })).toBe(1);
    expect(count({ service, method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    expect(
      samples(text, 'http_request_duration_seconds_bucket', {
        le: '+Inf',
        route: '/items/:id',
        status: '200',
      }),
    ).toBe(3);
    // Raw paths never become label values.
    expect(text).not.toContain('/not/a/route/77');
    expect(text).not.toContain('/items/1"');

    for (const processMetric of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(text).toContain(`# TYPE ${processMetric} `);
    }
  });

  it('keeps one registry per app, so two apps in one process do not clash', async () => {
    const other = demoApp();
    await other.app.request('/items/1');
    const otherText = await (await other.app.request('/metrics')).text();
    expect(samples(otherText, 'http_request_duration_seconds_count', { route: '/items/:id' })).toBe(1);
  });
});

/** Sums the samples of a metric whose labels include the given ones (label order does not matter). */
function samples(text: string, metric: string, labels: Record<string, string>): number | null {
  let total: number | null = null;
  for (const line of text.split('\n')) {
    const match = /^(\w+)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== metric) continue;
    const found = Object.fromEntries(
      [...(match[2] as string).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => found[key] === value))
      total = (total ?? 0) + Number(match[3]);
  }
  return total;
}
