import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuthServiceUnderTest,
  call,
  SERVICE_TOKEN,
  signUp,
  startAuthService,
  uniqueEmail,
} from './harness.ts';

let auth: AuthServiceUnderTest;
beforeAll(async () => {
  auth = await startAuthService();
});
afterAll(() => auth.close());

const lookup = (email: string, serviceToken?: string) =>
  call(`${auth.url}/internal/v1/users/by-email?email=${encodeURIComponent(email)}`, {
    headers: serviceToken ? { 'x-service-token': serviceToken } : {},
  });

describe('GET /internal/v1/users/by-email', () => {
  it('names the account behind an email (in any case), and nothing else about it', async () => {
    const email = uniqueEmail('lookup.test');
    const account = await signUp(auth.url, email);
    const found = await lookup(email.toUpperCase(), SERVICE_TOKEN);
    expect(found.status).toBe(200);
    expect(found.body).toEqual({ user: { id: account.user.id, email, orgId: null } });
  });

  it('is 404 for an unknown email, 400 for a malformed one, and hidden without the service token', async () => {
    expect((await lookup('nobody-here@lookup.test', SERVICE_TOKEN)).status).toBe(404);
    const malformed = await lookup('not-an-email', SERVICE_TOKEN);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('validation_failed');
    expect((await lookup('nobody-here@lookup.test')).status).toBe(404);
    expect((await lookup('nobody-here@lookup.test', 'a-wrong-token-that-is-long-enough')).status).toBe(404);
  });
});

const byId = (id: string, serviceToken?: string) =>
  call(`${auth.url}/internal/v1/users/${encodeURIComponent(id)}`, {
    headers: serviceToken ? { 'x-service-token': serviceToken } : {},
  });

describe('GET /internal/v1/users/:id', () => {
  it('gives the email of an account known by id', async () => {
    const email = uniqueEmail('by-id.test');
    const account = await signUp(auth.url, email);
    const found = await byId(account.user.id, SERVICE_TOKEN);
    expect(found.status).toBe(200);
    expect(found.body).toEqual({
      user: { id: account.user.id, email, orgId: null },
    });
  });

  it('is 404 for an unknown id, 400 for one that is not a UUID, and hidden without the service token', async () => {
    expect((await byId('00000000-0000-4000-8000-000000000000', SERVICE_TOKEN)).status).toBe(404);
    const malformed = await byId('not-a-uuid', SERVICE_TOKEN);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('validation_failed');
    const account = await signUp(auth.url, uniqueEmail('by-id.test'));
    expect((await byId(account.user.id)).status).toBe(404);
  });
});
