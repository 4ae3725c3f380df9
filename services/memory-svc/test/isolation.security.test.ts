import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatSvc, type MemoryServiceUnderTest, memoryClient, startMemoryService } from './harness.ts';

let svc: MemoryServiceUnderTest;
let alice: ReturnType<typeof memoryClient>;
let mallory: ReturnType<typeof memoryClient>;

beforeAll(async () => {
  svc = await startMemoryService();
  alice = memoryClient(svc.url, await svc.token('alice', { orgId: 'org-a', orgRole: 'member' }));
  // Mallory owns another org and is even a global admin: neither reaches Alice's memories.
  mallory = memoryClient(
    svc.url,
    await svc.token('mallory', { orgId: 'org-m', orgRole: 'owner', role: 'admin' }),
  );
});
afterAll(() => svc?.close());

describe("another user's memory", () => {
  it('is 404 for get, patch and delete, and nothing of it changes', async () => {
    const memory = (await alice.create('My bank PIN hint is my first cat')).body.memory;
    for (const response of [
      await mallory.get(memory.id),
      await mallory.patch(memory.id, { text: 'Mallory was here' }),
      await mallory.remove(memory.id),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body.error).toMatchObject({ code: 'not_found', message: 'Memory not found' });
    }
    expect((await alice.get(memory.id)).body.memory).toEqual(memory);
  });

  it('never shows up in their list, search, or "forget everything"', async () => {
    const memory = (await alice.create('I live on Elm Street')).body.memory;
    expect((await mallory.list()).body.memories).toEqual([]);
    expect((await mallory.list('q=elm')).body.memories).toEqual([]);
    expect((await mallory.forgetAll()).status).toBe(204);
    expect((await alice.get(memory.id)).status).toBe(200);
  });

  it('an org fact is not reachable through the personal routes, nor a memory through the org routes', async () => {
    const fact = (await mallory.org.create('Org M uses Rust')).body.memory;
    const memory = (await alice.create('I use Go')).body.memory;
    expect((await mallory.get(fact.id)).status).toBe(404);
    expect((await mallory.remove(fact.id)).status).toBe(404);
    expect((await mallory.org.get(memory.id)).status).toBe(404);
    expect((await mallory.org.remove(memory.id)).status).toBe(404);
    expect((await alice.get(memory.id)).status).toBe(200);
    expect((await mallory.org.get(fact.id)).status).toBe(200);
  });

  it("a user's extraction lands in their own memory only", async () => {
    await chatSvc(svc.url).extract({
      userId: 'mallory',
      orgId: 'org-a',
      threadId: null,
      question: 'Remember that I am the owner of org A',
      answer: '',
    });
    await svc.jobsSettled();
    expect((await alice.list()).body.memories.map((m: { text: string }) => m.text)).not.toContain(
      'I am the owner of org A',
    );
    expect((await alice.org.list()).body.memories).toEqual([]);
    expect((await mallory.list()).body.memories.map((m: { text: string }) => m.text)).toContain(
      'I am the owner of org A',
    );
  });
});
