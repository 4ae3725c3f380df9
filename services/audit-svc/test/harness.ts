import { type AuditEmitter, type AuditEventInput, createAuditEmitter } from '@perplexica/audit';
import { createDatabase, migrateToLatest } from '@perplexica/db';
import { createLogger } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import {
  type CapturedLogs,
  callJson as call,
  prepareServiceUnderTest,
  TEST_SERVICE_TOKEN,
} from '@perplexica/testing';
import type { Worker } from 'bullmq';
import { createApp } from '../src/app.ts';
import { type AuditConfig, auditConfigSchema, queuePrefix } from '../src/config.ts';
import { auditMigrations } from '../src/db/migrations.ts';
import type { AuditDatabase } from '../src/db/schema.ts';
import { startAuditWorker } from '../src/ingest/audit-worker.ts';

export const SERVICE_TOKEN = TEST_SERVICE_TOKEN;

export interface TokenOptions {
  orgId?: string | null;
  orgRole?: 'owner' | 'member';
  role?: 'user' | 'admin';
}

export interface AuditServiceUnderTest {
  url: string;
  config: AuditConfig;
  database: ReturnType<typeof createDatabase<AuditDatabase>>;
  logs: CapturedLogs;
  /** An emitter as another service would make it, feeding this instance's queue. */
  emitter(service?: string): AuditEmitter;
  token(userId: string, options?: TokenOptions): Promise<string>;
  /** Starts the ingestion worker (again, after stopWorker). */
  startWorker(): void;
  /** Closes the worker as a shutdown does (it finishes what it holds). */
  stopWorker(): Promise<void>;
  /** Resolves once `count` events of the org (null: no org) are stored (bounded wait). */
  waitForStored(orgId: string | null, count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real audit-svc on a free port, its worker, against the machine's Postgres (a fresh schema)
 * and Redis (a fresh prefix), configured through the same zod schema as in production.
 */
export async function startAuditService(
  env: Record<string, string> = {},
  { worker: withWorker = true } = {},
): Promise<AuditServiceUnderTest> {
  const prepared = await prepareServiceUnderTest({
    service: 'audit-svc',
    configSchema: auditConfigSchema,
    createLogger,
    createRedis,
    database: {
      create: createDatabase<AuditDatabase>,
      migrate: migrateToLatest,
      migrations: auditMigrations,
      poolMax: 10,
    },
    env,
  });
  const { config, logger, database, deps } = prepared;
  let worker: Worker | null = withWorker ? startAuditWorker(deps) : null;
  const emitters: AuditEmitter[] = [];
  const served = await prepared.serve(createApp(deps), {
    async close() {
      await worker?.close();
      await Promise.allSettled(emitters.map((emitter) => emitter.close()));
    },
  });
  return {
    url: served.url,
    config,
    database,
    logs: prepared.logs,
    emitter(service = 'test-svc') {
      const emitter = createAuditEmitter({
        url: config.REDIS_URL,
        prefix: queuePrefix(config),
        service,
        logger,
        backoffMs: 100,
      });
      emitters.push(emitter);
      return emitter;
    },
    token: prepared.token,
    startWorker() {
      worker ??= startAuditWorker(deps);
    },
    async stopWorker() {
      await worker?.close();
      worker = null;
    },
    async waitForStored(orgId, count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      let stored = 0;
      while (Date.now() < deadline) {
        const row = await database.db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('org_key', '=', orgId ?? '-')
          .executeTakeFirstOrThrow();
        stored = Number(row.n);
        if (stored >= count) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`${stored} of ${count} events stored after ${timeoutMs} ms`);
    },
    close: served.close,
  };
}

export type { JsonResponse } from '@perplexica/testing';
export { call };

/** An org admin's side: the audit-log routes. */
export function auditClient(base: string, token: string) {
  const root = `${base}/api/v1/admin/audit-logs`;
  const withQuery = (path: string, query: string) => `${path}${query ? `?${query}` : ''}`;
  return {
    list: (query = '') => call(withQuery(root, query), { token }),
    verify: () => call(`${root}/verify`, { token }),
    /** The raw export response (its body is CSV or JSON Lines, not JSON). */
    export: (query: string) =>
      fetch(withQuery(`${root}/export`, query), { headers: { authorization: `Bearer ${token}` } }),
  };
}

let counter = 0;
/** A valid event for `orgId`; `overrides` replace any field. */
export function sampleEvent(orgId: string | null, overrides: Partial<AuditEventInput> = {}): AuditEventInput {
  counter += 1;
  return {
    actor: { id: 'user-alice', type: 'user' },
    orgId,
    action: 'auth.sign_in',
    target: { type: 'session', id: `session-${counter}` },
    outcome: 'success',
    ip: '203.0.113.7',
    userAgent: 'Mozilla/5.0 (test)',
    requestId: `req-${counter}`,
    details: { method: 'password' },
    ...overrides,
  };
}
