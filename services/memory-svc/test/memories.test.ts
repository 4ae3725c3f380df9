import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MemoryServiceUnderTest, memoryClient, startMemoryService } from './harness.ts';

let svc: MemoryServiceUnderTest;

beforeAll(async () => {
  svc = await startMemoryService({ MEMORY_MAX_PER_USER: '3' });
});
afterAll(() => svc?.close());

const clientFor = async (userId: string) => memoryClient(svc.url, await svc.token(userId));

describe('personal memories', () => {
  it('creates, reads, lists, edits and deletes a memory', async () => {
    const me = await clientFor('ada');
    const created = await me.create('  I prefer metric units  ');
    expect(created.status).toBe(201);
    const memory = created.body.memory;
    expect(memory).toEqual({
      id: expect.any(String),
      text: 'I prefer metric units',
      scope: 'personal',
      source: 'user',
      threadId: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });

    expect((await me.get(memory.id)).body.memory).toEqual(memory);
    expect((await me.list()).body.memories).toEqual([memory]);

    const edited = await me.patch(memory.id, { text: 'I prefer metric units, and Celsius' });
    expect(edited.status).toBe(200);
    expect(edited.body.memory).toMatchObject({ id: memory.id, text: 'I prefer metric units, and Celsius' });
    expect(edited.body.memory.createdAt).toBe(memory.createdAt);
    expect(Date.parse(edited.body.memory.updatedAt)).toBeGreaterThanOrEqual(Date.parse(memory.updatedAt));

    const removed = await me.remove(memory.id);
    expect(removed.status).toBe(204);
    expect((await me.get(memory.id)).status).toBe(404);
    expect((await me.remove(memory.id)).status).toBe(404);
    expect((await me.list()).body.memories).toEqual([]);
  });

  it('lists newest first and filters by q (case-insensitive, % and _ are plain text)', async () => {
    const me = await clientFor('grace');
    await me.create('I live in Berlin');
    await me.create('My daughter is called Anna');
    await me.create('I take 100% rye_bread');
    const all = (await me.list()).body.memories.map((memory: { text: string }) => memory.text);
    expect(all).toEqual(['I take 100% rye_bread', 'My daughter is called Anna', 'I live in Berlin']);
    expect((await me.list('q=berlin')).body.memories.map((m: { text: string }) => m.text)).toEqual([
      'I live in Berlin',
    ]);
    expect((await me.list('q=100%25')).body.memories).toHaveLength(1);
    expect((await me.list('q=rye_b')).body.memories).toHaveLength(1);
    expect((await me.list('q=%25%25')).body.memories).toEqual([]);
    expect((await me.list('q=tokyo')).body.memories).toEqual([]);
  });

  it('the same memory said again (case, spacing, full stop aside) updates it instead of duplicating', async () => {
    const me = await clientFor('linus');
    const first = await me.create('I use Vim');
    const again = await me.create('  i   use VIM. ');
    expect(again.status).toBe(200);
    expect(again.body.memory.id).toBe(first.body.memory.id);
    expect(again.body.memory.text).toBe('i   use VIM.');
    expect((await me.list()).body.memories).toHaveLength(1);
  });

  it('an edit that would duplicate another memory is 409 and changes nothing', async () => {
    const me = await clientFor('barbara');
    const tea = (await me.create('I drink tea')).body.memory;
    const coffee = (await me.create('I drink coffee')).body.memory;
    const clash = await me.patch(coffee.id, { text: 'I drink TEA' });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({ code: 'conflict', details: { existingId: tea.id } });
    expect((await me.get(coffee.id)).body.memory.text).toBe('I drink coffee');
    // Re-wording a memory itself is fine.
    expect((await me.patch(tea.id, { text: 'I drink tea.' })).status).toBe(200);
  });

  it('refuses a new memory once the user holds MEMORY_MAX_PER_USER, but still dedupes', async () => {
    const me = await clientFor('margaret');
    for (const text of ['One', 'Two', 'Three']) expect((await me.create(text)).status).toBe(201);
    const full = await me.create('Four');
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('conflict');
    expect(full.body.error.message).toMatch(/3 memories/);
    expect(full.body.error.details).toEqual({ limit: 3 });
    expect((await me.create('two')).status).toBe(200);
    expect((await me.list()).body.memories).toHaveLength(3);
  });

  it('forgets everything at once, only for the caller', async () => {
    const me = await clientFor('edsger');
    const other = await clientFor('tony');
    await me.create('I dislike goto');
    await me.create('I like proofs');
    await other.create('I like quicksort');
    expect((await me.forgetAll()).status).toBe(204);
    expect((await me.list()).body.memories).toEqual([]);
    expect((await other.list()).body.memories).toHaveLength(1);
    expect((await me.forgetAll()).status).toBe(204);
  });
});
