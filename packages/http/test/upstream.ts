import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Upstream {
  url: string;
  requests: RecordedRequest[];
  /** Replaces how the upstream answers; receives the request number (0-based). */
  respond(handler: UpstreamHandler): void;
  close(): Promise<void>;
}

export type UpstreamHandler = (
  request: RecordedRequest,
  response: ServerResponse<IncomingMessage>,
  index: number,
) => void | Promise<void>;

/**
 * A plain node:http server standing in for another service (or a third party), recording every
 * request it receives so tests can count hits and read propagated headers.
 */
export async function startUpstream(handler: UpstreamHandler = okJson({ ok: true })): Promise<Upstream> {
  let current = handler;
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const recorded = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body,
      };
      requests.push(recorded);
      void Promise.resolve(current(recorded, response, requests.length - 1)).catch(() => response.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respond(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function okJson(body: unknown, status = 200): UpstreamHandler {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
}
