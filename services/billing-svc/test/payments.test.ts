import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BillingServiceUnderTest,
  billingClient,
  checkout,
  ledgerInvariants,
  RETURN_URL,
  startBillingService,
  yookassaIdOf,
} from './harness.ts';

let svc: BillingServiceUnderTest;

beforeAll(async () => {
  svc = await startBillingService();
});
afterAll(() => svc?.close());

const clientFor = async (userId: string, orgId: string | null = null) =>
  billingClient(svc.url, await svc.token(userId, { orgId }));

describe('the plans', () => {
  it('are public, priced in RUB as YooKassa writes amounts', async () => {
    const { status, body } = await (await clientFor('anyone')).plans();
    expect(status).toBe(200);
    expect(body.plans.map((plan: { id: string }) => plan.id)).toEqual([
      'free',
      'pro',
      'credits-100',
      'credits-500',
    ]);
    expect(body.plans[1]).toEqual({
      id: 'pro',
      kind: 'subscription',
      name: 'Pro',
      description: 'Perplexica Pro, 1 month',
      price: { value: '990.00', currency: 'RUB' },
      credits: 1000,
      period: '1 month',
      quotas: { quality_answer: 300 },
    });
    expect(body.payments).toEqual({ configured: true });
    const anonymous = await fetch(`${svc.url}/api/v1/billing/plans`);
    expect(anonymous.status).toBe(200);
  });
});

describe('buying a credit pack', () => {
  it('creates a YooKassa payment, and its webhook (verified with the API) credits the balance once', async () => {
    const alice = await clientFor('alice', 'org-a');
    const key = randomUUID();
    const created = await alice.buy({ planId: 'credits-100' }, key);
    expect(created.status).toBe(201);
    const payment = created.body.payment;
    expect(payment).toMatchObject({
      planId: 'credits-100',
      purpose: 'credits',
      status: 'pending',
      amount: { value: '199.00', currency: 'RUB' },
      credits: 100,
      paidAt: null,
    });
    expect(created.body.confirmationUrl).toMatch(
      /^https:\/\/yoomoney\.ru\/checkout\/payments\/v2\/contract\?orderId=/,
    );

    // What the SDK sent: our payment id as the idempotence key, a redirect back to the app.
    const sent = svc.yookassa?.calls.find((call) => call.method === 'POST' && call.path === '/v3/payments');
    expect(sent?.headers['idempotence-key']).toBe(payment.id);
    expect(sent?.body).toMatchObject({
      amount: { value: '199.00', currency: 'RUB' },
      capture: true,
      confirmation: { type: 'redirect', return_url: `${RETURN_URL}?payment=${payment.id}` },
      metadata: { paymentId: payment.id, planId: 'credits-100' },
    });
    expect(sent?.body).not.toHaveProperty('save_payment_method');
    expect(sent?.body).not.toHaveProperty('receipt');

    expect((await alice.balance()).body.balance.credits).toBe(0);
    const notification = svc.yookassa?.succeed(await yookassaIdOf(svc, payment.id));
    const delivered = await svc.notify(notification);
    expect(delivered).toMatchObject({ status: 200, body: { received: true } });
    // Verified against the API, not the body: the fake saw the GET.
    expect(
      svc.yookassa?.calls.some((call) => call.method === 'GET' && call.path.startsWith('/v3/payments/')),
    ).toBe(true);

    expect((await alice.balance()).body.balance.credits).toBe(100);
    const read = await alice.payment(payment.id);
    expect(read.body.payment).toMatchObject({
      status: 'succeeded',
      confirmationUrl: null,
      paidAt: expect.any(String),
    });
    const ledger = (await alice.ledger()).body.entries;
    expect(ledger).toEqual([
      expect.objectContaining({ kind: 'payment', amount: 100, balanceAfter: 100, paymentId: payment.id }),
    ]);

    // YooKassa delivers again (it retries until it sees a 200; duplicates happen): nothing more.
    expect((await svc.notify(notification)).status).toBe(200);
    expect((await svc.notify(notification)).status).toBe(200);
    expect((await alice.balance()).body.balance.credits).toBe(100);
    expect((await alice.ledger()).body.entries).toHaveLength(1);

    const succeeded = await svc.audit.waitFor(
      (event) => event.action === 'billing.payment.succeeded' && event.target?.id === payment.id,
    );
    expect(succeeded).toMatchObject({
      actor: { id: 'billing-svc', type: 'service' },
      orgId: 'org-a',
      outcome: 'success',
      details: expect.objectContaining({
        userId: 'alice',
        planId: 'credits-100',
        credits: 100,
        amount: '199.00',
      }),
    });
    await svc.audit.waitFor(
      (event) =>
        event.action === 'billing.payment.created' &&
        event.actor.id === 'alice' &&
        event.target?.id === payment.id,
    );
    expect(
      (await svc.auditEvents('billing.payment.succeeded')).filter((event) => event.target?.id === payment.id),
    ).toHaveLength(1);
    expect(await ledgerInvariants(svc)).toEqual({
      unbalancedTransactions: 0,
      total: 0,
      mismatchedBalances: 0,
    });
  });

  it('a retried create with the same Idempotence-Key is the same payment, made once at YooKassa', async () => {
    const bob = await clientFor('bob');
    const key = randomUUID();
    const before = svc.yookassa?.payments().length ?? 0;
    const first = await bob.buy({ planId: 'credits-500' }, key);
    const again = await bob.buy({ planId: 'credits-500' }, key);
    const concurrent = await Promise.all([1, 2, 3].map(() => bob.buy({ planId: 'credits-500' }, key)));
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    for (const response of [again, ...concurrent]) {
      expect(response.body.payment.id).toBe(first.body.payment.id);
      expect(response.body.confirmationUrl).toBe(first.body.confirmationUrl);
    }
    expect(svc.yookassa?.payments().length).toBe(before + 1);

    const reused = await bob.buy({ planId: 'credits-100' }, key);
    expect(reused.status).toBe(409);
    expect(reused.body.error).toMatchObject({
      code: 'conflict',
      details: { reason: 'idempotency_key_reused' },
    });
    // The same key is another user's own business.
    expect((await (await clientFor('carol')).buy({ planId: 'credits-500' }, key)).status).toBe(201);
  });

  it('when the user is back before the webhook, reading the payment settles it from the API', async () => {
    const dave = await clientFor('dave');
    const created = await dave.buy({ planId: 'credits-100' });
    const paymentId = created.body.payment.id;
    expect((await dave.payment(paymentId)).body.payment.status).toBe('pending');
    svc.yookassa?.succeed(await yookassaIdOf(svc, paymentId));
    expect((await dave.payment(paymentId)).body.payment.status).toBe('succeeded');
    expect((await dave.balance()).body.balance.credits).toBe(100);
    // The webhook arriving afterwards changes nothing.
    const notification = {
      type: 'notification',
      event: 'payment.succeeded',
      object: { id: await yookassaIdOf(svc, paymentId) },
    };
    expect((await svc.notify(notification)).status).toBe(200);
    expect((await dave.balance()).body.balance.credits).toBe(100);
  });

  it('a canceled payment credits nothing', async () => {
    const erin = await clientFor('erin');
    const created = await erin.buy({ planId: 'credits-100' });
    const paymentId = created.body.payment.id;
    const notification = svc.yookassa?.cancel(await yookassaIdOf(svc, paymentId));
    expect((await svc.notify(notification)).status).toBe(200);
    expect((await erin.payment(paymentId)).body.payment).toMatchObject({
      status: 'canceled',
      failureReason: 'expired_on_confirmation',
      confirmationUrl: null,
    });
    expect((await erin.balance()).body.balance.credits).toBe(0);
    await svc.audit.waitFor(
      (event) => event.action === 'billing.payment.canceled' && event.target?.id === paymentId,
    );
  });

  it('the payment-check job settles a payment whose notification never came', async () => {
    const fay = await clientFor('fay');
    const created = await fay.buy({ planId: 'credits-100' });
    const paymentId = created.body.payment.id;
    svc.yookassa?.succeed(await yookassaIdOf(svc, paymentId));
    // The job was queued (delayed) by the checkout; run it now.
    const job = await svc.queue.getJob(`check-${paymentId}`);
    expect(job).toBeDefined();
    await job?.promote();
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && (await job?.getState()) !== 'completed') {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await job?.getState()).toBe('completed');
    const balance = await svc.database.db
      .selectFrom('accounts')
      .select('balance')
      .where('id', '=', 'user:fay')
      .executeTakeFirstOrThrow();
    expect(Number(balance.balance)).toBe(100);
  });
});

