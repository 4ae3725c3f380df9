import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { Transform, Writable } from 'node:stream';
import { SHARED_CACHE_HEADER } from '@perplexica/http';
import { Agent, errors } from 'undici';

// Headers that describe one hop, not the request or response; never forwarded.
export const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
]);

/**
 * Keep-alive connections to the services, reused across requests (as Traefik does). undici rather
 * than node:http's client: it costs the gateway about half the CPU per proxied request.
 */
const agent = new Agent({ connections: 512, keepAliveTimeout: 4_000, headersTimeout: 0, bodyTimeout: 0 });

/** The upstream did not answer (refused, reset, timed out) before sending its status. */
export class UpstreamUnavailable extends Error {}

/** A streamed (chunked) request body grew past the gateway's limit. */
export class BodyTooLarge extends Error {}

const bodyless = new Set(['GET', 'HEAD', 'OPTIONS', 'DELETE']);

/**
 * Asked once the upstream's status and headers are in: return a function to receive the whole
 * body once it has been sent on (to keep a copy), or nothing to just stream it through.
 */
export type KeepBody = (
  status: number,
  headers: Record<string, string | string[] | undefined>,
  forwarded: OutgoingHttpHeaders,
) => ((body: Buffer) => void) | undefined;

/**
 * Proxies one request on Node's own streams: the request body is streamed up and the response
 * streamed back as it arrives (server-sent events event by event), without building web
 * Request/Response objects, which cost the gateway more CPU than the whole cached request costs
 * the service. Resolves with the upstream status once the response has started; rejects with
 * UpstreamUnavailable when the service does not answer at all, so the caller can still send a 503.
 */
export function proxyNode(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  target: URL,
  headers: Record<string, string | string[]>,
  maxBodyBytes: number,
  keepBody?: KeepBody,
): Promise<number> {
  const abort = new AbortController();
  let tooLarge = false;
  const method = incoming.method ?? 'GET';
  const hasBody = !bodyless.has(method) || incoming.headers['content-length'] !== undefined;
  // Counted as it streams: a declared Content-Length was checked before, a chunked body here.
  let bytes = 0;
  const body = hasBody
    ? incoming.pipe(
        new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            bytes += chunk.length;
            if (bytes <= maxBodyBytes) return callback(null, chunk);
            tooLarge = true;
            callback(new BodyTooLarge(`more than ${maxBodyBytes} bytes`));
          },
        }),
      )
    : null;
  // A client that leaves closes the upstream request too (an answer then stops generating).
  outgoing.on('close', () => {
    if (!outgoing.writableFinished) abort.abort();
  });

  return new Promise((resolve, reject) => {
    let status = 0;
    agent
      .stream(
        {
          origin: target.origin,
          path: `${target.pathname}${target.search}`,
          method: method as 'GET',
          headers,
          body,
          signal: abort.signal,
        },
        ({ statusCode, headers: upstreamHeaders }) => {
          status = statusCode;
          const forwarded: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(upstreamHeaders)) {
            // The shared-cache mark is for this gateway only.
            if (value !== undefined && !hopByHop.has(name) && name !== SHARED_CACHE_HEADER)
              forwarded[name] = value;
          }
          outgoing.writeHead(statusCode, forwarded);
          // A stream (an answer's events, no length known) gets its headers at once: its first
          // event may take a while. A sized body goes out with its headers in one write.
          if (upstreamHeaders['content-length'] === undefined) outgoing.flushHeaders();
          resolve(statusCode);
          const keep = keepBody?.(statusCode, upstreamHeaders, forwarded);
          // undici writes into the client's response as into any Writable (ends it, destroys it).
          return keep ? copyingInto(outgoing, keep) : (outgoing as unknown as Writable);
        },
      )
      .catch((error: Error) => {
        if (status !== 0) {
          outgoing.destroy(error);
          return;
        }
        if (tooLarge) reject(new BodyTooLarge(`more than ${maxBodyBytes} bytes`));
        else if (error instanceof errors.RequestAbortedError && outgoing.destroyed) outgoing.destroy();
        else reject(new UpstreamUnavailable(error.message, { cause: error }));
      });
  });
}

/**
 * The client's response, with a copy of the body kept as it passes and handed over once all of
 * it has been sent; ending or destroying this ends or destroys the client's response.
 */
function copyingInto(outgoing: ServerResponse, keep: (body: Buffer) => void): Writable {
  const chunks: Buffer[] = [];
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      if (outgoing.write(chunk)) callback();
      else outgoing.once('drain', () => callback());
    },
    final(callback) {
      outgoing.end(() => {
        keep(Buffer.concat(chunks));
        callback();
      });
    },
    destroy(error, callback) {
      if (error && !outgoing.writableFinished) outgoing.destroy(error);
      callback(error);
    },
  });
}
