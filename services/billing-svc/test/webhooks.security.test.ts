import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BillingServiceUnderTest,
  billingClient,
  call,
  ledgerInvariants,
  SECRET_KEY,
  startBillingService,
  yookassaIdOf,
} from './harness.ts';

let svc: BillingServiceUnderTest;
let alice: ReturnType<typeof billingClient>;

beforeAll(async () => {
  svc = await startBillingService();
  alice = billingClient(svc.url, await svc.token('alice'));
});
afterAll(() => svc?.close());

/** A pending credit-pack payment of Alice's: our id and YooKassa's. */
async function pendingPayment(planId = 'credits-100') {
  const created = await alice.buy({ planId });
  expect(created.status).toBe(201);
  return {
    paymentId: created.body.payment.id as string,
    yookassaId: await yookassaIdOf(svc, created.body.payment.id),
  };
}

const fakePaymentObject = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  status: 'succeeded',
  paid: true,
  amount: { value: '199.00', currency: 'RUB' },
  metadata: {},
  test: false,
  ...extra,
});

describe('a forged notification changes nothing', () => {
  it('for a payment YooKassa does not know', async () => {
    const response = await svc.notify({
      type: 'notification',
      event: 'payment.succeeded',
      object: fakePaymentObject('2f0c7b8e-000f-5000-8000-1a2b3c4d5e6f'),
    });
    expect(response).toMatchObject({ status: 200, body: { received: true } });
    expect((await alice.balance()).body.balance.credits).toBe(0);
  });

  it('claiming "succeeded" for a payment the API says is pending', async () => {
    const { paymentId, yookassaId } = await pendingPayment();
    const forged = {
      type: 'notification',
      event: 'payment.succeeded',
      object: fakePaymentObject(yookassaId, { metadata: { paymentId, planId: 'credits-100' } }),
    };
    expect((await svc.notify(forged)).status).toBe(200);
    expect((await alice.payment(paymentId)).body.payment.status).toBe('pending');
    expect((await alice.balance()).body.balance.credits).toBe(0);
    expect((await alice.ledger()).body.entries).toEqual([]);
    expect(await svc.auditEvents('billing.payment.succeeded')).toEqual([]);
  });

  it('claiming "canceled" for a payment the API says succeeded', async () => {
    const { paymentId, yookassaId } = await pendingPayment();
    svc.yookassa?.succeed(yookassaId);
    const forged = {
      type: 'notification',
      event: 'payment.canceled',
      object: fakePaymentObject(yookassaId, { status: 'canceled', paid: false }),
    };
    expect((await svc.notify(forged)).status).toBe(200);
    // The API's word is what was acted on: the payment succeeded and was credited.
    expect((await alice.payment(paymentId)).body.payment.status).toBe('succeeded');
    expect((await alice.balance()).body.balance.credits).toBe(100);
  });

  it('for a YooKassa payment whose amount differs from the one billing-svc created', async () => {
    const { paymentId, yookassaId } = await pendingPayment();
    const before = (await alice.balance()).body.balance.credits;
    // Our record says 0.01 RUB; YooKassa's payment is 199.00 RUB.
    await svc.database.db
      .updateTable('payments')
      .set({ amount_kopecks: 1 })
      .where('id', '=', paymentId)
      .execute();
    svc.yookassa?.succeed(yookassaId);
    expect(
      (await svc.notify({ type: 'notification', event: 'payment.succeeded', object: { id: yookassaId } }))
        .status,
    ).toBe(200);
    // Amounts differ between our row and YooKassa's payment: not acted on, and logged.
    expect((await alice.balance()).body.balance.credits).toBe(before);
    expect(svc.logs.text()).toContain('does not match the payment created');
  });

  it('a refund notification for a refund we never made', async () => {
    const response = await svc.notify({
      type: 'notification',
      event: 'refund.succeeded',
      object: { id: '2f0c7b8e-0015-5000-8000-1a2b3c4d5e6f', payment_id: 'x', status: 'succeeded' },
    });
    expect(response.status).toBe(200);
  });
});

