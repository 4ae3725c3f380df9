import { generateSigningKeyPair, signTestAccessToken } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthServiceUnderTest, signUp, startAuthService } from '../../auth-svc/test/harness.ts';
import { call, getMedia, type JsonResponse, type MediaWorld, startMediaWorld } from './harness.ts';

let auth: AuthServiceUnderTest;
let world: MediaWorld;
let session: string;
let mediaKey: string;
let searchOnlyKey: string;

async function createKey(scopes: string[]): Promise<string> {
  const response = await call(`${auth.url}/api/v1/auth/api-keys`, {
    token: session,
    body: { name: `script ${scopes.join(' ')}`, scopes },
  });
  if (response.status !== 201)
    throw new Error(`api key: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.key;
}

beforeAll(async () => {
  auth = await startAuthService({ LOG_LEVEL: 'warn' });
  // media-svc trusts this auth-svc: its JWTs by public key, its API keys by introspection.
  world = await startMediaWorld({
    mediaEnv: { AUTH_SERVICE_URL: auth.url, JWT_PUBLIC_KEY: auth.publicKeyPem },
  });
  session = (await signUp(auth.url)).accessToken;
  mediaKey = await createKey(['media']);
  searchOnlyKey = await createKey(['search', 'chat']);
});
afterAll(async () => {
  await world?.close();
  await auth?.close();
});

function expectError(response: JsonResponse, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.body.error.code).toBe(code);
}

describe('who may search media', () => {
  it('a signed-in user (session JWT)', async () => {
    for (const kind of ['images', 'videos']) {
      expect((await getMedia(world.media.url, kind, 'q=lighthouse', session)).status).toBe(200);
    }
  });

  it('an API key with the media scope', async () => {
    expect(mediaKey).toMatch(/^pk_/);
    const response = await getMedia(world.media.url, 'videos', 'q=volcano', mediaKey);
    expect(response.status).toBe(200);
    expect(response.body.results.length).toBeGreaterThan(0);
  });

  it('not an API key without it (403), nor a revoked, made-up or foreign credential (401)', async () => {
    const forbidden = await getMedia(world.media.url, 'images', 'q=lighthouse', searchOnlyKey);
    expectError(forbidden, 403, 'forbidden');
    expect(forbidden.body.error.message).toContain('"media"');
    expectError(await getMedia(world.media.url, 'images', 'q=lighthouse'), 401, 'unauthorized');
    expectError(await getMedia(world.media.url, 'images', 'q=lighthouse', 'pk_madeup'), 401, 'invalid_token');
    expectError(await getMedia(world.media.url, 'images', 'q=lighthouse', 'not-a-jwt'), 401, 'invalid_token');
    const stranger = await signTestAccessToken({
      privateKeyPem: generateSigningKeyPair().privateKeyPem,
      userId: 'mallory',
    });
    expectError(await getMedia(world.media.url, 'images', 'q=lighthouse', stranger), 401, 'invalid_token');
  });

  it('credentials checks come before validation: no detail leaks to an anonymous caller', async () => {
    expectError(await getMedia(world.media.url, 'images', 'page=99'), 401, 'unauthorized');
  });

  it('no log line of any service involved holds a key or a token', () => {
    const logs = [world.media.logs.text(), world.search.logs.text()].join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [session, mediaKey, searchOnlyKey, mediaKey.slice(0, 20)]) {
      expect(logs).not.toContain(secret);
    }
  });
});
