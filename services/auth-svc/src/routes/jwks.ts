import { Hono } from 'hono';
import type { AuthContext, AuthEnv } from '../deps.ts';

/** The public keys access tokens are signed with, for verifiers that prefer JWKS over a PEM. */
export function jwksRoutes(ctx: AuthContext): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.get('/.well-known/jwks.json', (c) => {
    c.header('cache-control', 'public, max-age=300');
    return c.json(ctx.keys.jwks);
  });
  return app;
}
