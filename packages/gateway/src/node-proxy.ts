import { Agent, type IncomingMessage, request, type ServerResponse } from 'node:http';

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

/** Keep-alive connections to the services, reused across requests (as Traefik does). */
const agent = new Agent({ keepAlive: true, maxSockets: 512, keepAliveMsecs: 4_000 });

/** The upstream did not answer (refused, reset, timed out) before sending its status. */
export class UpstreamUnavailable extends Error {}

/** A streamed (chunked) request body grew past the gateway's limit. */
export class BodyTooLarge extends Error {}

/**
 * Proxies one request on Node's own streams: the request body is piped up and the response piped
 * back as it arrives (server-sent events event by event), without building web Request/Response
 * objects, which cost the gateway more CPU than the whole cached request costs the service. Resolves
 * with the upstream status once the response has started; rejects with UpstreamUnavailable when
 * the service does not answer at all, so the caller can still send a 503.
 */
export function proxyNode(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  target: URL,
  headers: Record<string, string | string[]>,
  maxBodyBytes: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const upstream = request(target, { method: incoming.method, headers, agent }, (response) => {
      const forwarded: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined && !hopByHop.has(name)) forwarded[name] = value;
      }
      outgoing.writeHead(response.statusCode ?? 502, forwarded);
      // Headers at once: an answer stream's first event may take a while.
      outgoing.flushHeaders();
      response.pipe(outgoing);
      response.on('error', () => outgoing.destroy());
      resolve(response.statusCode ?? 502);
    });
    upstream.on('error', (error) => {
      if (outgoing.headersSent) outgoing.destroy(error);
      else if (bytes <= maxBodyBytes) reject(new UpstreamUnavailable(error.message, { cause: error }));
    });
    // A client that leaves closes the upstream request too (an answer then stops generating).
    outgoing.on('close', () => {
      if (!outgoing.writableFinished) upstream.destroy();
    });
    // Counted as it streams: a declared Content-Length was checked before, a chunked body here.
    let bytes = 0;
    incoming.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBodyBytes) {
        incoming.unpipe(upstream);
        upstream.destroy();
        if (!outgoing.headersSent) reject(new BodyTooLarge(`more than ${maxBodyBytes} bytes`));
      }
    });
    incoming.pipe(upstream);
  });
}