describe('buying Pro', () => {
  it('saves the card, activates the subscription for a month, and adds the month’s credits', async () => {
    const gus = await clientFor('gus', 'org-g');
    const { paymentId, notification } = await checkout(svc, gus, 'pro');
    const sent = svc.yookassa?.calls.find(
      (call) =>
        call.method === 'POST' &&
        call.path === '/v3/payments' &&
        call.headers['idempotence-key'] === paymentId,
    );
    expect(sent?.body).toMatchObject({
      save_payment_method: true,
      amount: { value: '990.00', currency: 'RUB' },
    });
    expect((await gus.subscription()).body).toMatchObject({ subscription: null, plan: { id: 'free' } });

    expect((await svc.notify(notification)).status).toBe(200);
    const { body } = await gus.subscription();
    expect(body.plan.id).toBe('pro');
    expect(body.subscription).toMatchObject({
      planId: 'pro',
      status: 'active',
      cancelAtPeriodEnd: false,
      renews: true,
      endedAt: null,
    });
    const start = new Date(body.subscription.currentPeriodStart);
    const end = new Date(body.subscription.currentPeriodEnd);
    const expectedEnd = new Date(start);
    expectedEnd.setUTCMonth(expectedEnd.getUTCMonth() + 1);
    // Postgres' "+ 1 month" clamps to the month's last day; allow that.
    expect(end.getTime()).toBeLessThanOrEqual(expectedEnd.getTime());
    expect(end.getTime() - start.getTime()).toBeGreaterThan(27 * 86_400_000);
    expect((await gus.balance()).body.balance.credits).toBe(1000);
    expect((await gus.payment(paymentId)).body.payment.subscriptionId).toBe(body.subscription.id);
    await svc.audit.waitFor(
      (event) =>
        event.action === 'billing.subscription.activated' && event.target?.id === body.subscription.id,
    );

    // Subscribed already: a second checkout for Pro is refused.
    const again = await gus.buy({ planId: 'pro' });
    expect(again.status).toBe(409);
    expect(again.body.error.details.reason).toBe('already_subscribed');
    // Credit packs are still for sale.
    expect((await gus.buy({ planId: 'credits-100' })).status).toBe(201);
  });
});
