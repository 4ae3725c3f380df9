import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BillingServiceUnderTest,
  billingClient,
  checkout,
  grant,
  internalClient,
  ledgerInvariants,
  startBillingService,
} from './harness.ts';

let svc: BillingServiceUnderTest;
let service: ReturnType<typeof internalClient>;
beforeAll(async () => {
  svc = await startBillingService();
  service = internalClient(svc.url);
});
afterAll(() => svc?.close());

const qualityAnswer = (userId: string, key: string = randomUUID(), orgId: string | null = null) =>
  service.usage({ userId, orgId, metric: 'quality_answer', key });

describe('quotas: quality answers per day', () => {
  it('Free allows 10 a day, then each costs a credit, then none: refused with when it resets', async () => {
    const userId = `free-${randomUUID()}`;
    for (let i = 1; i <= 10; i += 1) {
      const verdict = await qualityAnswer(userId);
      expect(verdict.status).toBe(200);
      expect(verdict.body).toMatchObject({
        allowed: true,
        source: 'quota',
        plan: 'free',
        used: i,
        limit: 10,
      });
    }
    const refused = await qualityAnswer(userId);
    expect(refused.body).toMatchObject({ allowed: false, plan: 'free', used: 10, limit: 10 });
    expect(refused.body.source).toBeUndefined();
    const resetsAt = new Date(refused.body.resetsAt);
    expect(resetsAt.toISOString()).toMatch(/T00:00:00\.000Z$/);
    expect(resetsAt.getTime() - Date.now()).toBeLessThanOrEqual(86_400_000);

    await grant(svc, userId, 2);
    const paid = await qualityAnswer(userId);
    expect(paid.body).toMatchObject({ allowed: true, source: 'credits', used: 11 });
    expect((await service.balance(userId)).body.balance.credits).toBe(1);
    expect((await qualityAnswer(userId)).body).toMatchObject({ allowed: true, source: 'credits', used: 12 });
    expect((await qualityAnswer(userId)).body).toMatchObject({ allowed: false, used: 12 });
    expect((await service.balance(userId)).body.balance.credits).toBe(0);
    expect(await ledgerInvariants(svc)).toEqual({
      unbalancedTransactions: 0,
      total: 0,
      mismatchedBalances: 0,
    });

    const today = await billingClient(svc.url, await svc.token(userId)).usage();
    expect(today.body).toEqual({
      plan: 'free',
      resetsAt: refused.body.resetsAt,
      metrics: { quality_answer: { used: 12, limit: 10 } },
    });
  });

  it('counts one use once however often the caller retries it, paid or free', async () => {
    const userId = `retry-${randomUUID()}`;
    const key = randomUUID();
    const first = await qualityAnswer(userId, key);
    const again = await qualityAnswer(userId, key);
    expect(again.body).toEqual(first.body);
    expect((await qualityAnswer(userId)).body.used).toBe(2);
  });

  it('10 concurrent uses at the edge of the quota never take more than it allows', async () => {
    const userId = `race-${randomUUID()}`;
    for (let i = 0; i < 7; i += 1) await qualityAnswer(userId);
    const verdicts = await Promise.all(Array.from({ length: 10 }, () => qualityAnswer(userId)));
    expect(verdicts.filter((verdict) => verdict.body.allowed)).toHaveLength(3);
    expect(verdicts.filter((verdict) => !verdict.body.allowed)).toHaveLength(7);
  });

  it('Pro, while its paid month runs, allows 300 a day', async () => {
    const userId = `pro-${randomUUID()}`;
    const client = billingClient(svc.url, await svc.token(userId));
    const { notification } = await checkout(svc, client, 'pro');
    expect((await svc.notify(notification)).status).toBe(200);
    expect((await client.subscription()).body.subscription.status).toBe('active');
    expect((await qualityAnswer(userId)).body).toMatchObject({ allowed: true, plan: 'pro', limit: 300 });
    expect(
      (await client.plans()).body.plans.find((plan: { id: string }) => plan.id === 'pro').quotas,
    ).toEqual({
      quality_answer: 300,
    });
  });

  it('meters use per org for its owner to read; members and others get 404', async () => {
    const orgId = `org-${randomUUID()}`;
    for (const user of ['a', 'b', 'a']) await qualityAnswer(`${orgId}-${user}`, randomUUID(), orgId);
    await qualityAnswer(`elsewhere-${randomUUID()}`, randomUUID(), `org-${randomUUID()}`);
    const owner = billingClient(svc.url, await svc.token(`${orgId}-a`, { orgId, orgRole: 'owner' }));
    const usage = await owner.orgUsage('days=7');
    expect(usage.status).toBe(200);
    expect(usage.body).toEqual({
      orgId,
      days: 7,
      usage: [
        {
          day: new Date().toISOString().slice(0, 10),
          metric: 'quality_answer',
          uses: 3,
          users: 2,
          paidWithCredits: 0,
        },
      ],
    });
    const member = billingClient(svc.url, await svc.token(`${orgId}-b`, { orgId, orgRole: 'member' }));
    expect((await member.orgUsage()).status).toBe(404);
    const loner = billingClient(svc.url, await svc.token('no-org'));
    expect((await loner.orgUsage()).status).toBe(404);
    expect((await owner.orgUsage('days=0')).status).toBe(400);
    expect((await owner.orgUsage('days=abc')).status).toBe(400);
  });

  it('refuses malformed uses and hides the route without the service token', async () => {
    for (const body of [
      {},
      { userId: 'u', metric: 'quality_answer' },
      { userId: 'u', metric: 'speed_answer', key: 'k' },
      { userId: '', metric: 'quality_answer', key: 'k' },
      { userId: 'u', metric: 'quality_answer', key: 'x'.repeat(201) },
      { userId: 'u', metric: 'quality_answer', key: 'k', extra: true },
    ]) {
      const response = await service.usage(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
    expect(
      (await internalClient(svc.url, null).usage({ userId: 'u', metric: 'quality_answer', key: 'k' })).status,
    ).toBe(404);
  });
});
