import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BillingServiceUnderTest,
  billingClient,
  call,
  checkout,
  internalClient,
  startBillingService,
} from './harness.ts';

let svc: BillingServiceUnderTest;
let alice: ReturnType<typeof billingClient>;
let bob: ReturnType<typeof billingClient>;
let alicePaymentId: string;

beforeAll(async () => {
  svc = await startBillingService();
  alice = billingClient(svc.url, await svc.token('alice', { orgId: 'org-1', orgRole: 'owner' }));
  // Bob is in Alice's org and owns another one elsewhere: neither reaches Alice's billing.
  bob = billingClient(svc.url, await svc.token('bob', { orgId: 'org-1', orgRole: 'member' }));
  const { paymentId, notification } = await checkout(svc, alice, 'pro');
  expect((await svc.notify(notification)).status).toBe(200);
  alicePaymentId = paymentId;
});
afterAll(() => svc?.close());

describe("another user's billing", () => {
  it("Alice's payment is 404 for Bob, exactly like a payment that does not exist", async () => {
    const theirs = await bob.payment(alicePaymentId);
    const missing = await bob.payment(randomUUID());
    for (const response of [theirs, missing]) {
      expect(response.status).toBe(404);
      expect(response.body.error).toMatchObject({ code: 'not_found', message: 'Payment not found' });
    }
    expect((await alice.payment(alicePaymentId)).status).toBe(200);
  });

  it("Bob sees his own balance, ledger and subscription, never Alice's", async () => {
    expect((await alice.balance()).body.balance.credits).toBe(1000);
    expect((await bob.balance()).body.balance.credits).toBe(0);
    expect((await bob.ledger()).body).toEqual({ entries: [], nextCursor: null });
    expect((await bob.subscription()).body).toMatchObject({ subscription: null, plan: { id: 'free' } });
    // Query parameters naming another user are not part of the API and change nothing.
    expect((await bob.ledger('userId=alice')).body.entries).toEqual([]);
    expect(
      (await call(`${svc.url}/api/v1/billing/balance?userId=alice`, { token: await svc.token('bob') })).body,
    ).toEqual({
      balance: { credits: 0, updatedAt: null },
    });
  });

  it("Bob cannot cancel Alice's subscription: his cancel finds none", async () => {
    expect((await bob.cancel()).status).toBe(404);
    expect((await alice.subscription()).body.subscription.cancelAtPeriodEnd).toBe(false);
  });

  it("Bob cannot spend Alice's credits: the public API has no spend route", async () => {
    const response = await call(`${svc.url}/api/v1/billing/spend`, {
      method: 'POST',
      body: { userId: 'alice', amount: 1, reason: 'x', idempotencyKey: 'k' },
      token: await svc.token('bob'),
    });
    expect(response.status).toBe(404);
    expect((await alice.balance()).body.balance.credits).toBe(1000);
  });
});

describe('admin routes', () => {
  it('are 404 for everyone but a platform admin (org owners included), as audit-svc does', async () => {
    for (const client of [alice, bob]) {
      const refund = await client.refund({ paymentId: alicePaymentId, reason: 'mine now' });
      expect(refund.status).toBe(404);
      expect(refund.body.error.code).toBe('not_found');
      const granted = await client.grant({ userId: 'bob', amount: 1000, reason: 'free money' });
      expect(granted.status).toBe(404);
    }
    expect(svc.yookassa?.refunds()).toEqual([]);
    expect((await bob.balance()).body.balance.credits).toBe(0);
  });

  it('need a token at all (401)', async () => {
    const response = await call(`${svc.url}/api/v1/billing/admin/refunds`, {
      method: 'POST',
      body: { paymentId: alicePaymentId, reason: 'x' },
      headers: { 'idempotence-key': randomUUID() },
    });
    expect(response.status).toBe(401);
  });
});

describe('internal routes', () => {
  it('are hidden (404) without the service token, or with a wrong one, and charge nothing', async () => {
    const body = { userId: 'alice', amount: 10, reason: 'x', idempotencyKey: randomUUID() };
    for (const token of [null, 'wrong-token-0123456789abcdefgh', '']) {
      const client = internalClient(svc.url, token);
      const spent = await client.spend(body);
      expect(spent.status).toBe(404);
      expect(spent.body.error.code).toBe('not_found');
      expect((await client.balance('alice')).status).toBe(404);
    }
    // A user's session token is not a service token.
    const withSession = await call(`${svc.url}/internal/v1/billing/spend`, {
      method: 'POST',
      body,
      token: await svc.token('alice', { role: 'admin' }),
    });
    expect(withSession.status).toBe(404);
    expect((await alice.balance()).body.balance.credits).toBe(1000);
  });
});

describe('signing in', () => {
  it('every account route needs a valid session (401); the catalogue does not', async () => {
    const base = `${svc.url}/api/v1/billing`;
    for (const [method, path] of [
      ['GET', '/balance'],
      ['GET', '/ledger'],
      ['POST', '/payments'],
      ['GET', `/payments/${alicePaymentId}`],
      ['GET', '/subscription'],
      ['POST', '/subscription/cancel'],
    ] as const) {
      const none = await call(`${base}${path}`, { method, ...(method === 'POST' ? { body: {} } : {}) });
      expect(none.status, `${method} ${path}`).toBe(401);
      expect(none.body.error.code).toBe('unauthorized');
      const bad = await call(`${base}${path}`, { method, token: 'not-a-jwt' });
      expect(bad.status).toBe(401);
      expect(bad.body.error.code).toBe('invalid_token');
    }
    expect((await call(`${base}/plans`)).status).toBe(200);
  });
});
