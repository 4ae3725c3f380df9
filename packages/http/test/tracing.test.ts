import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { createLogger, initTracing } from '@perplexica/observability';
import { type CapturedLogs, captureLogs, type ListeningApp, listen } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceApp, createServiceClient } from '../src/index.ts';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
}
interface OtlpExport {
  contentType: string;
  json?: {
    resourceSpans: Array<{
      resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
      scopeSpans: Array<{ spans: OtlpSpan[] }>;
    }>;
  };
}

/** A minimal OTLP/HTTP receiver: accepts POST /v1/traces and keeps what arrives. */
async function startOtlpReceiver(): Promise<{ url: string; exports: OtlpExport[]; server: Server }> {
  const exports: OtlpExport[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/traces') {
        response.writeHead(404).end();
        return;
      }
      let body = Buffer.concat(chunks);
      if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const contentType = request.headers['content-type'] ?? '';
      exports.push({
        contentType,
        ...(contentType.includes('json') ? { json: JSON.parse(body.toString('utf8')) } : {}),
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, exports, server };
}

/** OTLP/JSON ids are hex; decode base64 in case an exporter sends them that way. */
const hexId = (id: string) => (/^[0-9a-f]+$/.test(id) ? id : Buffer.from(id, 'base64').toString('hex'));

let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
let tracing: { shutdown: () => Promise<void> };
let front: ListeningApp;
let back: ListeningApp;
let frontLogs: CapturedLogs;
let backLogs: CapturedLogs;
let backSawTraceparent: string | undefined;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  // As runService does from OTEL_EXPORTER_OTLP_ENDPOINT; both apps below share the process's provider.
  tracing = initTracing({ service: 'tracing-test', otlpEndpoint: `${receiver.url}/` });

  backLogs = captureLogs();
  const library = createServiceApp({
    name: 'library-svc',
    logger: createLogger({ service: 'library-svc', destination: backLogs.stream }),
  });
  library.get('/v1/threads/:id', (c) => {
    backSawTraceparent = c.req.header('traceparent');
    return c.json({ id: c.req.param('id'), title: 'Why is the sky blue?' });
  });
  back = await listen(library);

  frontLogs = captureLogs();
  const chat = createServiceApp({
    name: 'chat-svc',
    logger: createLogger({ service: 'chat-svc', destination: frontLogs.stream }),
  });
  const libraryClient = createServiceClient({ service: 'library-svc', baseUrl: back.url });
  chat.get('/threads/:id', async (c) => {
    c.get('logger').info('fetching thread');
    return c.json(await libraryClient.call(`/v1/threads/${c.req.param('id')}`));
  });
  front = await listen(chat);
});

afterAll(async () => {
  await front.close();
  await back.close();
  await tracing.shutdown();
  await new Promise((resolve) => receiver.server.close(resolve));
});

describe('OpenTelemetry tracing', () => {
  let traceId: string;

  it('puts one trace id on every log line of a request, across the hop to another service', async () => {
    const response = await fetch(`${front.url}/threads/12`, { headers: { 'x-request-id': 'traced-1' } });
    expect(response.status).toBe(200);

    const frontLines = frontLogs.lines().filter((line) => line.requestId === 'traced-1');
    expect(frontLines.map((line) => line.msg).sort()).toEqual(['fetching thread', 'request']);
    traceId = frontLines[0]!.traceId as string;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(traceId).not.toBe('0'.repeat(32));
    for (const line of frontLines) {
      expect(line.traceId).toBe(traceId);
      expect(line.spanId).toMatch(/^[0-9a-f]{16}$/);
    }

    // The request id and the trace context both crossed the hop.
    expect(backSawTraceparent?.split('-')[1]).toBe(traceId);
    const backLine = backLogs.lines().find((line) => line.msg === 'request' && line.requestId === 'traced-1');
    expect(backLine).toMatchObject({ traceId, route: '/v1/threads/:id', status: 200 });
  });

  it('exports the spans over OTLP/HTTP to the configured endpoint', async () => {
    await tracing.shutdown(); // forceFlush: do not wait for the batch delay
    const deadline = Date.now() + 10_000;
    const spans = () =>
      receiver.exports.flatMap((entry) =>
        (entry.json?.resourceSpans ?? []).flatMap((resource) =>
          resource.scopeSpans.flatMap((scope) =>
            scope.spans.map((span) => ({
              ...span,
              traceId: hexId(span.traceId),
              spanId: hexId(span.spanId),
              parentSpanId: span.parentSpanId ? hexId(span.parentSpanId) : undefined,
              service: resource.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue,
            })),
          ),
        ),
      );
    while (Date.now() < deadline && spans().filter((span) => span.traceId === traceId).length < 2) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(receiver.exports.length).toBeGreaterThan(0);
    expect(receiver.exports[0]!.contentType).toMatch(/application\/json/);

    const ours = spans().filter((span) => span.traceId === traceId);
    expect(ours.map((span) => span.name).sort()).toEqual(['GET /threads/:id', 'GET /v1/threads/:id']);
    const frontSpan = ours.find((span) => span.name === 'GET /threads/:id')!;
    const backSpan = ours.find((span) => span.name === 'GET /v1/threads/:id')!;
    // The downstream server span hangs under the upstream's: one trace, in order.
    expect(backSpan.parentSpanId).toBe(frontSpan.spanId);
    expect(frontSpan.kind).toBe(2); // SPAN_KIND_SERVER
    expect(frontSpan.service).toBe('tracing-test');
    const attributes = Object.fromEntries(
      frontSpan.attributes.map((a) => [a.key, Object.values(a.value)[0]]),
    );
    expect(attributes).toMatchObject({ 'http.route': '/threads/:id', 'http.request.method': 'GET' });
    expect(Number(attributes['http.response.status_code'])).toBe(200);
  });
});
