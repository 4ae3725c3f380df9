import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '@perplexica/audit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, linkHash } from '../src/chain/chain-hash.ts';
import { eventRow } from '../src/event-rows.ts';
import { type AuditServiceUnderTest, auditClient, startAuditService } from './harness.ts';

const ORG = 'org-big';
const COUNT = 10_000;
const T0 = Date.parse('2026-10-01T00:00:00.000Z');
const MINUTE = 60_000;
const actions = ['auth.sign_in', 'file.upload', 'thread.share', 'api_key.create'] as const;

/**
 * Event i happened at T0 + i minutes; its action, actor and outcome cycle with i, so each
 * filter's expected rows can be computed from i alone.
 */
function seedEvent(i: number): AuditEvent {
  return {
    eventId: randomUUID(),
    service: 'test-svc',
    time: new Date(T0 + i * MINUTE).toISOString(),
    actor: { id: `user-${i % 7}`, type: 'user' },
    orgId: ORG,
    action: actions[i % actions.length] as string,
    target: { type: i % 2 === 0 ? 'file' : 'thread', id: `t-${i}` },
    outcome: i % 10 === 0 ? 'failure' : 'success',
    ip: '203.0.113.7',
    userAgent: 'seed',
    requestId: `req-${i}`,
    details: { n: i, ...(i % 1000 === 0 ? { marker: 'needle' } : {}) },
  };
}

let svc: AuditServiceUnderTest;
let owner: ReturnType<typeof auditClient>;

/**
 * Seeds the org's chain in batches of 1,000 rows, linked with the service's own hash and row
 * functions, as 10,000 appends would leave it (and verify checks that they did), in a second
 * rather than one transaction per event.
 */
async function seed() {
  let prev = GENESIS_HASH;
  for (let start = 0; start < COUNT; start += 1_000) {
    const rows = [];
    for (let i = start; i < start + 1_000; i += 1) {
      const seq = i + 1;
      const event = seedEvent(i);
      const hash = linkHash(prev, seq, event);
      rows.push({ seq, event, prev, hash });
      prev = hash;
    }
    await svc.database.db
      .insertInto('audit_events')
      .values(rows.map((row) => eventRow(ORG, row.seq, row.event, row.prev, row.hash)))
      .execute();
  }
  await svc.database.db
    .insertInto('audit_chain_heads')
    .values({ org_key: ORG, seq: COUNT, hash: prev })
    .execute();
}

beforeAll(async () => {
  svc = await startAuditService({}, { worker: false });
  await seed();
  owner = auditClient(svc.url, await svc.token('owner-big', { orgId: ORG, orgRole: 'owner' }));
}, 60_000);
afterAll(async () => {
  await svc?.close();
});

const indexOf = (event: { details: { n: number } }) => event.details.n;
const descending = (predicate: (i: number) => boolean) =>
  Array.from({ length: COUNT }, (_, i) => COUNT - 1 - i).filter(predicate);

/** Every page of a query, following nextCursor; the seed indexes in the order served. */
async function allPages(query: string) {
  const seen: number[] = [];
  let cursor: string | null = null;
  do {
    const response = await owner.list(`${query}&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    expect(response.status).toBe(200);
    seen.push(...response.body.events.map(indexOf));
    cursor = response.body.nextCursor;
  } while (cursor);
  return seen;
}

describe('10,000 events', () => {
  it('pages through all of them, newest first, each exactly once, and the chain verifies', async () => {
    const seen = await allPages('');
    expect(seen).toEqual(descending(() => true));
    const verified = await owner.verify();
    expect(verified.body).toEqual({ ok: true, checked: COUNT });
  }, 30_000);

  it('filters by action, actor and outcome together, paged', async () => {
    // action file.upload: i % 4 == 1; actor user-3: i % 7 == 3; outcome success: i % 10 != 0.
    const seen = await allPages('action=file.upload&actor=user-3&outcome=success');
    const expected = descending((i) => i % 4 === 1 && i % 7 === 3 && i % 10 !== 0);
    expect(expected.length).toBeGreaterThan(300);
    expect(seen).toEqual(expected);
  });

  it('filters by a time range and a target type', async () => {
    const from = new Date(T0 + 2_500 * MINUTE).toISOString();
    const to = new Date(T0 + 7_500 * MINUTE).toISOString();
    const seen = await allPages(`from=${from}&to=${to}&target=thread`);
    expect(seen).toEqual(descending((i) => i >= 2_500 && i < 7_500 && i % 2 === 1));
  });

  it('finds the few events whose details hold a text, and one exact target', async () => {
    expect(await allPages('q=needle')).toEqual(descending((i) => i % 1000 === 0));
    expect(await allPages('target=thread:t-4321')).toEqual([4321]);
    expect(await allPages('outcome=failure&action=auth.*')).toEqual(
      descending((i) => i % 10 === 0 && i % 4 === 0),
    );
  });
});
