import { jwtEnv, kitEnv, positiveInt } from '@perplexica/config';
import { z } from 'zod';

/** "name=url,name=url" → the upstream of each running service. */
const upstreamMap = z
  .string()
  .default('')
  .transform((raw, ctx) => {
    const upstreams: Record<string, string> = {};
    for (const pair of raw
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)) {
      const [name, url] = pair.split('=');
      if (!name || !url || !URL.canParse(url)) {
        ctx.addIssue({ code: 'custom', message: `"${pair}" is not service-name=http://host:port` });
        return z.NEVER;
      }
      upstreams[name.trim()] = url.trim().replace(/\/$/, '');
    }
    return upstreams;
  });

/** Every variable the local gateway reads (parsed once at boot). */
export const gatewayConfigSchema = z.object({
  ...kitEnv(8080),
  /** Proxied bodies can be uploads: the services enforce their own, smaller limits. */
  BODY_LIMIT_BYTES: positiveInt(64 * 1024 * 1024),
  /** The services to route to, as "chat-svc=http://127.0.0.1:3000,…" (pnpm start fills it in). */
  GATEWAY_UPSTREAMS: upstreamMap,
  /** The built web app (web/dist); empty or missing: a page that says how to build it. */
  WEB_ROOT: z.string().default(''),
  /**
   * How long (ms) a response a service marks as shared (x-shared-cache) is reused for signed-in
   * callers: the most a refreshed page can lag behind. 0 turns the micro-cache off. It needs
   * JWT_PUBLIC_KEY, to know a caller is signed in without asking a service.
   */
  GATEWAY_SHARED_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  GATEWAY_SHARED_CACHE_ENTRIES: positiveInt(2_000),
  JWT_PUBLIC_KEY: jwtEnv.JWT_PUBLIC_KEY.optional(),
  JWT_ISSUER: jwtEnv.JWT_ISSUER,
  JWT_AUDIENCE: jwtEnv.JWT_AUDIENCE,
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
