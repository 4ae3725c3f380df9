import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as a fake saw it; tests assert on these instead of mocking the client. */
export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  headers: IncomingHttpHeaders;
}

/** What every `start*` fake returns. */
export interface FakeServer {
  /** e.g. "http://127.0.0.1:43121", no trailing slash. */
  url: string;
  /** Stops the server and destroys every open socket, hanging requests included. */
  close(): Promise<void>;
  /** The last {@link MAX_RECORDED_CALLS} requests, oldest first. Same array across `reset()`. */
  calls: RecordedCall[];
  /** Clears calls and counters and restores the mode and latency given at start. */
  reset(): void;
  /** Delay before each answer; 0 answers at once. */
  setLatency(ms: number): void;
}

/** Bounded so a benchmark pushing thousands of requests does not grow memory without end. */
export const MAX_RECORDED_CALLS = 1000;

export interface FakeRequest extends RecordedCall {
  raw: IncomingMessage;
}

/** The handler's view of its server: waits that end early when the server closes. */
export interface FakeContext {
  /** Resolves true after `ms`, or false at once if the server closed meanwhile. */
  sleep(ms: number): Promise<boolean>;
  readonly closed: boolean;
}

export type FakeHandler = (req: FakeRequest, res: ServerResponse, ctx: FakeContext) => void | Promise<void>;

export interface FakeServerOptions {
  latencyMs?: number;
  /** Called by `reset()` so each fake restores its own switches. */
  onReset?: () => void;
}

/**
 * Listens on 127.0.0.1:0 with plain node:http (no framework: the fakes must stay cheap under
 * benchmark load), records each request, applies the latency switch, then hands over.
 */
export function startFakeServer(handle: FakeHandler, options: FakeServerOptions = {}): Promise<FakeServer> {
  const defaultLatency = options.latencyMs ?? 0;
  let latencyMs = defaultLatency;
  let closed = false;
  const calls: RecordedCall[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<{ timer: NodeJS.Timeout; done: (ok: boolean) => void }>();

  const ctx: FakeContext = {
    get closed() {
      return closed;
    },
    sleep(ms) {
      if (closed) return Promise.resolve(false);
      if (ms <= 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const entry = {
          timer: setTimeout(() => {
            timers.delete(entry);
            resolve(true);
          }, ms),
          done: resolve,
        };
        timers.add(entry);
      });
    },
  };

  const server = createServer(async (raw, res) => {
    try {
      const req = await readRequest(raw);
      calls.push({
        method: req.method,
        path: req.path,
        query: req.query,
        body: req.body,
        headers: req.headers,
      });
      if (calls.length > MAX_RECORDED_CALLS) calls.shift();
      if (latencyMs > 0 && !(await ctx.sleep(latencyMs))) return;
      await handle(req, res, ctx);
    } catch (error) {
      // A bug in a fake should fail the test loudly at the client, not hang it.
      if (res.headersSent) res.destroy();
      else {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`fake server error: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  const close = () =>
    new Promise<void>((resolve) => {
      if (closed) return resolve();
      closed = true;
      for (const entry of timers) {
        clearTimeout(entry.timer);
        entry.done(false);
      }
      timers.clear();
      server.close(() => resolve());
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
    });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close,
        calls,
        reset() {
          calls.length = 0;
          latencyMs = defaultLatency;
          options.onReset?.();
        },
        setLatency(ms) {
          latencyMs = Math.max(0, ms);
        },
      });
    });
  });
}

async function readRequest(raw: IncomingMessage): Promise<FakeRequest> {
  const url = new URL(raw.url ?? '/', 'http://fake');
  const chunks: Buffer[] = [];
  for await (const chunk of raw) chunks.push(chunk as Buffer);
  return {
    method: raw.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    body: parseBody(Buffer.concat(chunks), raw.headers['content-type'] ?? ''),
    headers: raw.headers,
    raw,
  };
}

/** JSON and form bodies become objects; anything unparseable stays text so tests can still see it. */
function parseBody(bytes: Buffer, contentType: string): unknown {
  if (bytes.length === 0) return undefined;
  const text = bytes.toString('utf8');
  if (contentType.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  if (contentType.includes('json') || text.startsWith('{') || text.startsWith('[')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** Writes a JSON answer in one go. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendText(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/** Sends headers and part of the body, then cuts the connection: the client sees a broken stream. */
export function failMidway(res: ServerResponse, partial: string): void {
  if (!res.headersSent) res.writeHead(200, { 'content-type': 'application/json' });
  res.write(partial, () => res.destroy());
}
