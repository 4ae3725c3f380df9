import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthServiceUnderTest, signUp, startAuthService } from '../../auth-svc/test/harness.ts';
import { call, expectError, type FinanceServiceUnderTest, startFinanceService } from './harness.ts';

/**
 * API keys are checked by the real auth-svc (introspection over HTTP), as in production: only a
 * key holding the "finance" scope reads market data; sessions hold every scope.
 */
let auth: AuthServiceUnderTest;
let svc: FinanceServiceUnderTest;
let session: string;

beforeAll(async () => {
  auth = await startAuthService({ LOG_LEVEL: 'warn' });
  svc = await startFinanceService({ env: { AUTH_SERVICE_URL: auth.url, JWT_PUBLIC_KEY: auth.publicKeyPem } });
  session = (await signUp(auth.url)).accessToken;
});
afterAll(async () => {
  await svc?.close();
  await auth?.close();
});

async function createKey(scopes: string[]) {
  const created = await call(`${auth.url}/api/v1/auth/api-keys`, {
    token: session,
    body: { name: `finance test ${scopes.join(' ')}`, scopes },
  });
  expect(created.status).toBe(201);
  return created.body as { id: string; key: string };
}

const quote = (token: string) => call(`${svc.url}/api/v1/finance/quote/AAPL`, { token });

describe('API keys on the finance routes', () => {
  it('a key with the finance scope reads quotes', async () => {
    const { key } = await createKey(['finance']);
    const response = await quote(key);
    expect(response.status).toBe(200);
    expect(response.body.symbol).toBe('AAPL');
  });

  it('a key without it is 403 forbidden naming the scope, and FMP is not asked', async () => {
    const { key } = await createKey(['chat', 'search']);
    svc.fmp.reset();
    const response = await quote(key);
    expectError(response, 403, 'forbidden');
    expect(response.body.error.message).toContain('"finance"');
    expect(svc.fmp.requestCount()).toBe(0);
  });

  it('an unknown or revoked key is 401', async () => {
    expectError(await quote('pk_not_a_real_key_000000000000'), 401, 'invalid_token');
    const { id, key } = await createKey(['finance']);
    expect((await quote(key)).status).toBe(200);
    const revoked = await call(`${auth.url}/api/v1/auth/api-keys/${id}`, {
      method: 'DELETE',
      token: session,
    });
    expect(revoked.status).toBe(200);
    // The revocation travels through Redis pub/sub; bounded polling, far below the verdict cache's 30 s.
    await expect.poll(async () => (await quote(key)).status, { timeout: 3_000 }).toBe(401);
  });

  it('a session from auth-svc reads everything', async () => {
    expect((await call(`${svc.url}/api/v1/finance/movers`, { token: session })).status).toBe(200);
  });
});
