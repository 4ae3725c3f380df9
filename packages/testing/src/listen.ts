import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';

/** Anything with a fetch handler: a Hono app. */
export interface FetchApp {
  fetch: (request: Request, ...rest: never[]) => Response | Promise<Response>;
}

export interface ListeningApp {
  /** e.g. "http://127.0.0.1:43121" */
  url: string;
  port: number;
  server: ServerType;
  close(): Promise<void>;
}

/**
 * Serves an app on 127.0.0.1 on a free port, for tests where services talk over real HTTP. Give a
 * port when the app must know its own URL before it starts (e.g. an OAuth redirect URI).
 */
export function listen(app: FetchApp, port = 0): Promise<ListeningApp> {
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        fetch: app.fetch as (request: Request) => Response | Promise<Response>,
        port,
        hostname: '127.0.0.1',
      },
      (info: AddressInfo) => {
        server.off('error', reject);
        resolve({
          url: `http://127.0.0.1:${info.port}`,
          port: info.port,
          server,
          close: () =>
            new Promise<void>((done) => {
              if ('closeAllConnections' in server) server.closeAllConnections();
              server.close(() => done());
            }),
        });
      },
    );
    server.once('error', reject);
  });
}
