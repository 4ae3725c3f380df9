import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BillingServiceUnderTest,
  billingClient,
  call,
  checkout,
  internalClient,
  type JsonResponse,
  startBillingService,
} from './harness.ts';

let svc: BillingServiceUnderTest;
let user: ReturnType<typeof billingClient>;
let admin: ReturnType<typeof billingClient>;
let service: ReturnType<typeof internalClient>;
let paidPaymentId: string;

beforeAll(async () => {
  svc = await startBillingService({}, { worker: false });
  user = billingClient(svc.url, await svc.token('ursula'));
  admin = billingClient(svc.url, await svc.token('root', { role: 'admin' }));
  service = internalClient(svc.url);
  const { paymentId, notification } = await checkout(svc, user, 'credits-100');
  expect((await svc.notify(notification)).status).toBe(200);
  paidPaymentId = paymentId;
});
afterAll(() => svc?.close());

function expectError(response: JsonResponse, status: number, code: string, path?: string) {
  expect(response.status).toBe(status);
  expect(response.body.error.code).toBe(code);
  expect(response.body.error.message).toEqual(expect.any(String));
  expect(response.body.error.requestId).toEqual(expect.any(String));
  if (path) expect(response.body.error.details.map((issue: { path: string }) => issue.path)).toContain(path);
}

describe('POST /payments', () => {
  it('an unknown, free or missing plan, or unknown fields: 400', async () => {
    for (const planId of ['gold', 'free', '', 42, null]) {
      expectError(await user.buy({ planId }), 400, 'validation_failed', 'body.planId');
    }
    expectError(await user.buy({}), 400, 'validation_failed', 'body.planId');
    expectError(await user.buy({ planId: 'pro', price: '1.00' }), 400, 'validation_failed');
    expectError(
      await user.buy({ planId: 'pro', email: 'not-an-email' }),
      400,
      'validation_failed',
      'body.email',
    );
    expectError(await user.buy([]), 400, 'validation_failed');
  });

  it('without an Idempotence-Key, or a malformed one: 400, and nothing is created', async () => {
    const before = svc.yookassa?.payments().length;
    expectError(await user.buy({ planId: 'pro' }, null), 400, 'validation_failed', 'header.idempotence-key');
    expectError(
      await user.buy({ planId: 'pro' }, 'x'.repeat(65)),
      400,
      'validation_failed',
      'header.idempotence-key',
    );
    expectError(
      await user.buy({ planId: 'pro' }, 'has space'),
      400,
      'validation_failed',
      'header.idempotence-key',
    );
    expect(svc.yookassa?.payments().length).toBe(before);
  });

  it('invalid JSON or another content type', async () => {
    const token = await svc.token('ursula');
    const url = `${svc.url}/api/v1/billing/payments`;
    const headers = { 'idempotence-key': randomUUID() };
    expectError(await call(url, { method: 'POST', body: '{"planId":', token, headers }), 400, 'invalid_json');
    expectError(
      await call(url, {
        method: 'POST',
        body: 'planId=pro',
        token,
        headers: { ...headers, 'content-type': 'text/plain' },
      }),
      415,
      'unsupported_media_type',
    );
  });
});

describe('GET /payments/:id', () => {
  it('a malformed id is 400; a well-formed unknown one 404', async () => {
    for (const id of ['nope', '123', `${paidPaymentId}x`, "1' or '1'='1"]) {
      expectError(await user.payment(encodeURIComponent(id)), 400, 'validation_failed', 'path.id');
    }
    expectError(await user.payment(randomUUID()), 404, 'not_found');
  });
});

describe('GET /ledger', () => {
  it('bad cursors and limits are 400', async () => {
    const forged = Buffer.from(JSON.stringify({ before: -5 })).toString('base64url');
    const notJson = Buffer.from('hello').toString('base64url');
    for (const cursor of ['!!!', notJson, forged, 'eyJ9', 'x'.repeat(201)]) {
      expectError(
        await user.ledger(`cursor=${encodeURIComponent(cursor)}`),
        400,
        'validation_failed',
        'query.cursor',
      );
    }
    for (const limit of ['0', '201', '-1', '1.5', 'many']) {
      expectError(await user.ledger(`limit=${limit}`), 400, 'validation_failed', 'query.limit');
    }
  });
});

describe('POST /internal/v1/billing/spend', () => {
  const valid = { userId: 'ursula', amount: 1, reason: 'a search', idempotencyKey: 'k-1' };

  it('amounts must be whole credits from 1 to 1,000,000', async () => {
    for (const amount of [0, -1, -100, 1.5, 0.1, 1_000_001, 1e20, Number.MAX_SAFE_INTEGER, '5', null, true]) {
      expectError(
        await service.spend({ ...valid, amount, idempotencyKey: randomUUID() }),
        400,
        'validation_failed',
        'body.amount',
      );
    }
    expect((await service.balance('ursula')).body.balance.credits).toBe(100);
  });

  it('userId, reason and idempotencyKey are required and bounded; no unknown fields', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...valid, userId: '' }, 'body.userId'],
      [{ ...valid, userId: 'u'.repeat(201) }, 'body.userId'],
      [{ ...valid, reason: '   ' }, 'body.reason'],
      [{ ...valid, reason: 'r'.repeat(201) }, 'body.reason'],
      [{ ...valid, idempotencyKey: '' }, 'body.idempotencyKey'],
      [{ ...valid, idempotencyKey: 'k'.repeat(65) }, 'body.idempotencyKey'],
      [{ userId: 'ursula', amount: 1, reason: 'x' }, 'body.idempotencyKey'],
      [{ ...valid, account: 'system:spend' }, 'body'],
    ];
    for (const [body, path] of cases) expectError(await service.spend(body), 400, 'validation_failed', path);
    expect((await service.balance('ursula')).body.balance.credits).toBe(100);
  });

  it('GET balance needs a userId', async () => {
    expectError(
      await call(`${svc.url}/internal/v1/billing/balance`, {
        serviceToken: 'test-service-token-0123456789abcdef',
      }),
      400,
      'validation_failed',
      'query.userId',
    );
  });
});

