import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { initTracing, type Logger } from '@perplexica/observability';
import type { Hono } from 'hono';
import { healthStateOf } from './create-service-app.ts';

export interface RunServiceOptions {
  name: string;
  // biome-ignore lint/suspicious/noExplicitAny: any service env
  app: Hono<any>;
  logger: Logger;
  port: number;
  host?: string;
  shutdownTimeoutMs?: number;
  otlpEndpoint?: string | undefined;
  /** Closed in order after the server has drained: workers, then pools. */
  onShutdown?: Array<() => Promise<unknown>>;
}

export interface RunningService {
  server: ServerType;
  port: number;
  stop(): Promise<void>;
}

/**
 * Listens, and on SIGTERM/SIGINT shuts down gracefully: /ready starts failing, the server stops
 * accepting, in-flight requests finish (up to the timeout), then workers and pools close.
 */
export async function runService(options: RunServiceOptions): Promise<RunningService> {
  const tracing = initTracing({ service: options.name, otlpEndpoint: options.otlpEndpoint });
  const server = await new Promise<ServerType>((resolve) => {
    const listening = serve(
      { fetch: options.app.fetch, port: options.port, hostname: options.host ?? '0.0.0.0' },
      () => resolve(listening),
    );
  });
  const port = (server.address() as AddressInfo).port;
  options.logger.info({ port }, `${options.name} listening`);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      const state = healthStateOf(options.app);
      if (state) state.shuttingDown = true;
      options.logger.info('shutting down: draining in-flight requests');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // server.close() only closes the connections idle right now. A keep-alive connection whose
      // last request finishes later would hold the drain open until the client (or proxy) drops
      // it, often the whole shutdown timeout: close connections as soon as they go idle.
      const closeIdle = () => {
        if ('closeIdleConnections' in server) server.closeIdleConnections();
      };
      closeIdle();
      const sweeper = setInterval(closeIdle, 50);
      const timeout = options.shutdownTimeoutMs ?? 10_000;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeout);
      });
      if ((await Promise.race([closed, timedOut])) === 'timeout') {
        options.logger.warn({ timeoutMs: timeout }, 'drain timed out; closing remaining connections');
        if ('closeAllConnections' in server) server.closeAllConnections();
      }
      clearTimeout(timer);
      clearInterval(sweeper);
      for (const close of options.onShutdown ?? []) {
        await close().catch((error) =>
          options.logger.error({ err: error }, 'error while closing a dependency'),
        );
      }
      await tracing.shutdown().catch(() => {});
      options.logger.info('stopped');
    })();
    return stopping;
  };

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void stop().then(() => process.exit(0));
    });
  }
  return { server, port, stop };
}
