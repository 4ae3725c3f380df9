import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation } from '@opentelemetry/api';
import { ApiError } from '@perplexica/errors';
import { createServiceApp, type ServiceEnv } from '@perplexica/http';
import type { Logger } from '@perplexica/observability';
import { routeLocalPath } from '@perplexica/registry';
import type { Hono } from 'hono';
import { BodyTooLarge, hopByHop, proxyNode, UpstreamUnavailable } from './node-proxy.ts';
import { answeredFromSharedCache, keepSharedResponse, type SharedResponses } from './shared-responses.ts';
import { mountWebApp } from './web-app.ts';

export interface GatewayDeps {
  logger: Logger;
  /** Base URL of each running service, by registry name. */
  upstreams: Record<string, string>;
  /** The built web app; empty: a page that says how to build it. */
  webRoot: string;
  bodyLimitBytes: number;
  /**
   * Responses services mark as the same for every signed-in user, reused for a moment; served
   * only to a caller whose access token `signedIn` accepts. Absent: every request is proxied.
   */
  shared?: SharedResponses;
}

/**
 * @hono/node-server's marker for "the Node response was written by hand", with the upstream's
 * status so the access log and metrics record what the client got. The server checks the marker
 * only on a materialised Response: its light Response for a null body skips the check and writes
 * headers again, so `.body` is read once to materialise it.
 */
function alreadySent(status: number): Response {
  const response = new Response(null, {
    status: status >= 200 && status <= 599 ? status : 502,
    headers: { 'x-hono-already-sent': 'true' },
  });
  void response.body;
  return response;
}

/**
 * The local gateway: one port for the whole product, as Traefik's Ingress is in K3s. API paths go
 * to the service the registry names (longest prefix; auth-svc's own host is mapped to its paths),
 * streamed both ways without buffering (SSE answers arrive event by event); everything else is the
 * web app. A service that is down or restarting is a 503 in the one error shape.
 */
export function createGatewayApp(deps: GatewayDeps): Hono<ServiceEnv> {
  const app = createServiceApp({
    name: 'gateway',
    logger: deps.logger,
    bodyLimitBytes: deps.bodyLimitBytes,
    // Proxied bodies stream through untouched; each service holds them to its own limit.
    streamsBodies: true,
    // Ready when every service behind it is: one place to see that the whole stack answers.
    readiness: Object.fromEntries(
      Object.entries(deps.upstreams).map(([name, url]) => [
        name,
        async () => {
          const response = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(1_500) });
          await response.body?.cancel();
          if (response.status !== 200) throw new Error(`answers ${response.status}`);
        },
      ]),
    ),
  });

  app.all('*', async (c, next) => {
    const service = routeLocalPath(c.req.path);
    if (!service) return next();
    const upstream = deps.upstreams[service.name];
    if (!upstream) {
      throw new ApiError('not_found', `${service.name} is not part of this installation yet`, {
        details: { service: service.name },
      });
    }
    const env = c.env as { incoming: IncomingMessage; outgoing: ServerResponse };
    // A hot shared page is answered from memory before any of the work of a proxied request.
    const shared = deps.shared && c.req.method === 'GET' ? deps.shared : undefined;
    const sharedKey = env.incoming.url ?? c.req.path;
    if (shared && (await answeredFromSharedCache(c, shared, sharedKey, env.outgoing)))
      return alreadySent(200);

    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(env.incoming.headers)) {
      if (value !== undefined && !hopByHop.has(name)) headers[name] = value;
    }
    headers['x-request-id'] = c.get('requestId');
    headers['x-forwarded-host'] = c.req.header('host') ?? '';
    headers['x-forwarded-proto'] = new URL(c.req.url).protocol.replace(':', '');
    const peer = env.incoming.socket?.remoteAddress;
    headers['x-forwarded-for'] = [c.req.header('x-forwarded-for'), peer].filter(Boolean).join(', ');
    propagation.inject(context.active(), headers);
    const target = new URL(`${upstream}${sharedKey}`);
    const tooLarge = () =>
      new ApiError('payload_too_large', `Request body is larger than the ${deps.bodyLimitBytes}-byte limit`, {
        details: { limitBytes: deps.bodyLimitBytes },
      });
    if (Number(env.incoming.headers['content-length'] ?? 0) > deps.bodyLimitBytes) throw tooLarge();
    const keepBody = shared ? keepSharedResponse(shared.cache, sharedKey) : undefined;
    try {
      const status = await proxyNode(
        env.incoming,
        env.outgoing,
        target,
        headers,
        deps.bodyLimitBytes,
        keepBody,
      );
      return alreadySent(status);
    } catch (error) {
      if (error instanceof BodyTooLarge) throw tooLarge();
      if (!(error instanceof UpstreamUnavailable)) throw error;
      deps.logger.warn({ err: error, service: service.name }, 'upstream not answering');
      throw new ApiError('unavailable', `${service.name} is not answering; it may be restarting`, {
        headers: { 'Retry-After': '2' },
        details: { service: service.name },
      });
    }
  });

  mountWebApp(app, deps.webRoot);
  return app;
}
