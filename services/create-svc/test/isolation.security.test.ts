import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createClient, seedThread, startWorld, type World } from './harness.ts';

let world: World;
let alice: ReturnType<typeof createClient>;
let bob: ReturnType<typeof createClient>;
let aliceTable: string;
let aliceImage: string;
let aliceThread: string;

beforeAll(async () => {
  world = await startWorld({ openai: true });
  alice = createClient(world.create.url, await world.create.token('alice'));
  bob = createClient(world.create.url, await world.create.token('bob'));
  aliceTable = (await alice.table({ title: 'Secret', data: { format: 'csv', text: 'k,v\nx,1\n' } })).body
    .artifact.id;
  aliceImage = (await alice.image({ prompt: 'Private picture' })).body.artifact.id;
  aliceThread = await seedThread(world.library, 'alice', 'Private thread', [
    {
      query: 'Private question?',
      answer: 'Private answer [1].',
      sources: [{ index: 1, title: 'S', url: 'https://s.example' }],
    },
  ]);
});
afterAll(() => world?.close());

describe("another user's artifacts and threads", () => {
  it('are 404 to read, download or delete, and stay untouched', async () => {
    for (const id of [aliceTable, aliceImage]) {
      const read = await bob.get(id);
      expect(read.status).toBe(404);
      expect(read.body.error.code).toBe('not_found');
      expect((await bob.content(id)).status).toBe(404);
      expect((await bob.remove(id)).status).toBe(404);
      expect((await alice.get(id)).status).toBe(200);
    }
    expect((await bob.list()).body.artifacts).toEqual([]);
  });

  it('cannot be charted (404 for the table), nor tabulated from (404 for the thread)', async () => {
    const dashboard = await bob.dashboard({
      title: 'x',
      tableId: aliceTable,
      charts: [{ type: 'bar', x: 'k', y: ['v'] }],
    });
    expect(dashboard.status).toBe(404);
    world.openai.setStructuredResponder();
    const table = await bob.table({ prompt: 'Tabulate it', threadId: aliceThread });
    expect(table.status).toBe(404);
    expect(table.body.error.code).toBe('not_found');
    expect(world.openai.chatCount()).toBe(0);
  });

  it("cannot be exported: library-svc's 404 in every format, and no file", async () => {
    for (const format of ['markdown', 'pdf', 'docx']) {
      const response = await bob.exportThread(aliceThread, format);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-disposition')).toBeNull();
      expect(response.json.error.code).toBe('not_found');
      expect(response.text).not.toContain('Private answer');
    }
    expect((await alice.exportThread(aliceThread, 'markdown')).status).toBe(200);
  });

  it('need a valid session: 401 without or with a bad token', async () => {
    const base = `${world.create.url}/api/v1`;
    for (const path of [
      `/create/artifacts/${aliceTable}`,
      '/create/artifacts',
      `/export/threads/${aliceThread}?format=pdf`,
    ]) {
      expect((await call(`${base}${path}`)).status).toBe(401);
      expect((await call(`${base}${path}`, { token: 'not-a-jwt' })).status).toBe(401);
    }
    expect(
      (await call(`${base}/create/tables`, { body: { data: { format: 'csv', text: 'a\n1' } } })).status,
    ).toBe(401);
  });
});
