import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BillingServiceUnderTest,
  billingClient,
  grant,
  internalClient,
  ledgerInvariants,
  startBillingService,
} from './harness.ts';

let svc: BillingServiceUnderTest;
let service: ReturnType<typeof internalClient>;

beforeAll(async () => {
  svc = await startBillingService({}, { worker: false });
  service = internalClient(svc.url);
});
afterAll(() => svc?.close());

const spend = (
  userId: string,
  amount: number,
  idempotencyKey: string = randomUUID(),
  reason = 'pro search',
) => service.spend({ userId, amount, reason, idempotencyKey });

describe('spending credits', () => {
  it('100 concurrent spends of 1 on a balance of 50: exactly 50 succeed, 50 are refused, the balance is 0', async () => {
    await grant(svc, 'racer', 50);
    const responses = await Promise.all(Array.from({ length: 100 }, () => spend('racer', 1)));
    const succeeded = responses.filter((response) => response.status === 200);
    const refused = responses.filter((response) => response.status === 402);
    expect(succeeded).toHaveLength(50);
    expect(refused).toHaveLength(50);
    for (const response of refused) {
      expect(response.body.error).toMatchObject({
        code: 'insufficient_credits',
        message: expect.stringContaining('Not enough credits'),
        details: { reason: 'insufficient_credits', balance: 0, requested: 1 },
      });
    }
    // Each success saw a distinct balance on its way down: 49, 48, … 0.
    expect(succeeded.map((response) => response.body.balance.credits).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, index) => index),
    );
    expect((await service.balance('racer')).body.balance.credits).toBe(0);
    const racer = billingClient(svc.url, await svc.token('racer'));
    expect((await racer.balance()).body.balance.credits).toBe(0);
    expect(await ledgerInvariants(svc)).toEqual({
      unbalancedTransactions: 0,
      total: 0,
      mismatchedBalances: 0,
    });
  });

  it('a retried spend with the same key is charged once, even concurrently', async () => {
    await grant(svc, 'retrier', 10);
    const key = randomUUID();
    const responses = await Promise.all(Array.from({ length: 10 }, () => spend('retrier', 3, key)));
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(new Set(responses.map((response) => response.body.transactionId)).size).toBe(1);
    expect(responses.filter((response) => response.body.replayed === false)).toHaveLength(1);
    expect((await service.balance('retrier')).body.balance.credits).toBe(7);

    const reused = await spend('retrier', 4, key);
    expect(reused.status).toBe(409);
    expect(reused.body.error.details.reason).toBe('idempotency_key_reused');
    // The key belongs to the user: another user's spend with it is its own.
    await grant(svc, 'other-retrier', 3);
    expect((await spend('other-retrier', 3, key)).body.replayed).toBe(false);
  });

  it('a refused spend leaves its key unused, so it can be retried once the balance allows', async () => {
    const key = randomUUID();
    expect((await spend('topper', 5, key)).status).toBe(402);
    await grant(svc, 'topper', 5);
    const retried = await spend('topper', 5, key);
    expect(retried).toMatchObject({ status: 200, body: { replayed: false, balance: { credits: 0 } } });
  });

  it('a user who never had credits has a balance of 0 and cannot spend', async () => {
    expect((await service.balance('newcomer')).body.balance.credits).toBe(0);
    const response = await spend('newcomer', 1);
    expect(response.status).toBe(402);
    expect(response.body.error.details).toMatchObject({ reason: 'insufficient_credits', balance: 0 });
  });
});

describe('the ledger', () => {
  it('pages newest first with a cursor, every entry exactly once', async () => {
    await grant(svc, 'pager', 100);
    for (let index = 0; index < 11; index += 1) await spend('pager', 1, randomUUID(), `search ${index}`);
    const pager = billingClient(svc.url, await svc.token('pager'));
    const seen: Array<{ id: string; amount: number; balanceAfter: number; reason: string }> = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const query: string = cursor ? `limit=5&cursor=${cursor}` : 'limit=5';
      const { status, body } = await pager.ledger(query);
      expect(status).toBe(200);
      expect(body.entries.length).toBeLessThanOrEqual(5);
      seen.push(...body.entries);
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toHaveLength(12);
    expect(new Set(seen.map((entry) => entry.id)).size).toBe(12);
    expect(seen[0]).toMatchObject({ kind: 'spend', amount: -1, balanceAfter: 89, reason: 'search 10' });
    expect(seen.at(-1)).toMatchObject({
      kind: 'grant',
      amount: 100,
      balanceAfter: 100,
      reason: 'test balance',
    });
    expect(seen.map((entry) => entry.balanceAfter)).toEqual([
      89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100,
    ]);
    const ids = seen.map((entry) => BigInt(entry.id));
    expect([...ids].sort((a, b) => (a > b ? -1 : 1))).toEqual(ids);
  });

  it('is append-only, and Postgres refuses a transaction that does not sum to zero', async () => {
    await grant(svc, 'auditor', 5);
    await expect(sql`update ledger_entries set amount = amount + 1`.execute(svc.database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from ledger_transactions`.execute(svc.database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(
      svc.database.db.transaction().execute(async (trx) => {
        const id = randomUUID();
        await sql`insert into ledger_transactions (id, kind, user_id, amount, reason, idempotency_key, created_by)
                  values (${id}, 'grant', 'auditor', 5, 'forged', ${randomUUID()}, 'test')`.execute(trx);
        await sql`insert into ledger_entries (transaction_id, account_id, amount, balance_after)
                  values (${id}, 'user:auditor', 5, 10)`.execute(trx);
      }),
    ).rejects.toThrow(/does not sum to zero/);
    // The balance check is in the table too, not only in the code.
    await expect(
      sql`update accounts set balance = -1 where id = 'user:auditor'`.execute(svc.database.db),
    ).rejects.toThrow(/accounts_user_balance_not_negative/);
    expect((await service.balance('auditor')).body.balance.credits).toBe(5);
  });
});

describe('admin grants', () => {
  it('add credits once per key and are audited', async () => {
    const admin = billingClient(svc.url, await svc.token('boss', { role: 'admin' }));
    const key = randomUUID();
    const first = await admin.grant({ userId: 'lucky', amount: 25, reason: 'outage compensation' }, key);
    expect(first).toMatchObject({ status: 201, body: { replayed: false, balance: { credits: 25 } } });
    const again = await admin.grant({ userId: 'lucky', amount: 25, reason: 'outage compensation' }, key);
    expect(again).toMatchObject({
      status: 200,
      body: { replayed: true, transactionId: first.body.transactionId },
    });
    expect((await service.balance('lucky')).body.balance.credits).toBe(25);
    await svc.audit.waitFor(
      (event) =>
        event.action === 'billing.credits.granted' &&
        event.actor.id === 'boss' &&
        event.target?.id === 'lucky',
    );
  });
});
