import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '@perplexica/audit';
import { type AuditCapture, captureAuditEvents } from '@perplexica/audit/testing';
import { createDatabase, migrateToLatest } from '@perplexica/db';
import { type FakeYooKassa, startFakeYooKassa, type YooKassaNotification } from '@perplexica/fakes';
import { createLogger } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import {
  type CapturedLogs,
  callJson as call,
  type JsonResponse,
  prepareServiceUnderTest,
  TEST_SERVICE_TOKEN,
} from '@perplexica/testing';
import { createApp } from '../src/app.ts';
import { type BillingConfig, billingConfigSchema } from '../src/config.ts';
import { billingMigrations } from '../src/db/migrations.ts';
import type { BillingDatabase } from '../src/db/schema.ts';
import {
  type BillingQueue,
  createBillingQueue,
  enqueueRenewal,
  renewalJobId,
} from '../src/jobs/billing-queue.ts';
import { type BillingWorker, startBillingWorker } from '../src/jobs/billing-worker.ts';

export const SERVICE_TOKEN = TEST_SERVICE_TOKEN;
export const SHOP_ID = '100500';
export const SECRET_KEY = 'test_Fh8hUAVVBGUGbjmlzba6TB0iyUbos_lueTHE-axOwM0';
export const RETURN_URL = 'https://app.example/settings/billing';

export interface TokenOptions {
  orgId?: string | null;
  orgRole?: 'owner' | 'member';
  role?: 'user' | 'admin';
}

export interface BillingServiceUnderTest {
  url: string;
  config: BillingConfig;
  /** The YooKassa double the real SDK talks to; null when started without YooKassa. */
  yookassa: FakeYooKassa | null;
  database: ReturnType<typeof createDatabase<BillingDatabase>>;
  queue: BillingQueue;
  audit: AuditCapture;
  logs: CapturedLogs;
  token(userId: string, options?: TokenOptions): Promise<string>;
  /** POSTs a notification to the webhook route, as YooKassa would. */
  notify(body: unknown, headers?: Record<string, string>): Promise<JsonResponse>;
  /** Queues the renewal of the subscription's current period and waits for its job to finish. */
  renewNow(subscriptionId: string): Promise<{ state: string; result: unknown }>;
  /** Every audit event of `action` queued so far. */
  auditEvents(action: string): Promise<AuditEvent[]>;
  close(): Promise<void>;
}

/**
 * A real billing-svc on a free port against the machine's Postgres (a fresh schema) and Redis (a
 * fresh prefix), with the real YooKassa SDK pointed at the YooKassa double, its worker (renewals,
 * payment checks) and a real audit emitter whose queue the test reads back.
 */
export async function startBillingService(
  env: Record<string, string> = {},
  { worker: withWorker = true, yookassa: withYooKassa = true } = {},
): Promise<BillingServiceUnderTest> {
  const yookassa = withYooKassa ? await startFakeYooKassa({ shopId: SHOP_ID, secretKey: SECRET_KEY }) : null;
  const prepared = await prepareServiceUnderTest({
    service: 'billing-svc',
    configSchema: billingConfigSchema,
    createLogger,
    createRedis,
    database: {
      create: createDatabase<BillingDatabase>,
      migrate: migrateToLatest,
      migrations: billingMigrations,
      poolMax: 10,
    },
    env: {
      ...(yookassa
        ? {
            YOOKASSA_SHOP_ID: SHOP_ID,
            YOOKASSA_SECRET_KEY: SECRET_KEY,
            YOOKASSA_API_URL: `${yookassa.url}/v3`,
          }
        : {}),
      YOOKASSA_TIMEOUT_MS: '3000',
      BILLING_RETURN_URL: RETURN_URL,
      BILLING_JOB_BACKOFF_MS: '100',
      BILLING_JOB_ATTEMPTS: '3',
      // Tests decide when payments are checked and renewals swept.
      PAYMENT_CHECK_DELAY_MS: '3600000',
      RENEWAL_SWEEP_MS: '3600000',
      RATE_LIMITS: 'default=100000/60s,checkout=100000/60s',
      ...env,
    },
  });
  const { config, logger, database } = prepared;
  const queue = createBillingQueue(config);
  const audit = captureAuditEvents({
    url: config.REDIS_URL,
    prefix: `${config.REDIS_KEY_PREFIX}audit`,
    service: 'billing-svc',
    logger,
  });
  const deps = { ...prepared.deps, queue, audit: audit.emitter };
  const worker: BillingWorker | null = withWorker ? await startBillingWorker(deps) : null;
  const served = await prepared.serve(createApp(deps), {
    async close() {
      await worker?.close();
      await queue.close();
      await audit.close();
    },
  });

  return {
    url: served.url,
    config,
    yookassa,
    database,
    queue,
    audit,
    logs: prepared.logs,
    token: prepared.token,
    notify: (body, headers = {}) =>
      call(`${served.url}/api/v1/billing/webhooks/yookassa`, { method: 'POST', body, headers }),
    async renewNow(subscriptionId) {
      const subscription = await database.db
        .selectFrom('subscriptions')
        .select(['id', 'current_period_end'])
        .where('id', '=', subscriptionId)
        .executeTakeFirstOrThrow();
      await enqueueRenewal(queue, config, {
        id: subscription.id,
        periodEnd: subscription.current_period_end,
      });
      return waitForJob(queue, renewalJobId(subscription.id, subscription.current_period_end));
    },
    auditEvents: async (action) => (await audit.events()).filter((event) => event.action === action),
    async close() {
      await served.close();
      await yookassa?.close();
    },
  };
}

