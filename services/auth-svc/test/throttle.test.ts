import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuthServiceUnderTest,
  call,
  GOOD_PASSWORD,
  signUp,
  startAuthService,
  uniqueEmail,
} from './harness.ts';

let auth: AuthServiceUnderTest;
const login = (email: string, password: string, ip: string) =>
  call(`${auth.url}/api/v1/auth/login`, { body: { email, password }, headers: { 'x-forwarded-for': ip } });

beforeAll(async () => {
  auth = await startAuthService({
    TRUST_PROXY: 'true',
    LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
    LOGIN_MAX_FAILURES_PER_IP: '5',
    RATE_LIMITS: 'auth=12/60s',
  });
});
afterAll(() => auth.close());

describe('login throttling', () => {
  it('locks an account after repeated failures, even for the right password, from any IP', async () => {
    const email = uniqueEmail();
    await signUp(auth.url, email);
    for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) {
      expect((await login(email, 'wrong password here', ip)).status).toBe(401);
    }
    const locked = await login(email, GOOD_PASSWORD, '10.0.0.4');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('rate_limited');
    expect(locked.body.error.details.scope).toBe('account');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('resets the account budget after a successful login', async () => {
    const email = uniqueEmail();
    await signUp(auth.url, email);
    await login(email, 'wrong password here', '10.1.0.1');
    await login(email, 'wrong password here', '10.1.0.1');
    expect((await login(email, GOOD_PASSWORD, '10.1.0.1')).status).toBe(200);
    await login(email, 'wrong password here', '10.1.0.1');
    await login(email, 'wrong password here', '10.1.0.1');
    expect((await login(email, GOOD_PASSWORD, '10.1.0.1')).status).toBe(200);
  });

  it('locks an IP spraying many accounts, without locking those accounts elsewhere', async () => {
    const victims = await Promise.all(
      [1, 2, 3, 4, 5].map(async () => {
        const email = uniqueEmail();
        await signUp(auth.url, email);
        return email;
      }),
    );
    for (const email of victims)
      expect((await login(email, 'wrong password here', '10.2.0.9')).status).toBe(401);
    const blocked = await login(victims[0] as string, GOOD_PASSWORD, '10.2.0.9');
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.details.scope).toBe('ip');
    expect((await login(victims[1] as string, GOOD_PASSWORD, '10.2.0.10')).status).toBe(200);
  });

  it('rate-limits the unauthenticated auth routes per IP with Retry-After', async () => {
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof login>> | undefined;
    for (let attempt = 0; attempt < 14; attempt += 1) {
      last = await call(`${auth.url}/api/v1/auth/refresh`, {
        body: { refreshToken: 'rt_nothing' },
        headers: { 'x-forwarded-for': '10.9.9.9' },
      });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 12).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(12)).toEqual([429, 429]);
    expect(last?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(last?.body.error.code).toBe('rate_limited');
  });
});
