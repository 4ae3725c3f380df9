import { connect } from 'node:net';
import { createLogger } from '@perplexica/observability';
import { captureLogs } from '@perplexica/testing';
import { describe, expect, it } from 'vitest';
import { createServiceApp, runService } from '../src/index.ts';
import { expectError } from './support.ts';

/** Resolves "refused" when nothing accepts TCP connections on the port any more. */
function tryConnect(port: number): Promise<'connected' | 'refused'> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', () => resolve('refused'));
  });
}

describe('runService graceful shutdown', () => {
  it('finishes in-flight requests while /ready fails and new connections are refused, then closes dependencies in order', async () => {
    const logs = captureLogs();
    const logger = createLogger({ service: 'drain-svc', destination: logs.stream });
    const app = createServiceApp({ name: 'drain-svc', logger });
    const events: string[] = [];
    let entered!: () => void;
    const slowStarted = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    app.get('/slow', async (c) => {
      entered();
      await released;
      events.push('slow request finished');
      return c.json({ finished: true });
    });

    const service = await runService({
      name: 'drain-svc',
      app,
      logger,
      port: 0,
      host: '127.0.0.1',
      // Shorter than the client's keep-alive: the drain must not wait for idle connections.
      shutdownTimeoutMs: 2_000,
      onShutdown: [
        async () => {
          events.push('close workers');
        },
        async () => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          events.push('close postgres');
        },
        async () => {
          events.push('close redis');
        },
      ],
    });
    const base = `http://127.0.0.1:${service.port}`;
    expect((await fetch(`${base}/ready`)).status).toBe(200);

    const inFlight = fetch(`${base}/slow`);
    await slowStarted;
    const stopped = service.stop().then(() => events.push('stop resolved'));

    // Draining: readiness fails so the load balancer stops sending traffic...
    await expectError(await app.request('/ready'), 503, 'unavailable');
    // ...and the listener is closed: new connections are refused.
    expect(await tryConnect(service.port)).toBe('refused');
    expect(events).toEqual([]);

    release();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ finished: true });

    await stopped;
    expect(events).toEqual([
      'slow request finished',
      'close workers',
      'close postgres',
      'close redis',
      'stop resolved',
    ]);
    const messages = logs.lines().map((line) => line.msg);
    expect(messages).toEqual(
      expect.arrayContaining(['shutting down: draining in-flight requests', 'stopped']),
    );
    // The kept-alive connection of the finished request was closed, not waited out.
    expect(messages).not.toContain('drain timed out; closing remaining connections');
    // stop() is idempotent: a second SIGTERM does not run the hooks again.
    await service.stop();
    expect(events.filter((event) => event === 'close redis')).toHaveLength(1);
  });

  it('gives up on a request that outlives the shutdown timeout, and still closes dependencies', async () => {
    const logs = captureLogs();
    const logger = createLogger({ service: 'stuck-svc', destination: logs.stream });
    const app = createServiceApp({ name: 'stuck-svc', logger });
    let entered!: () => void;
    const stuckStarted = new Promise<void>((resolve) => {
      entered = resolve;
    });
    app.get('/stuck', async () => {
      entered();
      return new Promise<Response>(() => {});
    });
    const closed: string[] = [];
    const service = await runService({
      name: 'stuck-svc',
      app,
      logger,
      port: 0,
      host: '127.0.0.1',
      shutdownTimeoutMs: 300,
      onShutdown: [
        async () => {
          closed.push('pool');
        },
      ],
    });
    const inFlight = fetch(`http://127.0.0.1:${service.port}/stuck`).then(
      () => 'answered',
      () => 'connection closed',
    );
    await stuckStarted;
    const started = Date.now();
    await service.stop();
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(await inFlight).toBe('connection closed');
    expect(closed).toEqual(['pool']);
    expect(logs.lines().some((line) => line.msg === 'drain timed out; closing remaining connections')).toBe(
      true,
    );
  });

  it('keeps going when one dependency fails to close, logging the error', async () => {
    const logs = captureLogs();
    const logger = createLogger({ service: 'messy-svc', destination: logs.stream });
    const closed: string[] = [];
    const service = await runService({
      name: 'messy-svc',
      app: createServiceApp({ name: 'messy-svc', logger }),
      logger,
      port: 0,
      host: '127.0.0.1',
      onShutdown: [
        async () => {
          throw new Error('pool already closed');
        },
        async () => {
          closed.push('redis');
        },
      ],
    });
    await service.stop();
    expect(closed).toEqual(['redis']);
    const line = logs.lines().find((entry) => entry.msg === 'error while closing a dependency') as
      | { err: { message: string } }
      | undefined;
    expect(line?.err.message).toBe('pool already closed');
  });
});
