import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, initTracing } from '@perplexica/observability';
import { services } from '@perplexica/registry';
import { captureLogs, freePort, type ListeningApp, listen } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayApp } from '../src/app.ts';

type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

interface Upstream {
  name: string;
  url: string;
  handle: Handler | null;
  ready: boolean;
  server: Server;
}

/** A service stand-in that says who it is and what it got, unless a test gives it a handler. */
async function startUpstream(name: string): Promise<Upstream> {
  const upstream: Upstream = { name, url: '', handle: null, ready: true, server: createServer() };
  upstream.server.on('request', (request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      if (request.url === '/ready') {
        response.writeHead(upstream.ready ? 200 : 503).end();
        return;
      }
      if (upstream.handle) return upstream.handle(request, response, body);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          service: name,
          url: request.url,
          method: request.method,
          headers: request.headers,
          body,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => upstream.server.listen(0, '127.0.0.1', resolve));
  upstream.url = `http://127.0.0.1:${(upstream.server.address() as AddressInfo).port}`;
  return upstream;
}

// As runService does in production: trace context only propagates once tracing is registered.
initTracing({ service: 'gateway-test' });

let upstreams: Record<string, Upstream>;
let gateway: ListeningApp;
let webRoot: string;
const logs = captureLogs();

// chat-svc, search-svc, library-svc and auth-svc run; the others are not built yet.
const running = ['chat-svc', 'search-svc', 'library-svc', 'auth-svc'];

beforeAll(async () => {
  upstreams = Object.fromEntries(
    await Promise.all(running.map(async (name) => [name, await startUpstream(name)])),
  );
  webRoot = await mkdtemp(join(tmpdir(), 'gateway-web-'));
  await mkdir(join(webRoot, 'assets'));
  await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>app</title><div id="root"></div>');
  await writeFile(join(webRoot, 'assets', 'app-1a2b3c.js'), 'console.log("app")');
  await writeFile(join(webRoot, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  gateway = await listen(
    createGatewayApp({
      logger: createLogger({ service: 'gateway', level: 'info', destination: logs.stream }),
      upstreams: Object.fromEntries(Object.values(upstreams).map((u) => [u.name, u.url])),
      webRoot,
      bodyLimitBytes: 1_000_000,
    }),
  );
});
afterAll(async () => {
  await gateway?.close();
  for (const upstream of Object.values(upstreams ?? {})) {
    upstream.server.closeAllConnections();
    upstream.server.close();
  }
  await rm(webRoot, { recursive: true, force: true });
});

const get = (path: string, init: RequestInit = {}) => fetch(`${gateway.url}${path}`, init);

describe('routing, from the registry', () => {
  it('sends every public path of every running service to that service, path and query intact', async () => {
    for (const service of services.filter((s) => running.includes(s.name))) {
      const paths = service.host ? (service.pathsOnLocalGateway ?? []) : service.publicPaths;
      for (const prefix of paths) {
        const path = `${prefix}/probe?x=1`.replace('//', '/');
        const response = await get(path);
        expect(response.status, path).toBe(200);
        const echo = (await response.json()) as { service: string; url: string };
        expect(echo.service, path).toBe(service.name);
        expect(echo.url).toBe(path);
      }
    }
  });

  it('a path of a service that is not built yet is 404 naming it; no route at all is the web app', async () => {
    const response = await get('/api/v1/discover/today');
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('not_found');
    expect(body.error.message).toContain('discover-svc');
  });

  it('forwards method, body, request id and forwarding headers; passes status and headers back', async () => {
    upstreams['library-svc']!.handle = (request, response, body) => {
      response.writeHead(201, {
        'content-type': 'application/json',
        'set-cookie': 'a=1; HttpOnly',
        'x-extra': 'yes',
      });
      response.end(JSON.stringify({ method: request.method, body, headers: request.headers }));
    };
    try {
      const response = await get('/api/v1/library/threads/1', {
        method: 'PATCH',
        headers: {
          'content-type': 'application/json',
          'x-request-id': 'req-gateway-1',
          authorization: 'Bearer t',
          'x-forwarded-for': '6.6.6.6',
        },
        body: JSON.stringify({ title: 'renamed' }),
      });
      expect(response.status).toBe(201);
      expect(response.headers.get('x-extra')).toBe('yes');
      expect(response.headers.get('set-cookie')).toBe('a=1; HttpOnly');
      const echo = (await response.json()) as {
        method: string;
        body: string;
        headers: Record<string, string>;
      };
      expect(echo.method).toBe('PATCH');
      expect(JSON.parse(echo.body)).toEqual({ title: 'renamed' });
      expect(echo.headers['x-request-id']).toBe('req-gateway-1');
      expect(echo.headers.authorization).toBe('Bearer t');
      // The peer is appended: services behind TRUST_PROXY take the last entry, never the client's claim.
      expect(echo.headers['x-forwarded-for']).toMatch(/^6\.6\.6\.6, (::ffff:)?127\.0\.0\.1$/);
      expect(echo.headers['x-forwarded-host']).toBe(new URL(gateway.url).host);
      expect(echo.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    } finally {
      upstreams['library-svc']!.handle = null;
    }
  });
});

describe('streaming', () => {
  it('forwards server-sent events as they are written, not when the answer ends', async () => {
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    upstreams['chat-svc']!.handle = async (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('id: 1\nevent: delta\ndata: {"text":"first"}\n\n');
      // The second event is only written once the client has seen the first through the gateway.
      await released;
      response.end('id: 2\nevent: done\ndata: {}\n\n');
    };
    try {
      const response = await get('/api/v1/chat', {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      });
      expect(response.headers.get('content-type')).toBe('text/event-stream');
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let seen = '';
      const deadline = Date.now() + 5_000;
      while (!seen.includes('first') && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        seen += decoder.decode(value, { stream: true });
      }
      expect(seen).toContain('"first"');
      expect(seen).not.toContain('done');
      release();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        seen += decoder.decode(value, { stream: true });
      }
      expect(seen).toContain('event: done');
    } finally {
      release();
      upstreams['chat-svc']!.handle = null;
    }
  });

  it('a client that leaves closes the upstream request too', async () => {
    let upstreamClosed: () => void = () => {};
    const closed = new Promise<void>((resolve) => {
      upstreamClosed = resolve;
    });
    upstreams['chat-svc']!.handle = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('id: 1\nevent: meta\ndata: {}\n\n');
      response.on('close', () => upstreamClosed());
    };
    try {
      const controller = new AbortController();
      const response = await get('/api/v1/chat', { method: 'POST', body: '{}', signal: controller.signal });
      await (response.body as ReadableStream<Uint8Array>).getReader().read();
      controller.abort();
      await expect(
        Promise.race([
          closed.then(() => 'closed'),
          new Promise((resolve) => setTimeout(resolve, 5_000, 'still open')),
        ]),
      ).resolves.toBe('closed');
    } finally {
      upstreams['chat-svc']!.handle = null;
    }
  });
});

describe('failures', () => {
  it('a service that does not answer is a 503 in the one error shape, with Retry-After', async () => {
    const port = await freePort();
    const lonely = await listen(
      createGatewayApp({
        logger: createLogger({ service: 'gateway', level: 'silent' }),
        upstreams: { 'library-svc': `http://127.0.0.1:${port}` },
        webRoot: '',
        bodyLimitBytes: 1_000,
      }),
    );
    try {
      const response = await fetch(`${lonely.url}/api/v1/library/threads`);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('2');
      const body = (await response.json()) as { error: { code: string; message: string; requestId: string } };
      expect(body.error.code).toBe('unavailable');
      expect(body.error.message).toContain('library-svc');
      expect(body.error.requestId).toBe(response.headers.get('x-request-id'));
      // And /ready says which one.
      const ready = await fetch(`${lonely.url}/ready`);
      expect(ready.status).toBe(503);
      expect(JSON.stringify(await ready.json())).toContain('library-svc');
      // The gateway's own body limit answers 413 before any service is asked.
      const big = await fetch(`${lonely.url}/api/v1/library/threads`, {
        method: 'POST',
        body: 'x'.repeat(5_000),
      });
      expect(big.status).toBe(413);
    } finally {
      await lonely.close();
    }
  });

  it('a body over the limit is a 413 in the one error shape, declared or streamed in chunks', async () => {
    const big = Buffer.alloc(1_200_000, 'a');
    const declared = await get('/api/v1/library/threads', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: big,
    });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');

    // No Content-Length: the gateway counts as the body streams through.
    const chunks = Array.from({ length: 12 }, () => big.subarray(0, 100_000));
    const streamed = await get('/api/v1/library/threads', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: new ReadableStream({
        pull(controller) {
          const chunk = chunks.shift();
          if (chunk) controller.enqueue(chunk);
          else controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');

    // Under the limit, a chunked body arrives whole.
    const small = await get('/api/v1/library/threads', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('hello '));
          controller.enqueue(new TextEncoder().encode('world'));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(small.status).toBe(200);
    expect(((await small.json()) as { body: string }).body).toBe('hello world');
  });

  it('/ready fails while any service is not ready, and recovers with it', async () => {
    expect((await get('/ready')).status).toBe(200);
    upstreams['search-svc']!.ready = false;
    try {
      const ready = await get('/ready');
      expect(ready.status).toBe(503);
      expect(JSON.stringify(await ready.json())).toContain('search-svc');
    } finally {
      upstreams['search-svc']!.ready = true;
    }
    expect((await get('/ready')).status).toBe(200);
  });
});

describe('the web app', () => {
  it('serves its files, hashed assets cached for good and index.html never', async () => {
    const asset = await get('/assets/app-1a2b3c.js');
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe('console.log("app")');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const favicon = await get('/favicon.svg');
    expect(favicon.headers.get('content-type')).toContain('image/svg+xml');
    const home = await get('/');
    expect(await home.text()).toContain('<div id="root">');
    expect(home.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers the app’s own routes with index.html, so a reload works', async () => {
    for (const path of ['/library', '/search/abc-123', '/settings/api-keys']) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(await response.text()).toContain('<div id="root">');
    }
  });

  it('never serves a file from outside the web root', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json']) {
      const response = await get(path);
      expect(await response.text(), path).not.toContain('"name"');
    }
  });

  it('says how to build the app when it is not built', async () => {
    const bare = await listen(
      createGatewayApp({
        logger: createLogger({ service: 'gateway', level: 'silent' }),
        upstreams: {},
        webRoot: '',
        bodyLimitBytes: 1_000,
      }),
    );
    try {
      const response = await fetch(`${bare.url}/`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('pnpm --filter @perplexica/web build');
    } finally {
      await bare.close();
    }
  });
});

it('logs one line per request without the bearer token', () => {
  expect(logs.text()).not.toContain('Bearer t');
  expect(logs.lines().some((line) => line.route !== undefined || line.path !== undefined)).toBe(true);
});
