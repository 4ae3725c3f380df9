import { context, propagation } from '@opentelemetry/api';
import { ApiError } from '@perplexica/errors';
import { createServiceApp, createUndiciFetch, type ServiceEnv } from '@perplexica/http';
import type { Logger } from '@perplexica/observability';
import { routeLocalPath } from '@perplexica/registry';
import type { Hono } from 'hono';
import { proxy } from 'hono/proxy';
import { mountWebApp } from './web-app.ts';

export interface GatewayDeps {
  logger: Logger;
  /** Base URL of each running service, by registry name. */
  upstreams: Record<string, string>;
  /** The built web app; empty: a page that says how to build it. */
  webRoot: string;
  bodyLimitBytes: number;
}

// Headers that describe one hop, not the request; never forwarded.
const hopByHop = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host'];

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
  // No body timeout: an answer may be silent for a while between events.
  const upstreamFetch = createUndiciFetch({ bodyTimeoutMs: 0 });

  app.all('*', async (c, next) => {
    const service = routeLocalPath(c.req.path);
    if (!service) return next();
    const upstream = deps.upstreams[service.name];
    if (!upstream) {
      throw new ApiError('not_found', `${service.name} is not part of this installation yet`, {
        details: { service: service.name },
      });
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(c.req.header())) {
      if (!hopByHop.includes(name)) headers[name] = value;
    }
    headers['x-request-id'] = c.get('requestId');
    headers['x-forwarded-host'] = c.req.header('host') ?? '';
    headers['x-forwarded-proto'] = new URL(c.req.url).protocol.replace(':', '');
    const peer = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
      ?.socket?.remoteAddress;
    headers['x-forwarded-for'] = [c.req.header('x-forwarded-for'), peer].filter(Boolean).join(', ');
    propagation.inject(context.active(), headers);
    const target = `${upstream}${c.req.path}${new URL(c.req.url).search}`;
    try {
      return await proxy(target, { raw: c.req.raw, headers, customFetch: upstreamFetch });
    } catch (error) {
      if (c.req.raw.signal.aborted) throw error;
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
