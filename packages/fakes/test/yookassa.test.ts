import { randomUUID } from 'node:crypto';
import { type IYooCheckoutOptions, YooCheckout } from '@a2seven/yoo-checkout';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeYooKassa, startFakeYooKassa } from '../src/index.ts';

/**
 * The SDK's own class with its API root pointed at the double: `root` is a public field the SDK
 * sets from a constant and prefixes to every request, so a subclass setting it is the whole change
 * (billing-svc points the SDK the same way).
 */
class PointedYooCheckout extends YooCheckout {
  override readonly root: string;
  constructor(options: IYooCheckoutOptions, root: string) {
    super(options);
    this.root = root;
  }
}

const SHOP_ID = '100500';
const SECRET_KEY = 'test_secret_key_0123456789';
let fake: FakeYooKassa;
let checkout: YooCheckout;

beforeAll(async () => {
  fake = await startFakeYooKassa({ shopId: SHOP_ID, secretKey: SECRET_KEY });
  checkout = new PointedYooCheckout({ shopId: SHOP_ID, secretKey: SECRET_KEY }, `${fake.url}/v3`);
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

const rub = (value: string) => ({ value, currency: 'RUB' });
const redirect = { type: 'redirect' as const, return_url: 'https://shop.example/return' };

/** The SDK throws the axios error (copied into its ErrorResponse): status and YooKassa's body. */
async function sdkError(work: Promise<unknown>): Promise<{ status: number; body: any }> {
  try {
    await work;
  } catch (error) {
    const response = (error as { response?: { status: number; data: unknown } }).response;
    if (!response) throw error;
    return { status: response.status, body: response.data };
  }
  throw new Error('expected the SDK call to fail');
}

describe('YooKassa API v3 double, through the real SDK', () => {
  it('creates a pending redirect payment and reads it back', async () => {
    const created = await checkout.createPayment(
      {
        amount: rub('990.00'),
        capture: true,
        confirmation: redirect,
        description: 'Pro, 1 month',
        metadata: { paymentId: 'p-1' },
      },
      randomUUID(),
    );
    expect(created).toMatchObject({
      status: 'pending',
      paid: false,
      amount: rub('990.00'),
      test: true,
      metadata: { paymentId: 'p-1' },
      confirmation: { type: 'redirect', return_url: 'https://shop.example/return' },
    });
    expect(created.id).toMatch(/^[0-9a-f]{8}-000f-5000-[89]000-[0-9a-f]{12}$/);
    expect(created.confirmation.confirmation_url).toContain(created.id);
    expect(created.created_at).toEqual(expect.any(String));
    expect(await checkout.getPayment(created.id)).toEqual({ ...created });

    const auth = fake.calls.at(-1)?.headers.authorization;
    expect(auth).toBe(`Basic ${Buffer.from(`${SHOP_ID}:${SECRET_KEY}`).toString('base64')}`);
  });

  it('the same Idempotence-Key and body give the same payment; another body is refused', async () => {
    const key = randomUUID();
    const payload = { amount: rub('199.00'), capture: true, confirmation: redirect };
    const first = await checkout.createPayment(payload, key);
    const again = await checkout.createPayment(payload, key);
    expect(again.id).toBe(first.id);
    expect(fake.payments()).toHaveLength(1);
    const other = await sdkError(checkout.createPayment({ ...payload, amount: rub('1.00') }, key));
    expect(other).toEqual({
      status: 400,
      body: expect.objectContaining({
        type: 'error',
        code: 'invalid_request',
        description: 'Idempotence key duplicated',
        parameter: 'Idempotence-Key',
      }),
    });
  });

  it('requires an Idempotence-Key on POST', async () => {
    const response = await fetch(`${fake.url}/v3/payments`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${SHOP_ID}:${SECRET_KEY}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ amount: rub('1.00'), confirmation: redirect }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'invalid_request', parameter: 'Idempotence-Key' });
  });

  it('refuses wrong credentials with 401 invalid_credentials', async () => {
    const stranger = new PointedYooCheckout({ shopId: SHOP_ID, secretKey: 'wrong' }, `${fake.url}/v3`);
    const error = await sdkError(stranger.getPayment('2419a771-000f-5000-9000-1edaf29243f2'));
    expect(error.status).toBe(401);
    expect(error.body).toMatchObject({ type: 'error', code: 'invalid_credentials', id: expect.any(String) });
  });

  it('an unknown payment is 404 not_found', async () => {
    const error = await sdkError(checkout.getPayment('2419a771-000f-5000-9000-1edaf29243f2'));
    expect(error).toMatchObject({ status: 404, body: { code: 'not_found', parameter: 'payment_id' } });
  });

  it('succeed() plays the user paying: the payment succeeds, the method is saved, and the webhook body is returned', async () => {
    const created = await checkout.createPayment(
      { amount: rub('990.00'), capture: true, confirmation: redirect, save_payment_method: true },
      randomUUID(),
    );
    const notification = fake.succeed(created.id);
    expect(notification).toMatchObject({
      type: 'notification',
      event: 'payment.succeeded',
      object: { id: created.id, status: 'succeeded', paid: true, payment_method: { saved: true } },
    });
    const read = await checkout.getPayment(created.id);
    expect(read).toMatchObject({ status: 'succeeded', paid: true, refundable: true });
    expect(read.payment_method.id).toBe(
      (notification.object as { payment_method: { id: string } }).payment_method.id,
    );

    // A renewal: the saved method is charged at once, without a confirmation.
    const renewal = await checkout.createPayment(
      { amount: rub('990.00'), capture: true, payment_method_id: read.payment_method.id },
      randomUUID(),
    );
    expect(renewal).toMatchObject({
      status: 'succeeded',
      paid: true,
      payment_method: { id: read.payment_method.id },
    });
    expect(renewal.confirmation).toBeUndefined();

    // A method the user revoked is refused, as a canceled payment.
    fake.revokeSavedMethod(read.payment_method.id);
    const refused = await checkout.createPayment(
      { amount: rub('990.00'), capture: true, payment_method_id: read.payment_method.id },
      randomUUID(),
    );
    expect(refused).toMatchObject({
      status: 'canceled',
      cancellation_details: { reason: 'permission_revoked' },
    });
  });

  it('a method not saved cannot be charged again', async () => {
    const created = await checkout.createPayment(
      { amount: rub('10.00'), capture: true, confirmation: redirect },
      randomUUID(),
    );
    const { object } = fake.succeed(created.id) as {
      object: { payment_method: { id: string; saved: boolean } };
    };
    expect(object.payment_method.saved).toBe(false);
    const error = await sdkError(
      checkout.createPayment(
        { amount: rub('10.00'), capture: true, payment_method_id: object.payment_method.id },
        randomUUID(),
      ),
    );
    expect(error).toMatchObject({ status: 400, body: { parameter: 'payment_method_id' } });
  });

  it('two-stage payments: waiting_for_capture, then capture or cancel', async () => {
    const held = await checkout.createPayment(
      { amount: rub('500.00'), capture: false, confirmation: redirect },
      randomUUID(),
    );
    expect(fake.succeed(held.id).event).toBe('payment.waiting_for_capture');
    const captured = await checkout.capturePayment(held.id, { amount: rub('400.00') }, randomUUID());
    expect(captured).toMatchObject({ status: 'succeeded', amount: rub('400.00') });

    const other = await checkout.createPayment(
      { amount: rub('500.00'), capture: false, confirmation: redirect },
      randomUUID(),
    );
    expect((await sdkError(checkout.cancelPayment(other.id, randomUUID()))).status).toBe(400);
    fake.succeed(other.id);
    expect(await checkout.cancelPayment(other.id, randomUUID())).toMatchObject({
      status: 'canceled',
      cancellation_details: { party: 'merchant', reason: 'canceled_by_merchant' },
    });
  });

  it('cancel() plays an abandoned payment', async () => {
    const created = await checkout.createPayment(
      { amount: rub('10.00'), capture: true, confirmation: redirect },
      randomUUID(),
    );
    expect(fake.cancel(created.id)).toMatchObject({
      event: 'payment.canceled',
      object: { status: 'canceled', cancellation_details: { reason: 'expired_on_confirmation' } },
    });
    expect((await checkout.getPayment(created.id)).status).toBe('canceled');
  });

  it('refunds up to the amount paid, idempotently', async () => {
    const created = await checkout.createPayment(
      { amount: rub('990.00'), capture: true, confirmation: redirect },
      randomUUID(),
    );
    expect(
      (await sdkError(checkout.createRefund({ payment_id: created.id, amount: rub('1.00') }))).status,
    ).toBe(400);
    fake.succeed(created.id);
    const key = randomUUID();
    const refund = await checkout.createRefund({ payment_id: created.id, amount: rub('500.00') }, key);
    expect(refund).toMatchObject({ payment_id: created.id, status: 'succeeded', amount: rub('500.00') });
    expect((await checkout.createRefund({ payment_id: created.id, amount: rub('500.00') }, key)).id).toBe(
      refund.id,
    );
    expect(await checkout.getRefund(refund.id)).toEqual({ ...refund });
    expect((await checkout.getPayment(created.id)).refunded_amount).toEqual(rub('500.00'));
    const over = await sdkError(
      checkout.createRefund({ payment_id: created.id, amount: rub('490.01') }, randomUUID()),
    );
    expect(over).toMatchObject({ status: 400, body: { code: 'invalid_request', parameter: 'amount' } });
    expect(fake.refunds()).toHaveLength(1);
  });

  it('checks 54-FZ receipts: a customer contact, valid items, and items adding up to the amount', async () => {
    const item = {
      description: 'Pro plan, 1 month',
      quantity: '1.00',
      amount: rub('990.00'),
      vat_code: 1,
      payment_subject: 'service' as const,
      payment_mode: 'full_payment' as const,
    };
    const ok = await checkout.createPayment(
      {
        amount: rub('990.00'),
        capture: true,
        confirmation: redirect,
        receipt: { customer: { email: 'buyer@example.com' }, items: [item] },
      },
      randomUUID(),
    );
    expect(ok.receipt_registration).toBe('pending');
    expect(fake.succeed(ok.id).object).toMatchObject({ receipt_registration: 'succeeded' });

    const refused = async (receipt: unknown) =>
      sdkError(
        checkout.createPayment(
          { amount: rub('990.00'), capture: true, confirmation: redirect, receipt: receipt as never },
          randomUUID(),
        ),
      );
    expect((await refused({ items: [item] })).body.parameter).toBe('receipt.customer');
    expect((await refused({ customer: { email: 'a@b.c' }, items: [] })).body.parameter).toBe('receipt.items');
    expect(
      (await refused({ customer: { email: 'a@b.c' }, items: [{ ...item, amount: rub('900.00') }] })).body
        .description,
    ).toBe("Sum of receipt items amounts doesn't equal payment amount");
    expect(
      (await refused({ customer: { email: 'a@b.c' }, items: [{ ...item, vat_code: 99 }] })).body.parameter,
    ).toBe('receipt.items[0].vat_code');
  });

  it('refuses bad amounts', async () => {
    for (const amount of [rub('0.00'), rub('-1.00'), rub('1.001'), { value: '1.00', currency: 'USD' }]) {
      const error = await sdkError(checkout.createPayment({ amount, confirmation: redirect }, randomUUID()));
      expect(error.status).toBe(400);
      expect(error.body.code).toBe('invalid_request');
    }
  });

  it('error mode answers 500 internal_server_error, and nothing is remembered under the key', async () => {
    fake.setMode('error');
    const key = randomUUID();
    const payload = { amount: rub('1.00'), capture: true, confirmation: redirect };
    expect(await sdkError(checkout.createPayment(payload, key))).toMatchObject({
      status: 500,
      body: { code: 'internal_server_error' },
    });
    fake.setMode('ok');
    expect((await checkout.createPayment(payload, key)).status).toBe('pending');
  });
});
