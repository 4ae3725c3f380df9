import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BillingServiceUnderTest, billingClient, checkout, startBillingService } from './harness.ts';

let svc: BillingServiceUnderTest;

beforeAll(async () => {
  svc = await startBillingService({
    YOOKASSA_RECEIPTS: 'true',
    YOOKASSA_VAT_CODE: '4',
    YOOKASSA_TAX_SYSTEM_CODE: '2',
  });
});
afterAll(() => svc?.close());

const bodiesTo = (path: string) =>
  (svc.yookassa?.calls ?? [])
    .filter((call) => call.method === 'POST' && call.path === path)
    .map((call) => call.body);

describe('54-FZ receipts (YOOKASSA_RECEIPTS=true)', () => {
  it('a checkout needs the buyer’s email', async () => {
    const client = billingClient(svc.url, await svc.token('rex'));
    const response = await client.buy({ planId: 'credits-100' });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([{ path: 'body.email', message: expect.any(String) }]);
  });

  it('are sent with the first payment, each renewal and each refund, and YooKassa accepts them', async () => {
    const client = billingClient(svc.url, await svc.token('rex'));
    const { paymentId, notification } = await checkout(svc, client, 'pro', { email: 'rex@example.com' });
    expect((await svc.notify(notification)).status).toBe(200);
    const receipt = {
      customer: { email: 'rex@example.com' },
      items: [
        {
          description: 'Perplexica Pro, 1 month',
          quantity: '1.00',
          amount: { value: '990.00', currency: 'RUB' },
          vat_code: 4,
          payment_subject: 'service',
          payment_mode: 'full_payment',
        },
      ],
      tax_system_code: 2,
    };
    expect(bodiesTo('/v3/payments')[0]).toMatchObject({ receipt });

    const { subscription } = (await client.subscription()).body;
    expect(await svc.renewNow(subscription.id)).toMatchObject({
      state: 'completed',
      result: { outcome: 'renewed' },
    });
    expect(bodiesTo('/v3/payments')[1]).toMatchObject({ receipt, payment_method_id: expect.any(String) });

    const admin = billingClient(svc.url, await svc.token('root', { role: 'admin' }));
    const refunded = await admin.refund({
      paymentId,
      amount: { value: '490.00', currency: 'RUB' },
      reason: 'partial',
    });
    expect(refunded.status).toBe(201);
    expect(bodiesTo('/v3/refunds')[0]).toMatchObject({
      receipt: {
        customer: { email: 'rex@example.com' },
        items: [expect.objectContaining({ amount: { value: '490.00', currency: 'RUB' }, vat_code: 4 })],
      },
    });
  });
});
