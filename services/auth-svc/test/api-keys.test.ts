import { authenticate, createTokenVerifier, currentUser, requireScope } from '@perplexica/auth-kit';
import { createRemoteApiKeyVerifier, createServiceApp, type ServiceEnv } from '@perplexica/http';
import { createLogger } from '@perplexica/observability';
import { type ListeningApp, listen } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthServiceUnderTest, call, SERVICE_TOKEN, signUp, startAuthService } from './harness.ts';

let auth: AuthServiceUnderTest;
const api = (path: string) => `${auth.url}/api/v1/auth${path}`;

beforeAll(async () => {
  auth = await startAuthService();
});
afterAll(() => auth.close());

async function createKey(
  accessToken: string,
  body: unknown = { name: 'CI script', scopes: ['search', 'library:read'] },
) {
  return call(api('/api-keys'), { token: accessToken, body });
}

describe('API keys', () => {
  it('are shown once, listed without the secret, and authenticate as the user with their scopes', async () => {
    const owner = await signUp(auth.url);
    const created = await createKey(owner.accessToken);
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^pk_/);
    expect(created.body).toMatchObject({
      name: 'CI script',
      scopes: ['library:read', 'search'],
      lastUsedAt: null,
    });
    expect(created.body.key.startsWith(created.body.prefix)).toBe(true);

    const listed = await call(api('/api-keys'), { token: owner.accessToken });
    expect(listed.body.apiKeys).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);

    const me = await call(api('/me'), { token: created.body.key });
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(owner.user.id);
    expect(me.body.auth).toMatchObject({
      via: 'api_key',
      scopes: ['library:read', 'search'],
      apiKeyId: created.body.id,
    });

    const used = await call(api('/api-keys'), { token: owner.accessToken });
    expect(used.body.apiKeys[0].lastUsedAt).not.toBeNull();

    // The plaintext key is not stored.
    const rows = await auth.database.db.selectFrom('api_keys').select('key_hash').execute();
    expect(JSON.stringify(rows)).not.toContain(created.body.key);
  });

  it('stop working when revoked', async () => {
    const owner = await signUp(auth.url);
    const created = await createKey(owner.accessToken);
    const revoked = await call(api(`/api-keys/${created.body.id}`), {
      token: owner.accessToken,
      method: 'DELETE',
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const me = await call(api('/me'), { token: created.body.key });
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('invalid_token');
  });

  it('stop working when expired', async () => {
    const owner = await signUp(auth.url);
    const created = await createKey(owner.accessToken, { name: 'short', scopes: ['chat'], expiresInDays: 1 });
    await auth.database.db
      .updateTable('api_keys')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', created.body.id)
      .execute();
    expect((await call(api('/me'), { token: created.body.key })).status).toBe(401);
  });

  it('cannot be listed or revoked by another user (404), and a key cannot mint keys', async () => {
    const owner = await signUp(auth.url);
    const intruder = await signUp(auth.url);
    const created = await createKey(owner.accessToken);
    const steal = await call(api(`/api-keys/${created.body.id}`), {
      token: intruder.accessToken,
      method: 'DELETE',
    });
    expect(steal.status).toBe(404);
    expect(steal.body.error.code).toBe('not_found');
    expect((await call(api('/api-keys'), { token: intruder.accessToken })).body.apiKeys).toEqual([]);
    expect((await call(api('/me'), { token: created.body.key })).status).toBe(200);

    const breed = await createKey(created.body.key);
    expect(breed.status).toBe(403);
    expect(breed.body.error.code).toBe('forbidden');
  });

  it('refuse bad input', async () => {
    const owner = await signUp(auth.url);
    for (const body of [
      { name: 'x', scopes: ['root'] },
      { name: '', scopes: ['chat'] },
      { name: 'x', scopes: [] },
      { name: 'x' },
      { name: 'x', scopes: ['chat'], expiresInDays: 0 },
    ]) {
      const response = await createKey(owner.accessToken, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
    const badId = await call(api('/api-keys/123'), { token: owner.accessToken, method: 'DELETE' });
    expect(badId.status).toBe(400);
    const unknown = await call(api('/api-keys/00000000-0000-4000-8000-000000000000'), {
      token: owner.accessToken,
      method: 'DELETE',
    });
    expect(unknown.status).toBe(404);
    expect((await call(api('/me'), { token: 'pk_made-up' })).status).toBe(401);
  });
});

describe('internal API-key verification', () => {
  it('is invisible without the service token', async () => {
    const response = await call(`${auth.url}/internal/v1/api-keys/verify`, { body: { key: 'pk_x' } });
    expect(response.status).toBe(404);
    const wrong = await call(`${auth.url}/internal/v1/api-keys/verify`, {
      body: { key: 'pk_x' },
      headers: { 'x-service-token': 'wrong-token-wrong-token-wrong' },
    });
    expect(wrong.status).toBe(404);
  });

  describe('from another service built with the kit', () => {
    let other: ListeningApp;
    beforeAll(async () => {
      const app = createServiceApp<ServiceEnv>({
        name: 'example-svc',
        logger: createLogger({ service: 'example-svc', level: 'silent' }),
      });
      app.use(
        '/api/v1/*',
        authenticate({
          tokens: createTokenVerifier({
            publicKeyPem: auth.publicKeyPem,
            issuer: 'perplexica-auth',
            audience: 'perplexica',
          }),
          apiKeys: createRemoteApiKeyVerifier({
            authServiceUrl: auth.url,
            serviceToken: SERVICE_TOKEN,
            cacheMs: 0,
          }),
        }),
      );
      app.get('/api/v1/search', requireScope('search'), (c) => c.json({ user: currentUser(c).id }));
      app.get('/api/v1/upload', requireScope('upload'), (c) => c.json({ user: currentUser(c).id }));
      other = await listen(app);
    });
    afterAll(() => other.close());

    it('accepts a live key within its scopes and refuses outside them or after revocation', async () => {
      const owner = await signUp(auth.url);
      const created = await createKey(owner.accessToken);
      const allowed = await call(`${other.url}/api/v1/search`, { token: created.body.key });
      expect(allowed.status).toBe(200);
      expect(allowed.body.user).toBe(owner.user.id);

      const outOfScope = await call(`${other.url}/api/v1/upload`, { token: created.body.key });
      expect(outOfScope.status).toBe(403);

      await call(api(`/api-keys/${created.body.id}`), { token: owner.accessToken, method: 'DELETE' });
      const afterRevoke = await call(`${other.url}/api/v1/search`, { token: created.body.key });
      expect(afterRevoke.status).toBe(401);
    });
  });
});
