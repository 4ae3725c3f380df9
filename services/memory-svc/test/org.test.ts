import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MemoryServiceUnderTest, memoryClient, startMemoryService } from './harness.ts';

let svc: MemoryServiceUnderTest;
let owner: ReturnType<typeof memoryClient>;
let member: ReturnType<typeof memoryClient>;
let admin: ReturnType<typeof memoryClient>;
let otherOwner: ReturnType<typeof memoryClient>;

beforeAll(async () => {
  svc = await startMemoryService({ MEMORY_MAX_PER_ORG: '3' });
  owner = memoryClient(svc.url, await svc.token('owner-1', { orgId: 'org-acme', orgRole: 'owner' }));
  member = memoryClient(svc.url, await svc.token('member-1', { orgId: 'org-acme', orgRole: 'member' }));
  admin = memoryClient(svc.url, await svc.token('admin-1', { orgId: 'org-acme', role: 'admin' }));
  otherOwner = memoryClient(svc.url, await svc.token('owner-2', { orgId: 'org-globex', orgRole: 'owner' }));
});
afterAll(() => svc?.close());

describe('enterprise memory (org facts)', () => {
  it('the owner creates, every member reads', async () => {
    const created = await owner.org.create('Our fiscal year starts in April');
    expect(created.status).toBe(201);
    const fact = created.body.memory;
    expect(fact).toEqual({
      id: expect.any(String),
      text: 'Our fiscal year starts in April',
      scope: 'org',
      createdBy: 'owner-1',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await member.org.list()).body.memories).toEqual([fact]);
    expect((await member.org.get(fact.id)).body.memory).toEqual(fact);
    // Org facts are not anyone's personal memories.
    expect((await owner.list()).body.memories).toEqual([]);
  });

  it('a plain member gets 403 on every write, and nothing changes', async () => {
    const fact = (await owner.org.create('Expense reports are due on the 5th')).body.memory;
    const create = await member.org.create('Members may not write this');
    expect(create.status).toBe(403);
    expect(create.body.error.code).toBe('forbidden');
    expect((await member.org.patch(fact.id, { text: 'Changed' })).status).toBe(403);
    expect((await member.org.remove(fact.id)).status).toBe(403);
    expect((await member.org.get(fact.id)).body.memory.text).toBe('Expense reports are due on the 5th');
    expect((await member.org.list()).body.memories.map((m: { text: string }) => m.text)).not.toContain(
      'Members may not write this',
    );
  });

  it('a global admin edits and deletes the facts of their org', async () => {
    const fact = (await owner.org.create('The VPN is called acme-vpn')).body.memory;
    const edited = await admin.org.patch(fact.id, { text: 'The VPN is called acme-vpn-2' });
    expect(edited.status).toBe(200);
    expect(edited.body.memory).toMatchObject({
      id: fact.id,
      text: 'The VPN is called acme-vpn-2',
      createdBy: 'owner-1',
    });
    expect((await admin.org.remove(fact.id)).status).toBe(204);
    expect((await member.org.get(fact.id)).status).toBe(404);
  });

  it("another org's fact is 404 for reads and writes, and nothing changes", async () => {
    const fact = (await owner.org.create('Only Acme knows this')).body.memory;
    for (const response of [
      await otherOwner.org.get(fact.id),
      await otherOwner.org.patch(fact.id, { text: 'Globex was here' }),
      await otherOwner.org.remove(fact.id),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
    expect((await otherOwner.org.list()).body.memories).toEqual([]);
    expect((await owner.org.get(fact.id)).body.memory.text).toBe('Only Acme knows this');
    expect((await owner.org.get(randomUUID())).status).toBe(404);
  });

  it('dedupes, and refuses a new fact beyond MEMORY_MAX_PER_ORG', async () => {
    const org = memoryClient(svc.url, await svc.token('owner-3', { orgId: 'org-small', orgRole: 'owner' }));
    const first = (await org.org.create('Fact one')).body.memory;
    expect((await org.org.create('fact ONE')).body.memory.id).toBe(first.id);
    await org.org.create('Fact two');
    await org.org.create('Fact three');
    const full = await org.org.create('Fact four');
    expect(full.status).toBe(409);
    expect(full.body.error.details).toEqual({ limit: 3 });
  });
});
