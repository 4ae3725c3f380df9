import { createPrivateKey } from 'node:crypto';
import {
  type ApiKeyVerifier,
  type AuthUser,
  authenticate,
  createTokenVerifier,
  requireScope,
} from '@perplexica/auth-kit';
import { createLogger } from '@perplexica/observability';
import {
  captureLogs,
  generateSigningKeyPair,
  type ListeningApp,
  listen,
  signTestAccessToken,
} from '@perplexica/testing';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceApp } from '../src/index.ts';
import { type DemoApp, demoApp, expectError } from './support.ts';

let demo: DemoApp;
let server: ListeningApp;
const stranger = generateSigningKeyPair();

beforeAll(async () => {
  demo = demoApp();
  server = await listen(demo.app);
});
afterAll(() => server.close());

const get = (path: string, authorization?: string) =>
  fetch(`${server.url}${path}`, authorization ? { headers: { authorization } } : {});
const token = (options: Partial<Parameters<typeof signTestAccessToken>[0]> = {}) =>
  signTestAccessToken({ privateKeyPem: demo.keys.privateKeyPem, ...options });
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('authenticate (JWT_PUBLIC_KEY, EdDSA)', () => {
  it('accepts a valid token and exposes user id, org id and role', async () => {
    const response = await get(
      '/me',
      `Bearer ${await token({ userId: 'u-42', orgId: 'acme', role: 'user' })}`,
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: 'u-42', orgId: 'acme', role: 'user' });
  });

  it('accepts the scheme in any case and a token without an org', async () => {
    const response = await get('/me', `bearer ${await token({ userId: 'solo', orgId: null })}`);
    expect(await response.json()).toEqual({ id: 'solo', orgId: null, role: 'user' });
  });

  it('answers 401 unauthorized without a bearer token', async () => {
    await expectError(await get('/me'), 401, 'unauthorized');
    await expectError(await get('/me', 'Basic dXNlcjpwYXNz'), 401, 'unauthorized');
    await expectError(await get('/me', 'Bearer'), 401, 'unauthorized');
  });

  it('answers 401 invalid_token for a tampered payload', async () => {
    const [header, payload, signature] = (await token({ role: 'user' })).split('.');
    const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString());
    const forged = `${header}.${b64url({ ...claims, role: 'admin' })}.${signature}`;
    await expectError(await get('/admin/stats', `Bearer ${forged}`), 401, 'invalid_token');
  });

  it('answers 401 invalid_token for a token signed by another key', async () => {
    const foreign = await signTestAccessToken({ privateKeyPem: stranger.privateKeyPem, role: 'admin' });
    await expectError(await get('/me', `Bearer ${foreign}`), 401, 'invalid_token');
  });

  it('answers 401 invalid_token for an alg:none token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({
      sub: 'attacker',
      role: 'admin',
      typ: 'access',
      iss: 'perplexica-auth',
      aud: 'perplexica',
      iat: now,
      exp: now + 600,
    })}.`;
    await expectError(await get('/admin/stats', `Bearer ${unsigned}`), 401, 'invalid_token');
  });

  it('answers 401 token_expired for an expired token', async () => {
    const error = await expectError(
      await get('/me', `Bearer ${await token({ expiresInSeconds: -30 })}`),
      401,
      'token_expired',
    );
    expect(error.message).toMatch(/expired/);
  });

  it('answers 401 invalid_token for a wrong issuer or audience', async () => {
    await expectError(
      await get('/me', `Bearer ${await token({ issuer: 'evil-auth' })}`),
      401,
      'invalid_token',
    );
    await expectError(
      await get('/me', `Bearer ${await token({ audience: 'other-product' })}`),
      401,
      'invalid_token',
    );
  });

  it('answers 401 invalid_token for a correctly signed token with the wrong claims', async () => {
    const notAccess = await new SignJWT({ role: 'superuser', typ: 'access' })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject('u-1')
      .setIssuer('perplexica-auth')
      .setAudience('perplexica')
      .setExpirationTime('5m')
      .sign(createPrivateKey(demo.keys.privateKeyPem));
    await expectError(await get('/me', `Bearer ${notAccess}`), 401, 'invalid_token');
  });
});

describe('requireRole', () => {
  it('answers 403 forbidden to a user on an admin route, and lets an admin through', async () => {
    await expectError(await get('/admin/stats', `Bearer ${await token({ role: 'user' })}`), 403, 'forbidden');
    const admin = await get('/admin/stats', `Bearer ${await token({ role: 'admin' })}`);
    expect(admin.status).toBe(200);
    expect(await admin.json()).toEqual({ users: 1 });
  });

  it('answers 404 instead of 403 when the route is hidden', async () => {
    await expectError(
      await get('/admin/hidden', `Bearer ${await token({ role: 'user' })}`),
      404,
      'not_found',
    );
    expect((await get('/admin/hidden', `Bearer ${await token({ role: 'admin' })}`)).status).toBe(200);
  });

  it('checks authentication before the role', async () => {
    await expectError(await get('/admin/stats'), 401, 'unauthorized');
  });
});

describe('API keys and scopes', () => {
  const keyUser: AuthUser = {
    id: 'u-key',
    orgId: null,
    orgRole: null,
    role: 'user',
    via: 'api_key',
    scopes: ['search'],
    apiKeyId: 'key-1',
  };
  // Stands in for auth-svc's key store: a map from key to caller.
  const apiKeys: ApiKeyVerifier = { verify: async (key) => (key === 'pk_live_good' ? keyUser : null) };

  function keyApp(withApiKeys: boolean) {
    const app = createServiceApp({
      name: 'keys-svc',
      logger: createLogger({ service: 'keys-svc', destination: captureLogs().stream }),
    });
    const tokens = createTokenVerifier({
      publicKeyPem: demo.keys.publicKeyPem,
      issuer: 'perplexica-auth',
      audience: 'perplexica',
    });
    const signedIn = authenticate(withApiKeys ? { tokens, apiKeys } : { tokens });
    app.get('/search', signedIn, requireScope('search'), (c) => c.json({ via: c.get('user').via }));
    app.get('/billing', signedIn, requireScope('billing:read'), (c) => c.json({ ok: true }));
    return app;
  }

  it('accepts a known API key, with only its scopes', async () => {
    const app = keyApp(true);
    const ok = await app.request('/search', { headers: { authorization: 'Bearer pk_live_good' } });
    expect(await ok.json()).toEqual({ via: 'api_key' });
    await expectError(
      await app.request('/billing', { headers: { authorization: 'Bearer pk_live_good' } }),
      403,
      'forbidden',
    );
  });

  it('rejects an unknown key, and any key where keys are not accepted', async () => {
    await expectError(
      await keyApp(true).request('/search', { headers: { authorization: 'Bearer pk_live_revoked' } }),
      401,
      'invalid_token',
    );
    await expectError(
      await keyApp(false).request('/search', { headers: { authorization: 'Bearer pk_live_good' } }),
      401,
      'invalid_token',
    );
  });

  it('gives sessions every scope', async () => {
    const session = `Bearer ${await token()}`;
    expect((await keyApp(true).request('/billing', { headers: { authorization: session } })).status).toBe(
      200,
    );
  });
});
