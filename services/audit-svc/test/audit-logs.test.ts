import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditServiceUnderTest, auditClient, startAuditService } from './harness.ts';
import { HOUR, seedEvents, store, T0 } from './seed.ts';

let svc: AuditServiceUnderTest;
let owner: ReturnType<typeof auditClient>;

beforeAll(async () => {
  svc = await startAuditService({}, { worker: false });
  await store(svc, seedEvents());
  owner = auditClient(svc.url, await svc.token('owner-a', { orgId: 'org-a', orgRole: 'owner' }));
});
afterAll(async () => {
  await svc?.close();
});

const iso = (hours: number) => new Date(T0 + hours * HOUR).toISOString();
/** Seed indexes (event i happened at T0 + i h) of the events a page shows. */
const indexes = (events: Array<{ time: string }>) =>
  events.map((event) => (Date.parse(event.time) - T0) / HOUR);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => from + index);

/** Every page of a query, following nextCursor. */
async function allPages(query: string) {
  const events: Array<{ time: string; eventId: string }> = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const response = await owner.list(`${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(response.status).toBe(200);
    events.push(...response.body.events);
    cursor = response.body.nextCursor;
    pages += 1;
  } while (cursor);
  return { events, pages };
}

describe('GET /api/v1/admin/audit-logs', () => {
  it('lists the org events newest first, 50 by default, with a cursor to the next page', async () => {
    const page = await owner.list();
    expect(page.status).toBe(200);
    expect(page.body.events).toHaveLength(50);
    expect(indexes(page.body.events)).toEqual(range(70, 120).reverse());
    expect(page.body.nextCursor).toEqual(expect.any(String));
  });

  it('pages through everything exactly once', async () => {
    const { events, pages } = await allPages('limit=17');
    expect(pages).toBe(Math.ceil(120 / 17));
    expect(indexes(events)).toEqual(range(0, 120).reverse());
    expect(new Set(events.map((event) => event.eventId)).size).toBe(120);
  });

  it('filters by time range (from inclusive, to exclusive)', async () => {
    const page = await owner.list(`from=${iso(10)}&to=${iso(20)}`);
    expect(indexes(page.body.events)).toEqual(range(10, 20).reverse());
    expect(page.body.nextCursor).toBeNull();
    // A date alone is UTC midnight: 2026-11-02 is hour 24.
    const day = await owner.list('from=2026-11-02&to=2026-11-03&limit=200');
    expect(indexes(day.body.events)).toEqual(range(24, 48).reverse());
  });

  it('filters by action, exactly or by prefix', async () => {
    const exact = await owner.list('action=files.delete&limit=200');
    expect(indexes(exact.body.events)).toEqual(
      range(0, 120)
        .filter((i) => i % 4 === 3)
        .reverse(),
    );
    const prefix = await owner.list('action=auth.*&limit=200');
    expect(indexes(prefix.body.events)).toEqual(
      range(0, 120)
        .filter((i) => i % 4 < 2)
        .reverse(),
    );
    expect((await owner.list('action=auth&limit=200')).body.events).toEqual([]);
  });

  it('filters by actor, outcome and target, combined', async () => {
    const page = await owner.list('actor=user-odd&outcome=denied&limit=200');
    expect(indexes(page.body.events)).toEqual(
      range(0, 120)
        .filter((i) => i % 2 === 1 && i % 3 === 2)
        .reverse(),
    );
    const files = await owner.list('target=file&limit=200');
    expect(indexes(files.body.events)).toEqual(
      range(0, 120)
        .filter((i) => i % 5 === 0)
        .reverse(),
    );
    const one = await owner.list('target=session:t-33');
    expect(indexes(one.body.events)).toEqual([33]);
  });

  it('finds text in details, action and target (q), case-insensitively, with % and _ taken literally', async () => {
    expect(indexes((await owner.list('q=NEEDLE')).body.events)).toEqual([77]);
    expect(indexes((await owner.list('q=t-119')).body.events)).toEqual([119]);
    expect((await owner.list('q=upload&limit=200')).body.events).toHaveLength(30);
    expect((await owner.list('q=%25')).body.events).toEqual([]);
    expect((await owner.list('q=_&limit=200')).body.events.length).toBe(60); // auth.sign_in / auth.sign_out
  });

  it('pages a filtered list with the same filters', async () => {
    const { events } = await allPages('action=auth.*&from=2026-11-02&limit=7');
    expect(indexes(events)).toEqual(
      range(24, 120)
        .filter((i) => i % 4 < 2)
        .reverse(),
    );
  });
});