/** Waits (bounded) until the job has completed or failed for good. */
export async function waitForJob(
  queue: BillingQueue,
  jobId: string,
  timeoutMs = 15_000,
): Promise<{ state: string; result: unknown }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const job = await queue.getJob(jobId);
    const state = job ? await job.getState() : 'missing';
    if (job && (state === 'completed' || state === 'failed')) return { state, result: job.returnvalue };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${jobId} did not finish within ${timeoutMs} ms`);
}

/** Waits (bounded) until `check` holds. */
export async function eventually(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

export type { JsonResponse };
export { call };

/** The signed-in user's side: the public billing routes. */
export function billingClient(base: string, token: string) {
  const billing = `${base}/api/v1/billing`;
  return {
    plans: () => call(`${billing}/plans`),
    balance: () => call(`${billing}/balance`, { token }),
    ledger: (query = '') => call(`${billing}/ledger${query ? `?${query}` : ''}`, { token }),
    buy: (body: unknown, key: string | null = randomUUID()) =>
      call(`${billing}/payments`, {
        method: 'POST',
        body,
        token,
        headers: key === null ? {} : { 'idempotence-key': key },
      }),
    payment: (id: string) => call(`${billing}/payments/${id}`, { token }),
    subscription: () => call(`${billing}/subscription`, { token }),
    usage: () => call(`${billing}/usage`, { token }),
    orgUsage: (query = '') => call(`${billing}/usage/org${query ? `?${query}` : ''}`, { token }),
    cancel: () => call(`${billing}/subscription/cancel`, { method: 'POST', token }),
    refund: (body: unknown, key: string | null = randomUUID()) =>
      call(`${billing}/admin/refunds`, {
        method: 'POST',
        body,
        token,
        headers: key === null ? {} : { 'idempotence-key': key },
      }),
    grant: (body: unknown, key: string | null = randomUUID()) =>
      call(`${billing}/admin/grants`, {
        method: 'POST',
        body,
        token,
        headers: key === null ? {} : { 'idempotence-key': key },
      }),
  };
}

/** Another service's side: the internal routes, with the service token. */
export function internalClient(base: string, serviceToken: string | null = SERVICE_TOKEN) {
  const internal = `${base}/internal/v1/billing`;
  const auth = serviceToken === null ? {} : { serviceToken };
  return {
    spend: (body: unknown) => call(`${internal}/spend`, { method: 'POST', body, ...auth }),
    balance: (userId: string) => call(`${internal}/balance?userId=${encodeURIComponent(userId)}`, auth),
    usage: (body: unknown) => call(`${internal}/usage`, { method: 'POST', body, ...auth }),
  };
}

/**
 * Buys `planId` as the user and plays the user paying on YooKassa's page; returns our payment and
 * the notification YooKassa would send (not yet delivered).
 */
export async function checkout(
  svc: BillingServiceUnderTest,
  client: ReturnType<typeof billingClient>,
  planId: string,
  body: Record<string, unknown> = {},
): Promise<{ paymentId: string; yookassaId: string; notification: YooKassaNotification }> {
  const created = await client.buy({ planId, ...body });
  if (created.status !== 201)
    throw new Error(`checkout failed: ${created.status} ${JSON.stringify(created.body)}`);
  const paymentId: string = created.body.payment.id;
  const yookassaId = await yookassaIdOf(svc, paymentId);
  if (!svc.yookassa) throw new Error('no YooKassa double');
  return { paymentId, yookassaId, notification: svc.yookassa.succeed(yookassaId) };
}

export async function yookassaIdOf(svc: BillingServiceUnderTest, paymentId: string): Promise<string> {
  const row = await svc.database.db
    .selectFrom('payments')
    .select('yookassa_id')
    .where('id', '=', paymentId)
    .executeTakeFirstOrThrow();
  if (!row.yookassa_id) throw new Error(`payment ${paymentId} has no YooKassa id`);
  return row.yookassa_id;
}

/** Gives the user credits through the admin route (a real ledger transaction). */
export async function grant(svc: BillingServiceUnderTest, userId: string, amount: number): Promise<void> {
  const admin = billingClient(svc.url, await svc.token('admin-granter', { role: 'admin' }));
  const response = await admin.grant({ userId, amount, reason: 'test balance' });
  if (response.status !== 201)
    throw new Error(`grant failed: ${response.status} ${JSON.stringify(response.body)}`);
}

/**
 * The ledger's invariants, read straight from Postgres: every transaction sums to zero, all
 * entries sum to zero, and each user's balance column equals the sum of its entries.
 */
export async function ledgerInvariants(svc: BillingServiceUnderTest): Promise<{
  unbalancedTransactions: number;
  total: number;
  mismatchedBalances: number;
}> {
  const { sql } = svc.database;
  const [unbalanced] = await sql<{ count: string }[]>`
    select count(*) as count from (
      select transaction_id from ledger_entries group by transaction_id having sum(amount) <> 0
    ) t`;
  const [total] = await sql<{ total: string | null }[]>`select sum(amount) as total from ledger_entries`;
  const [mismatched] = await sql<{ count: string }[]>`
    select count(*) as count from accounts a
    where a.kind = 'user'
      and a.balance <> coalesce((select sum(e.amount) from ledger_entries e where e.account_id = a.id), 0)`;
  return {
    unbalancedTransactions: Number(unbalanced?.count),
    total: Number(total?.total ?? 0),
    mismatchedBalances: Number(mismatched?.count),
  };
}