describe('POST /admin/refunds', () => {
  it('bad payment ids, amounts and reasons are 400, and nothing reaches YooKassa', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ paymentId: 'nope', reason: 'x' }, 'body.paymentId'],
      [{ reason: 'x' }, 'body.paymentId'],
      [{ paymentId: paidPaymentId }, 'body.reason'],
      [{ paymentId: paidPaymentId, reason: '' }, 'body.reason'],
      [
        { paymentId: paidPaymentId, reason: 'x', amount: { value: '0.00', currency: 'RUB' } },
        'body.amount.value',
      ],
      [
        { paymentId: paidPaymentId, reason: 'x', amount: { value: '-1.00', currency: 'RUB' } },
        'body.amount.value',
      ],
      [
        { paymentId: paidPaymentId, reason: 'x', amount: { value: '1.001', currency: 'RUB' } },
        'body.amount.value',
      ],
      [
        { paymentId: paidPaymentId, reason: 'x', amount: { value: '1e3', currency: 'RUB' } },
        'body.amount.value',
      ],
      [
        { paymentId: paidPaymentId, reason: 'x', amount: { value: 10, currency: 'RUB' } },
        'body.amount.value',
      ],
      [
        { paymentId: paidPaymentId, reason: 'x', amount: { value: '10.00', currency: 'USD' } },
        'body.amount.currency',
      ],
      [{ paymentId: paidPaymentId, reason: 'x', amount: '10.00' }, 'body.amount'],
    ];
    for (const [body, path] of cases) expectError(await admin.refund(body), 400, 'validation_failed', path);
    expectError(
      await admin.refund({ paymentId: paidPaymentId, reason: 'x' }, null),
      400,
      'validation_failed',
    );
    // More than was paid: a 409 from our own bookkeeping, before YooKassa is asked.
    const huge = await admin.refund({
      paymentId: paidPaymentId,
      reason: 'x',
      amount: { value: '999999999.99', currency: 'RUB' },
    });
    expectError(huge, 409, 'conflict');
    expect(svc.yookassa?.calls.filter((c) => c.path === '/v3/refunds')).toEqual([]);
  });
});

describe('POST /admin/grants', () => {
  it('amounts and user ids are checked like spends', async () => {
    for (const amount of [0, -5, 2.5, 1_000_001, '10']) {
      expectError(
        await admin.grant({ userId: 'x', amount, reason: 'r' }),
        400,
        'validation_failed',
        'body.amount',
      );
    }
    expectError(await admin.grant({ amount: 1, reason: 'r' }), 400, 'validation_failed', 'body.userId');
    expectError(await admin.grant({ userId: 'x', amount: 1, reason: 'r' }, null), 400, 'validation_failed');
  });
});

describe('a YooKassa failure is a clear 502, never a 500', () => {
  it('when YooKassa errors or refuses while creating a payment', async () => {
    svc.yookassa?.setMode('error');
    try {
      const key = randomUUID();
      const failed = await user.buy({ planId: 'credits-100' }, key);
      expectError(failed, 502, 'bad_gateway');
      expect(failed.body.error.details).toMatchObject({
        provider: 'yookassa',
        code: 'internal_server_error',
        retryable: true,
      });
      svc.yookassa?.setMode('ok');
      // The same key resumes the same checkout once YooKassa is back: made now, so 201.
      const resumed = await user.buy({ planId: 'credits-100' }, key);
      expect(resumed.status).toBe(201);
      expect(resumed.body.payment.status).toBe('pending');
      const rows = await svc.database.db
        .selectFrom('payments')
        .select('id')
        .where('client_key', '=', key)
        .execute();
      expect(rows.map((row) => row.id)).toEqual([resumed.body.payment.id]);
      expect((await user.buy({ planId: 'credits-100' }, key)).body.payment.id).toBe(resumed.body.payment.id);
    } finally {
      svc.yookassa?.setMode('ok');
    }
  });

  it('when the credentials are wrong (YooKassa 401): a 502 that names YooKassa, without the key', async () => {
    const misconfigured = await startBillingService(
      { YOOKASSA_SECRET_KEY: 'a-wrong-secret-key' },
      { worker: false },
    );
    try {
      const client = billingClient(misconfigured.url, await misconfigured.token('ursula'));
      const response = await client.buy({ planId: 'credits-100' });
      expectError(response, 502, 'bad_gateway');
      expect(response.body.error.details).toMatchObject({ code: 'invalid_credentials', retryable: false });
      expect(JSON.stringify(response.body)).not.toContain('a-wrong-secret-key');
      expect(misconfigured.logs.text()).not.toContain('a-wrong-secret-key');
    } finally {
      await misconfigured.close();
    }
  });
});
