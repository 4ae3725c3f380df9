import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthServiceUnderTest, call, signUp, startAuthService } from '../../auth-svc/test/harness.ts';
import {
  AMADEUS_CLIENT,
  daysFromNow,
  OPENAI_KEY,
  refresh,
  SERVICE_TOKEN,
  startTravelService,
  startWorld,
  TRIPADVISOR_KEY,
  type TravelServiceUnderTest,
  travelClient,
  type World,
  withModel,
} from './harness.ts';

let world: World;
let auth: AuthServiceUnderTest;
let travel: TravelServiceUnderTest;
let accessToken: string;
let travelKey: string;
let mediaKey: string;
beforeAll(async () => {
  world = await startWorld();
  auth = await startAuthService({ LOG_LEVEL: 'warn' });
  // travel-svc trusts this auth-svc: its JWTs by public key, its API keys by introspection.
  travel = await startTravelService({
    ...world.env,
    ...withModel(world),
    AUTH_SERVICE_URL: auth.url,
    JWT_PUBLIC_KEY: auth.publicKeyPem,
    LOG_LEVEL: 'debug',
  });
  const account = await signUp(auth.url);
  accessToken = account.accessToken;
  const createKey = async (scopes: string[]) => {
    const created = await call(`${auth.url}/api/v1/auth/api-keys`, {
      token: accessToken,
      body: { name: `key ${scopes.join(',')}`, scopes },
    });
    expect(created.status).toBe(201);
    return created.body.key as string;
  };
  travelKey = await createKey(['travel']);
  mediaKey = await createKey(['media', 'search']);
});
afterAll(async () => {
  await travel?.close();
  await auth?.close();
  await world?.close();
});

describe('API keys', () => {
  it('a key with the travel scope reaches every travel route', async () => {
    const client = travelClient(travel.url, travelKey);
    expect((await client.locations('query=louvre')).status).toBe(200);
    expect((await client.location('188757', 'photos')).status).toBe(200);
    expect(
      (await client.hotels(`destination=PAR&checkIn=${daysFromNow(9)}&checkOut=${daysFromNow(10)}`)).status,
    ).toBe(200);
    expect((await client.inspiration('season=spring&theme=food')).status).toBe(200);
    const plan = await client.itinerary({
      destination: 'Lisbon',
      startDate: daysFromNow(9),
      endDate: daysFromNow(9),
    });
    expect(plan.status).toBe(200);
  });

  it('a key without it is 403 naming the scope; a revoked or made-up key is 401', async () => {
    const response = await travelClient(travel.url, mediaKey).locations('query=louvre');
    expect(response.status).toBe(403);
    expect(response.body.error).toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('"travel"'),
    });
    const made = await travelClient(travel.url, 'pk_not_a_real_key_000000000000').inspiration();
    expect(made.status).toBe(401);
  });

  it('a session JWT holds every scope', async () => {
    expect((await travelClient(travel.url, accessToken).locations('query=eiffel')).status).toBe(200);
  });
});

describe('secrets in logs', () => {
  it('no key, secret, token or credential appears in any log line, debug included', async () => {
    await refresh(travel.url, { deadlineMs: 30_000 });
    const client = travelClient(travel.url, travelKey);
    world.tripadvisor.setMode('error');
    world.amadeus.setMode('rate_limited');
    await client.location('195249');
    await client.hotels(`destination=LON&checkIn=${daysFromNow(11)}&checkOut=${daysFromNow(12)}`);
    world.tripadvisor.setMode('ok');
    world.amadeus.setMode('ok');

    const amadeusTokens = world.amadeus.calls
      .map((entry) => /^Bearer (\S+)$/.exec(entry.headers.authorization ?? '')?.[1])
      .filter((token): token is string => Boolean(token));
    expect(amadeusTokens.length).toBeGreaterThan(0);
    const logs = travel.logs.text();
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [
      TRIPADVISOR_KEY,
      AMADEUS_CLIENT.clientSecret,
      ...amadeusTokens,
      OPENAI_KEY,
      SERVICE_TOKEN,
      travelKey,
      accessToken,
    ]) {
      expect(logs).not.toContain(secret);
    }
  });
});
