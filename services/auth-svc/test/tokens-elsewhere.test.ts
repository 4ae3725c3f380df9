import { authenticate, createTokenVerifier, currentUser, requireRole } from '@perplexica/auth-kit';
import { createServiceApp, type ServiceEnv } from '@perplexica/http';
import { createLogger } from '@perplexica/observability';
import { type ListeningApp, listen } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthServiceUnderTest, call, signUp, startAuthService, uniqueEmail } from './harness.ts';

let auth: AuthServiceUnderTest;
let viaJwks: ListeningApp;
let viaPem: ListeningApp;

/** A service that knows nothing of auth-svc but its keys, as every other service does. */
function otherService(verifier: ReturnType<typeof createTokenVerifier>) {
  const app = createServiceApp<ServiceEnv>({
    name: 'other-svc',
    logger: createLogger({ service: 'other-svc', level: 'silent' }),
  });
  app.use('/api/*', authenticate({ tokens: verifier }));
  app.get('/api/whoami', (c) => c.json(currentUser(c)));
  app.get('/api/admin', requireRole('admin'), (c) => c.json({ ok: true }));
  return app;
}

beforeAll(async () => {
  auth = await startAuthService({ ADMIN_EMAILS: 'chief@lab.test' });
  viaJwks = await listen(
    otherService(
      createTokenVerifier({
        jwksUrl: `${auth.url}/.well-known/jwks.json`,
        issuer: 'perplexica-auth',
        audience: 'perplexica',
      }),
    ),
  );
  viaPem = await listen(
    otherService(
      createTokenVerifier({
        publicKeyPem: auth.publicKeyPem,
        issuer: 'perplexica-auth',
        audience: 'perplexica',
      }),
    ),
  );
});
afterAll(async () => {
  await viaJwks.close();
  await viaPem.close();
  await auth.close();
});

describe('access tokens verified by another service', () => {
  it('publishes the signing key as a JWKS', async () => {
    const jwks = await call(`${auth.url}/.well-known/jwks.json`);
    expect(jwks.status).toBe(200);
    expect(jwks.body.keys).toHaveLength(1);
    expect(jwks.body.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(jwks.body.keys[0].d).toBeUndefined();
  });

  it.each([
    ['the JWKS', () => viaJwks],
    ['JWT_PUBLIC_KEY', () => viaPem],
  ])('exposes user id, org id and role through %s', async (_label, server) => {
    const session = await signUp(auth.url);
    const whoami = await call(`${server().url}/api/whoami`, { token: session.accessToken });
    expect(whoami.status).toBe(200);
    expect(whoami.body).toMatchObject({ id: session.user.id, orgId: null, role: 'user', via: 'session' });

    const forbidden = await call(`${server().url}/api/admin`, { token: session.accessToken });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('forbidden');

    // ADMIN_EMAILS lists one address; it is freed again for the next case.
    const admin = await signUp(auth.url, 'chief@lab.test');
    expect((await call(`${server().url}/api/admin`, { token: admin.accessToken })).status).toBe(200);
    await auth.database.db.deleteFrom('users').where('email', '=', 'chief@lab.test').execute();
  });

  it('refuses tokens from another auth-svc (another key)', async () => {
    const stranger = await startAuthService();
    try {
      const session = await signUp(stranger.url, uniqueEmail());
      for (const server of [viaJwks, viaPem]) {
        const response = await call(`${server.url}/api/whoami`, { token: session.accessToken });
        expect(response.status).toBe(401);
        expect(response.body.error.code).toBe('invalid_token');
      }
    } finally {
      await stranger.close();
    }
  });
});
