// Audit ingestion: events emitted through @perplexica/audit (a BullMQ queue on Redis) until
// audit-svc has stored every one of them in its per-org hash chains. Run with
// `node bench/audit-ingest.ts` (or `pnpm bench`).
//
// audit-svc runs as a child process from its own main.ts with the local stack's V8 flags, on the
// machine's Postgres (a fresh schema) and Redis (a fresh prefix); the emitter is in this process,
// as it is in every service. Two phases:
//   1. steady: BENCH_AUDIT_EVENTS (20,000) events over BENCH_AUDIT_ORGS (20) organizations,
//      emitted with 64 in flight; events/s from the first emit to the last event stored;
//   2. durable: audit-svc stopped, 2,000 more events emitted, audit-svc started again; every one
//      must be stored, once.
// Then every organization's chain is verified through audit-svc's own verify route, and the stored
// count must equal the emitted count exactly (nothing lost, nothing twice).
import { availableParallelism } from 'node:os';
import { createAuditEmitter } from '@perplexica/audit';
import { LOCAL_NODE_FLAGS } from '@perplexica/local-stack';
import { createLogger } from '@perplexica/observability';
import {
  freePort,
  freshRedisPrefix,
  freshSchema,
  generateSigningKeyPair,
  signTestAccessToken,
} from '@perplexica/testing';
import postgres from 'postgres';
import { type RunningChild, startServiceProcess } from './support/service-process.ts';

const EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 20_000);
const ORGS = Number(process.env.BENCH_AUDIT_ORGS ?? 20);
const DURABLE_EVENTS = 2_000;
const IN_FLIGHT = 64;
const TARGET_EVENTS_PER_S = 2_000;
const SERVICE_TOKEN = 'bench-service-token-0123456789abcdef';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const keys = generateSigningKeyPair();
  const schema = await freshSchema('audit');
  const redis = freshRedisPrefix('audit');
  const port = await freePort();
  const env = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    POSTGRES_URL: schema.url,
    DB_SCHEMA: schema.schema,
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: redis.prefix,
    SERVICE_TOKEN,
    JWT_PUBLIC_KEY: keys.publicKeyPem,
  };
  const startAudit = () => startServiceProcess('audit-svc', port, env, undefined, LOCAL_NODE_FLAGS);
  const sql = postgres(schema.url, { max: 1, onnotice: () => {} });
  const emitter = createAuditEmitter({
    url: redis.url,
    // audit-svc's queue prefix: its REDIS_KEY_PREFIX + "bull".
    prefix: `${redis.prefix}bull`,
    service: 'bench',
    logger: createLogger({ service: 'bench', level: 'warn' }),
  });
  let audit: RunningChild | undefined = await startAudit();
  try {
    const stored = async () =>
      Number((await sql.unsafe(`select count(*)::int as n from "${schema.schema}".audit_events`))[0]?.n);
    const waitStored = async (count: number, limitMs: number) => {
      const deadline = Date.now() + limitMs;
      while (Date.now() < deadline) {
        if ((await stored()) >= count) return Date.now();
        await sleep(20);
      }
      throw new Error(`only ${await stored()} of ${count} events stored after ${limitMs} ms`);
    };
    let emitted = 0;
    let emitFailures = 0;
    const emitMany = async (count: number) => {
      let next = 0;
      const worker = async () => {
        while (next < count) {
          const index = next++;
          const result = await emitter.emit({
            actor: { id: `user-${index % 500}`, type: 'user' },
            orgId: `org-${index % ORGS}`,
            action: index % 7 === 0 ? 'auth.sign_in' : 'file.upload',
            target: { type: 'file', id: `file-${index}` },
            outcome: index % 13 === 0 ? 'failure' : 'success',
            ip: '203.0.113.7',
            userAgent: 'bench/1.0',
            requestId: `req-${emitted + index}`,
            details: { size: index, name: `report-${index}.pdf` },
          });
          if (!result.ok) emitFailures += 1;
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
      emitted += count;
    };

    console.log('bench audit-ingest: events through @perplexica/audit into audit-svc');
    console.log(
      `  ${availableParallelism()} cores, Node ${process.version}, ${EVENTS} events over ${ORGS} organizations, ${IN_FLIGHT} emits in flight`,
    );
    // 1. Steady ingestion.
    const started = Date.now();
    await emitMany(EVENTS);
    const enqueuedMs = Date.now() - started;
    const doneAt = await waitStored(EVENTS, 300_000);
    const seconds = (doneAt - started) / 1_000;
    const perSecond = Math.round(EVENTS / seconds);
    console.log(
      `  steady: ${EVENTS} events queued in ${(enqueuedMs / 1_000).toFixed(1)} s (${Math.round(EVENTS / (enqueuedMs / 1_000))}/s), all stored after ${seconds.toFixed(1)} s: ${perSecond} events/s`,
    );

    // 2. audit-svc away while events keep coming: none may be lost.
    await audit.stop();
    audit = undefined;
    await emitMany(DURABLE_EVENTS);
    const whileDown = await stored();
    audit = await startAudit();
    await waitStored(EVENTS + DURABLE_EVENTS, 120_000);
    console.log(
      `  durable: ${DURABLE_EVENTS} events emitted while audit-svc was stopped (${whileDown - EVENTS} stored meanwhile), all stored after its restart`,
    );

    // Exactly once, and every chain intact (audit-svc's own verify, as an org owner reads it).
    await sleep(500);
    const total = await stored();
    const duplicates = Number(
      (
        await sql.unsafe(
          `select count(*)::int as n from (select event_id from "${schema.schema}".audit_events group by event_id having count(*) > 1) d`,
        )
      )[0]?.n,
    );
    let broken = 0;
    let checked = 0;
    for (let org = 0; org < ORGS; org++) {
      const token = await signTestAccessToken({
        privateKeyPem: keys.privateKeyPem,
        userId: `owner-${org}`,
        orgId: `org-${org}`,
        orgRole: 'owner',
      });
      const response = await fetch(`${audit.url}/api/v1/admin/audit-logs/verify`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await response.json()) as { ok: boolean; checked?: number };
      if (!body.ok) broken += 1;
      checked += body.checked ?? 0;
    }
    console.log(
      `  stored ${total} of ${emitted} emitted (${emitFailures} emit failures, ${duplicates} duplicates); chains verified: ${ORGS - broken} of ${ORGS} intact, ${checked} events checked`,
    );
    const pass =
      perSecond >= TARGET_EVENTS_PER_S &&
      total === emitted &&
      duplicates === 0 &&
      broken === 0 &&
      emitFailures === 0;
    console.log(
      `  target ≥ ${TARGET_EVENTS_PER_S} events/s with nothing lost or stored twice: ${pass ? 'PASS' : 'MISS'}`,
    );
  } finally {
    await audit?.stop();
    await emitter.close();
    await sql.end();
    await redis.clear();
    await schema.drop();
  }
}

await main();
