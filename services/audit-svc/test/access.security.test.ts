import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditServiceUnderTest, auditClient, call, startAuditService } from './harness.ts';
import { seedEvents, store } from './seed.ts';

let svc: AuditServiceUnderTest;

beforeAll(async () => {
  svc = await startAuditService({}, { worker: false });
  await store(svc, seedEvents());
});
afterAll(async () => {
  await svc?.close();
});

const everyRoute = (client: ReturnType<typeof auditClient>) => [
  () => client.list(),
  () => client.list('limit=0'),
  () => client.verify(),
  async () => {
    const response = await client.export('format=csv');
    return { status: response.status, body: await response.json() };
  },
];

describe('who may read an org audit log', () => {
  it('its owner, and a platform admin who belongs to it', async () => {
    for (const options of [
      { orgId: 'org-a', orgRole: 'owner' as const },
      { orgId: 'org-a', orgRole: 'member' as const, role: 'admin' as const },
    ]) {
      const client = auditClient(svc.url, await svc.token('reader', options));
      const page = await client.list('limit=200');
      expect(page.status).toBe(200);
      expect(page.body.events).toHaveLength(120);
      expect(page.body.events.every((event: { orgId: string }) => event.orgId === 'org-a')).toBe(true);
    }
  });

  it('not a member, nor a user without an org, nor a platform admin without one: 404 on every route', async () => {
    for (const options of [
      { orgId: 'org-a', orgRole: 'member' as const },
      { orgId: null },
      { orgId: null, role: 'admin' as const },
    ]) {
      const client = auditClient(svc.url, await svc.token('someone', options));
      for (const request of everyRoute(client)) {
        const response = await request();
        expect(response.status).toBe(404);
        expect(response.body.error.code).toBe('not_found');
      }
    }
  });

  it("another org's owner sees only their own org, never org-a's events", async () => {
    const ownerB = auditClient(svc.url, await svc.token('owner-b', { orgId: 'org-b', orgRole: 'owner' }));
    const page = await ownerB.list('limit=200');
    expect(page.body.events).toHaveLength(5);
    expect(page.body.events.every((event: { orgId: string }) => event.orgId === 'org-b')).toBe(true);
    expect((await ownerB.verify()).body).toEqual({ ok: true, checked: 5 });
    const exported = await (await ownerB.export('format=jsonl')).text();
    expect(exported.trimEnd().split('\n')).toHaveLength(5);
    expect(exported).not.toContain('org-a');
    // A cursor from org-a's pages reads nothing of org-a in org-b.
    const ownerA = auditClient(svc.url, await svc.token('owner-a', { orgId: 'org-a', orgRole: 'owner' }));
    const cursor = (await ownerA.list('limit=1')).body.nextCursor;
    const withForeignCursor = await ownerB.list(`cursor=${cursor}`);
    expect(withForeignCursor.body.events.every((event: { orgId: string }) => event.orgId === 'org-b')).toBe(
      true,
    );
  });

  it('not anyone without a valid session (401), and not an API key', async () => {
    const root = `${svc.url}/api/v1/admin/audit-logs`;
    for (const url of [root, `${root}/verify`, `${root}/export?format=csv`]) {
      const anonymous = await call(url);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error.code).toBe('unauthorized');
      const forged = await call(url, { token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' });
      expect(forged.status).toBe(401);
      const apiKey = await call(url, { token: 'pk_0123456789abcdef0123456789abcdef' });
      expect(apiKey.status).toBe(401);
    }
  });
});
