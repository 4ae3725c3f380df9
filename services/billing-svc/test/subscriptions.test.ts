import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BillingServiceUnderTest,
  billingClient,
  checkout,
  eventually,
  ledgerInvariants,
  startBillingService,
} from './harness.ts';

let svc: BillingServiceUnderTest;

beforeAll(async () => {
  svc = await startBillingService();
});
afterAll(() => svc?.close());

/** A user with an active Pro subscription, paid through YooKassa with the card saved. */
async function subscribed(userId: string) {
  const client = billingClient(svc.url, await svc.token(userId, { orgId: `org-${userId}` }));
  const { paymentId, notification } = await checkout(svc, client, 'pro');
  expect((await svc.notify(notification)).status).toBe(200);
  const { subscription } = (await client.subscription()).body;
  expect(subscription.status).toBe('active');
  const savedMethodId = (notification.object as { payment_method: { id: string } }).payment_method.id;
  return { client, subscription, paymentId, savedMethodId };
}

/** Moves the subscription's period end into the past, as if a month had gone by. */
async function monthPasses(subscriptionId: string) {
  await svc.database.db
    .updateTable('subscriptions')
    .set({ current_period_end: sql<Date>`now() - interval '1 second'` })
    .where('id', '=', subscriptionId)
    .execute();
}

describe('renewal', () => {
  it('charges the saved card (payment_method_id, no user), moves the period on and adds the month’s credits', async () => {
    const { client, subscription, savedMethodId } = await subscribed('ren');
    expect((await client.balance()).body.balance.credits).toBe(1000);

    const run = await svc.renewNow(subscription.id);
    expect(run).toEqual({ state: 'completed', result: { outcome: 'renewed' } });

    const charge = svc.yookassa?.calls
      .filter((call) => call.method === 'POST' && call.path === '/v3/payments')
      .find((call) => (call.body as { payment_method_id?: string }).payment_method_id === savedMethodId);
    expect(charge?.body).toMatchObject({
      amount: { value: '990.00', currency: 'RUB' },
      capture: true,
      payment_method_id: savedMethodId,
      metadata: { subscriptionId: subscription.id },
    });
    expect(charge?.body).not.toHaveProperty('confirmation');

    const renewed = (await client.subscription()).body.subscription;
    expect(renewed).toMatchObject({ id: subscription.id, status: 'active', renews: true });
    expect(renewed.currentPeriodStart).toBe(subscription.currentPeriodEnd);
    expect(new Date(renewed.currentPeriodEnd).getTime()).toBeGreaterThan(
      new Date(subscription.currentPeriodEnd).getTime() + 27 * 86_400_000,
    );
    expect((await client.balance()).body.balance.credits).toBe(2000);
    const ledger = (await client.ledger()).body.entries;
    expect(ledger.map((entry: { kind: string; amount: number }) => [entry.kind, entry.amount])).toEqual([
      ['payment', 1000],
      ['payment', 1000],
    ]);
    await svc.audit.waitFor(
      (event) => event.action === 'billing.subscription.renewed' && event.target?.id === subscription.id,
    );

    // The same job again (a retry, a second sweep): that period is renewed already; nothing is charged.
    const charges = svc.yookassa?.payments().length;
    await svc.queue.add(
      'renew',
      { kind: 'renew', subscriptionId: subscription.id, periodEnd: subscription.currentPeriodEnd },
      { jobId: `again-${subscription.id}` },
    );
    await eventually(
      async () => (await svc.queue.getJob(`again-${subscription.id}`))?.returnvalue?.outcome === 'skipped',
      'the repeated renewal is skipped',
    );
    expect(svc.yookassa?.payments().length).toBe(charges);
    expect((await client.balance()).body.balance.credits).toBe(2000);
    expect(await ledgerInvariants(svc)).toEqual({
      unbalancedTransactions: 0,
      total: 0,
      mismatchedBalances: 0,
    });
  });

  it('the repeatable sweep finds a subscription whose month has passed and renews it', async () => {
    const { client, subscription } = await subscribed('swept');
    await monthPasses(subscription.id);
    await svc.queue.add('sweep-renewals', { kind: 'sweep-renewals' });
    await eventually(
      async () => (await client.balance()).body.balance.credits === 2000,
      'the swept subscription is renewed',
    );
    const renewed = (await client.subscription()).body.subscription;
    expect(renewed.status).toBe('active');
    expect(new Date(renewed.currentPeriodEnd).getTime()).toBeGreaterThan(Date.now() + 27 * 86_400_000);
  });

  it('a revoked card ends the subscription (renewal_failed) and adds nothing', async () => {
    const { client, subscription, savedMethodId } = await subscribed('revoked');
    svc.yookassa?.revokeSavedMethod(savedMethodId);
    expect(await svc.renewNow(subscription.id)).toEqual({ state: 'completed', result: { outcome: 'ended' } });
    expect((await client.subscription()).body).toMatchObject({
      subscription: { status: 'ended', endedReason: 'renewal_failed', renews: false },
      plan: { id: 'free' },
    });
    expect((await client.balance()).body.balance.credits).toBe(1000);
    await svc.audit.waitFor(
      (event) =>
        event.action === 'billing.subscription.ended' &&
        event.target?.id === subscription.id &&
        event.details.reason === 'renewal_failed',
    );
  });
});