describe('notifications YooKassa sends that billing-svc does not act on', () => {
  it('unknown events are answered 200 (so YooKassa stops retrying) and ignored', async () => {
    for (const event of ['payout.succeeded', 'deal.closed', 'payment_method.active']) {
      const response = await svc.notify({ type: 'notification', event, object: { id: 'abc-123' } });
      expect(response).toMatchObject({ status: 200, body: { received: true } });
    }
    expect(await ledgerInvariants(svc)).toMatchObject({ unbalancedTransactions: 0, mismatchedBalances: 0 });
  });
});

describe('malformed notifications', () => {
  it('are 400 in the one error shape, never acted on', async () => {
    const url = `${svc.url}/api/v1/billing/webhooks/yookassa`;
    for (const body of [
      {},
      { type: 'notification' },
      { type: 'notification', event: 'payment.succeeded' },
      { type: 'notification', event: 'payment.succeeded', object: {} },
      { type: 'notification', event: 'payment.succeeded', object: { id: 42 } },
      { type: 'notification', event: 'payment.succeeded', object: { id: '../../v3/refunds' } },
      { type: 'something', event: 'payment.succeeded', object: { id: 'abc' } },
      { type: 'notification', event: '', object: { id: 'abc' } },
      [],
      'null',
    ]) {
      const response = await call(url, { method: 'POST', body });
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'validation_failed', requestId: expect.any(String) });
    }
    const broken = await call(url, { method: 'POST', body: '{"type":' });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('invalid_json');
    const notJson = await call(url, {
      method: 'POST',
      body: 'a=b',
      headers: { 'content-type': 'text/plain' },
    });
    expect(notJson.status).toBe(415);
  });
});

describe('when YooKassa cannot be asked', () => {
  it('the notification is answered 502, so YooKassa delivers it again, and nothing changes until then', async () => {
    const { paymentId, yookassaId } = await pendingPayment();
    const notification = svc.yookassa?.succeed(yookassaId);
    const before = (await alice.balance()).body.balance.credits;
    svc.yookassa?.setMode('error');
    try {
      const response = await svc.notify(notification);
      expect(response.status).toBe(502);
      expect(response.body.error).toMatchObject({
        code: 'bad_gateway',
        details: { provider: 'yookassa', retryable: true },
      });
      expect((await alice.balance()).body.balance.credits).toBe(before);
    } finally {
      svc.yookassa?.setMode('ok');
    }
    expect((await svc.notify(notification)).status).toBe(200);
    expect((await alice.balance()).body.balance.credits).toBe(before + 100);
    expect((await alice.payment(paymentId)).body.payment.status).toBe('succeeded');
  });

  it('no log line carries the YooKassa secret key or the Basic-auth header', () => {
    expect(svc.logs.text()).not.toContain(SECRET_KEY);
    expect(svc.logs.text()).not.toContain(Buffer.from(`100500:${SECRET_KEY}`).toString('base64'));
  });
});

describe('the source-address check (YOOKASSA_WEBHOOK_IP_CHECK)', () => {
  it("refuses notifications from outside YooKassa's addresses with 403, and accepts listed ones", async () => {
    const guarded = await startBillingService({ YOOKASSA_WEBHOOK_IP_CHECK: 'true', TRUST_PROXY: 'true' });
    try {
      const notification = { type: 'notification', event: 'payment.succeeded', object: { id: 'abc-1' } };
      const direct = await guarded.notify(notification);
      expect(direct.status).toBe(403);
      expect(direct.body.error.code).toBe('forbidden');
      // Behind the proxy (TRUST_PROXY), the address it saw: one of YooKassa's published ranges.
      expect((await guarded.notify(notification, { 'x-forwarded-for': '185.71.76.5' })).status).toBe(200);
      expect((await guarded.notify(notification, { 'x-forwarded-for': '77.75.156.11' })).status).toBe(200);
      expect((await guarded.notify(notification, { 'x-forwarded-for': '2a02:5180::1' })).status).toBe(200);
      expect((await guarded.notify(notification, { 'x-forwarded-for': '185.71.76.40' })).status).toBe(403);
      expect((await guarded.notify(notification, { 'x-forwarded-for': '203.0.113.9' })).status).toBe(403);
    } finally {
      await guarded.close();
    }
  });
});
