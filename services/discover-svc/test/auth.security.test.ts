import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthServiceUnderTest, signUp, startAuthService } from '../../auth-svc/test/harness.ts';
import {
  call,
  type DiscoverServiceUnderTest,
  discoverClient,
  startDiscoverService,
  startWorld,
  type World,
} from './harness.ts';

let world: World;
let auth: AuthServiceUnderTest;
let svc: DiscoverServiceUnderTest;
let accessToken: string;
let discoverKey: string;
let financeKey: string;

beforeAll(async () => {
  world = await startWorld();
  auth = await startAuthService({ LOG_LEVEL: 'warn' });
  // discover-svc trusts this auth-svc: its JWTs by public key, its API keys by introspection.
  svc = await startDiscoverService(world, { AUTH_SERVICE_URL: auth.url, JWT_PUBLIC_KEY: auth.publicKeyPem });
  const account = await signUp(auth.url);
  accessToken = account.accessToken;
  const createKey = async (scopes: string[]) =>
    (
      await call(`${auth.url}/api/v1/auth/api-keys`, {
        token: accessToken,
        body: { name: `key for ${scopes.join(',')}`, scopes },
      })
    ).body.key as string;
  discoverKey = await createKey(['discover']);
  financeKey = await createKey(['finance']);
});
afterAll(async () => {
  await svc?.close();
  await auth?.close();
  await world?.close();
});

describe('who may read Discover', () => {
  it('a signed-in session, and an API key with the discover scope', async () => {
    for (const token of [accessToken, discoverKey]) {
      const client = discoverClient(svc.url, token);
      expect((await client.feed('topic=science')).status).toBe(200);
      expect((await client.topics()).status).toBe(200);
      expect((await client.forYou()).status).toBe(200);
    }
    // A key acts for its owner: a follow made with it shows in the session.
    expect((await discoverClient(svc.url, discoverKey).follow('tech')).status).toBe(201);
    const topics = (await discoverClient(svc.url, accessToken).topics()).body.topics;
    expect(topics.find((topic: { id: string }) => topic.id === 'tech').followed).toBe(true);
  });

  it('not an API key without the discover scope (403), nor an unknown one (401)', async () => {
    const finance = discoverClient(svc.url, financeKey);
    for (const response of [await finance.feed(), await finance.topics(), await finance.follow('tech')]) {
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('forbidden');
      expect(response.body.error.message).toContain('"discover" scope');
    }
    const unknown = await discoverClient(svc.url, 'pk_not_a_real_key_0000000000000000').feed();
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('invalid_token');
  });

  it('not anyone without a valid token', async () => {
    const root = `${svc.url}/api/v1/discover`;
    for (const [url, method] of [
      [root, 'GET'],
      [`${root}/topics`, 'GET'],
      [`${root}/for-you`, 'GET'],
      [`${root}/topics/tech/follow`, 'PUT'],
      [`${root}/topics/tech/follow`, 'DELETE'],
    ] as const) {
      const anonymous = await call(url, { method });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error.code).toBe('unauthorized');
      const forged = await call(url, { method, token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' });
      expect(forged.status).toBe(401);
      expect(forged.body.error.code).toBe('invalid_token');
    }
  });

  it('never logs access tokens or API keys', () => {
    const logs = svc.logs.text();
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [accessToken, discoverKey, financeKey]) expect(logs).not.toContain(secret);
  });
});