describe('cancelling', () => {
  it('stops renewals; the subscription stays active until the period ends, then ends without a charge', async () => {
    const { client, subscription } = await subscribed('canceller');
    const cancelled = await client.cancel();
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.subscription).toMatchObject({
      id: subscription.id,
      status: 'active',
      cancelAtPeriodEnd: true,
      renews: false,
      currentPeriodEnd: subscription.currentPeriodEnd,
      canceledAt: expect.any(String),
    });
    expect((await client.subscription()).body.plan.id).toBe('pro');
    const event = await svc.audit.waitFor(
      (e) => e.action === 'billing.subscription.cancelled' && e.target?.id === subscription.id,
    );
    expect(event).toMatchObject({ actor: { id: 'canceller', type: 'user' }, orgId: 'org-canceller' });

    // Cancelling again is harmless and recorded once.
    expect((await client.cancel()).body.subscription.canceledAt).toBe(cancelled.body.subscription.canceledAt);
    expect(
      (await svc.auditEvents('billing.subscription.cancelled')).filter(
        (e) => e.target?.id === subscription.id,
      ),
    ).toHaveLength(1);

    const charges = svc.yookassa?.payments().length;
    await monthPasses(subscription.id);
    await svc.queue.add('sweep-renewals', { kind: 'sweep-renewals' });
    await eventually(
      async () => (await client.subscription()).body.subscription.status === 'ended',
      'the cancelled subscription ends at its period end',
    );
    expect((await client.subscription()).body).toMatchObject({
      subscription: { endedReason: 'canceled' },
      plan: { id: 'free' },
    });
    expect(svc.yookassa?.payments().length).toBe(charges);
    expect((await client.balance()).body.balance.credits).toBe(1000);

    // Ended: nothing left to cancel, and Pro can be bought again.
    expect((await client.cancel()).status).toBe(404);
    const { notification } = await checkout(svc, client, 'pro');
    expect((await svc.notify(notification)).status).toBe(200);
    expect((await client.subscription()).body.subscription).toMatchObject({
      id: subscription.id,
      status: 'active',
      cancelAtPeriodEnd: false,
      endedReason: null,
    });
  });

  it('without a subscription is 404', async () => {
    const nobody = billingClient(svc.url, await svc.token('never-subscribed'));
    const response = await nobody.cancel();
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
    expect((await nobody.subscription()).body).toMatchObject({ subscription: null, plan: { id: 'free' } });
  });
});
