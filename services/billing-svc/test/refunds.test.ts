import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BillingServiceUnderTest,
  billingClient,
  checkout,
  internalClient,
  ledgerInvariants,
  startBillingService,
} from './harness.ts';

let svc: BillingServiceUnderTest;
let admin: ReturnType<typeof billingClient>;

beforeAll(async () => {
  svc = await startBillingService();
  admin = billingClient(svc.url, await svc.token('root', { role: 'admin', orgId: 'org-ops' }));
});
afterAll(() => svc?.close());

/** A user who paid for `planId` (settled by the webhook). */
async function paidFor(userId: string, planId: string) {
  const client = billingClient(svc.url, await svc.token(userId));
  const { paymentId, yookassaId, notification } = await checkout(svc, client, planId);
  expect((await svc.notify(notification)).status).toBe(200);
  return { client, paymentId, yookassaId };
}

const rub = (value: string) => ({ value, currency: 'RUB' });

describe('an admin refunds a payment', () => {
  it('in full: YooKassa refunds it (POST /v3/refunds with an idempotence key) and the credits leave the ledger', async () => {
    const { client, paymentId, yookassaId } = await paidFor('rita', 'credits-500');
    expect((await client.balance()).body.balance.credits).toBe(500);

    const key = randomUUID();
    const refunded = await admin.refund({ paymentId, reason: 'Customer asked within 14 days' }, key);
    expect(refunded.status).toBe(201);
    expect(refunded.body.refund).toMatchObject({
      paymentId,
      status: 'succeeded',
      amount: rub('790.00'),
      creditsReversed: 500,
      reason: 'Customer asked within 14 days',
      createdBy: 'root',
    });
    const sent = svc.yookassa?.calls.find((call) => call.method === 'POST' && call.path === '/v3/refunds');
    expect(sent?.headers['idempotence-key']).toBe(refunded.body.refund.id);
    expect(sent?.body).toMatchObject({ payment_id: yookassaId, amount: rub('790.00') });
    expect(svc.yookassa?.payment(yookassaId)?.refunded_amount).toEqual(rub('790.00'));

    expect((await client.balance()).body.balance.credits).toBe(0);
    expect((await client.payment(paymentId)).body.payment.refunded).toEqual(rub('790.00'));
    const [latest] = (await client.ledger()).body.entries;
    expect(latest).toMatchObject({
      kind: 'refund',
      amount: -500,
      balanceAfter: 0,
      refundId: refunded.body.refund.id,
    });

    // The same request again (a lost answer, a double click): the same refund, nothing more.
    const again = await admin.refund({ paymentId, reason: 'Customer asked within 14 days' }, key);
    expect(again.status).toBe(200);
    expect(again.body.refund.id).toBe(refunded.body.refund.id);
    expect(svc.yookassa?.refunds()).toHaveLength(1);
    expect((await client.ledger()).body.entries).toHaveLength(2);

    // Nothing is left to refund.
    const more = await admin.refund({ paymentId, reason: 'again' });
    expect(more.status).toBe(409);
    expect(more.body.error.details.reason).toBe('exceeds_refundable');

    const created = await svc.audit.waitFor(
      (event) => event.action === 'billing.refund.created' && event.target?.id === refunded.body.refund.id,
    );
    expect(created).toMatchObject({
      actor: { id: 'root', type: 'user' },
      orgId: 'org-ops',
      details: expect.objectContaining({ paymentId, amount: rub('790.00') }),
    });
    // YooKassa's refund.succeeded notification, verified against its API, changes nothing more.
    const refundId = svc.yookassa?.refunds()[0]?.id;
    expect(
      (await svc.notify({ type: 'notification', event: 'refund.succeeded', object: { id: refundId } }))
        .status,
    ).toBe(200);
    expect((await client.balance()).body.balance.credits).toBe(0);
    expect(await ledgerInvariants(svc)).toEqual({
      unbalancedTransactions: 0,
      total: 0,
      mismatchedBalances: 0,
    });
  });

  it('in parts: each part takes back its share of the credits, the whole takes back all', async () => {
    const { client, paymentId } = await paidFor('paul', 'credits-100');
    const first = await admin.refund({ paymentId, amount: rub('100.00'), reason: 'partly' });
    expect(first.body.refund).toMatchObject({
      status: 'succeeded',
      amount: rub('100.00'),
      creditsReversed: 50,
    });
    expect((await client.balance()).body.balance.credits).toBe(50);
    const over = await admin.refund({ paymentId, amount: rub('99.01'), reason: 'too much' });
    expect(over.status).toBe(409);
    expect(over.body.error.details).toMatchObject({ reason: 'exceeds_refundable', available: rub('99.00') });
    const rest = await admin.refund({ paymentId, reason: 'the rest' });
    expect(rest.body.refund).toMatchObject({ amount: rub('99.00'), creditsReversed: 50 });
    expect((await client.balance()).body.balance.credits).toBe(0);
  });

  it('credits already spent stay spent: only what is left is taken back', async () => {
    const { client, paymentId } = await paidFor('sam', 'credits-100');
    const spent = await internalClient(svc.url).spend({
      userId: 'sam',
      amount: 70,
      reason: 'pro searches',
      idempotencyKey: randomUUID(),
    });
    expect(spent.status).toBe(200);
    const refunded = await admin.refund({ paymentId, reason: 'goodwill' });
    expect(refunded.body.refund).toMatchObject({ status: 'succeeded', creditsReversed: 30 });
    expect((await client.balance()).body.balance.credits).toBe(0);
    expect(await ledgerInvariants(svc)).toEqual({
      unbalancedTransactions: 0,
      total: 0,
      mismatchedBalances: 0,
    });
  });

  it('of the payment that paid the current month ends the subscription', async () => {
    const { client, paymentId } = await paidFor('tess', 'pro');
    const refunded = await admin.refund({ paymentId, reason: 'charged by mistake' });
    expect(refunded.status).toBe(201);
    expect((await client.subscription()).body).toMatchObject({
      subscription: { status: 'ended', endedReason: 'refunded', renews: false },
      plan: { id: 'free' },
    });
    expect((await client.balance()).body.balance.credits).toBe(0);
  });

  it('only of a succeeded payment', async () => {
    const client = billingClient(svc.url, await svc.token('uma'));
    const pending = (await client.buy({ planId: 'credits-100' })).body.payment.id;
    const response = await admin.refund({ paymentId: pending, reason: 'nothing paid yet' });
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({
      code: 'conflict',
      details: { reason: 'not_refundable', status: 'pending' },
    });
    const unknown = await admin.refund({ paymentId: randomUUID(), reason: 'no such payment' });
    expect(unknown.status).toBe(404);
    expect(svc.yookassa?.calls.filter((call) => call.path === '/v3/refunds')).toHaveLength(
      svc.yookassa?.refunds().length ?? -1,
    );
  });

  it('reusing a key for another refund is 409', async () => {
    const { paymentId } = await paidFor('vic', 'credits-500');
    const key = randomUUID();
    expect((await admin.refund({ paymentId, amount: rub('10.00'), reason: 'a' }, key)).status).toBe(201);
    const reused = await admin.refund({ paymentId, amount: rub('20.00'), reason: 'a' }, key);
    expect(reused.status).toBe(409);
    expect(reused.body.error.details.reason).toBe('idempotency_key_reused');
  });
});
