import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatSvc, type MemoryServiceUnderTest, memoryClient, startMemoryService } from './harness.ts';

let svc: MemoryServiceUnderTest;
let chat: ReturnType<typeof chatSvc>;

beforeAll(async () => {
  svc = await startMemoryService();
  chat = chatSvc(svc.url);
});
afterAll(() => svc?.close());

const MEMORIES = [
  'I prefer metric units',
  'I am vegetarian',
  'My daughter is called Anna',
  'I live in Berlin',
  'I work as a data engineer and use TypeScript and Postgres',
  'I am allergic to peanuts',
];

async function userWithMemories(userId: string, texts = MEMORIES, options = {}) {
  const client = memoryClient(svc.url, await svc.token(userId, options));
  const ids = new Map<string, string>();
  for (const text of texts) ids.set(text, (await client.create(text)).body.memory.id);
  return { client, ids };
}

describe('recall', () => {
  it('ranks the relevant memory first, with a score, in the contract shape', async () => {
    const { ids } = await userWithMemories('ranker');
    const cases: Array<[string, string]> = [
      ['What units should I use for this bread recipe?', 'I prefer metric units'],
      ['Give me vegetarian dinner ideas', 'I am vegetarian'],
      ['What is the weather in Berlin tomorrow?', 'I live in Berlin'],
      [
        'How do I write a Postgres migration in TypeScript?',
        'I work as a data engineer and use TypeScript and Postgres',
      ],
      ['Is peanut butter healthy?', 'I am allergic to peanuts'],
    ];
    for (const [query, expected] of cases) {
      const response = await chat.recall({ userId: 'ranker', orgId: null, query });
      expect(response.status).toBe(200);
      expect(response.body.enabled).toBe(true);
      const [best] = response.body.memories;
      expect(best, query).toEqual({
        id: ids.get(expected),
        text: expected,
        scope: 'personal',
        score: expect.any(Number),
      });
      expect(best.score).toBeGreaterThan(0);
      expect(best.score).toBeLessThanOrEqual(1);
      const scores = response.body.memories.map((memory: { score: number }) => memory.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  });

  it('recalls nothing for an unrelated question', async () => {
    await userWithMemories('unrelated');
    for (const query of [
      'What is the capital of France?',
      'Who won the football world cup in 2018?',
      'Explain quantum computing simply',
    ]) {
      const response = await chat.recall({ userId: 'unrelated', orgId: null, query });
      expect(response.body, query).toEqual({ enabled: true, memories: [] });
    }
  });

  it('is bounded by limit (default 5)', async () => {
    const texts = Array.from({ length: 8 }, (_, i) => `I keep recipe notebook number ${i + 1}`);
    await userWithMemories('many', texts);
    const query = 'Where are my recipe notebooks?';
    expect((await chat.recall({ userId: 'many', orgId: null, query })).body.memories).toHaveLength(5);
    expect((await chat.recall({ userId: 'many', orgId: null, query, limit: 2 })).body.memories).toHaveLength(
      2,
    );
    expect((await chat.recall({ userId: 'many', orgId: null, query, limit: 20 })).body.memories).toHaveLength(
      8,
    );
  });

  it("never recalls another user's memories", async () => {
    await userWithMemories('owner-of-secrets', ['My bank is Northwind Bank']);
    const response = await chat.recall({
      userId: 'stranger',
      orgId: null,
      query: 'Which bank is Northwind Bank?',
    });
    expect(response.body).toEqual({ enabled: true, memories: [] });
  });

  it('when memory is off: no personal memories, but the org facts still', async () => {
    const { client } = await userWithMemories('switcher', ['I prefer metric units'], {
      orgId: 'org-units',
      orgRole: 'owner',
    });
    await client.org.create('Our engineering team reports in metric units');
    const query = 'Which units should the report use?';
    const on = await chat.recall({ userId: 'switcher', orgId: 'org-units', query });
    expect(on.body.enabled).toBe(true);
    expect(on.body.memories.map((m: { scope: string }) => m.scope).sort()).toEqual(['org', 'personal']);

    await client.putSettings({ enabled: false });
    const off = await chat.recall({ userId: 'switcher', orgId: 'org-units', query });
    expect(off.body.enabled).toBe(false);
    expect(off.body.memories).toEqual([
      {
        id: expect.any(String),
        text: 'Our engineering team reports in metric units',
        scope: 'org',
        score: expect.any(Number),
      },
    ]);
    // Without the org in the request, there is nothing.
    expect((await chat.recall({ userId: 'switcher', orgId: null, query })).body).toEqual({
      enabled: false,
      memories: [],
    });
    // Switching memory off forgets nothing.
    expect((await client.list()).body.memories).toHaveLength(1);
  });

  it('a memory without a current vector is still recalled, and gets one', async () => {
    const { ids } = await userWithMemories('stale', ['I am allergic to peanuts', 'I live in Berlin']);
    // As after a failed embedding call, or a change of EMBEDDING_PROVIDER.
    await svc.database.db
      .updateTable('memories')
      .set({ embedding: null, embedding_scale: null, embedding_model: null })
      .execute();
    await svc.database.db
      .updateTable('memories')
      .set({ embedding_model: 'openai:some-other-model' })
      .where('id', '=', ids.get('I live in Berlin') as string)
      .execute();
    const response = await chat.recall({ userId: 'stale', orgId: null, query: 'Is peanut butter healthy?' });
    expect(response.body.memories[0]).toMatchObject({ text: 'I am allergic to peanuts' });
    const rows = await svc.database.db
      .selectFrom('memories')
      .select(['embedding', 'embedding_model'])
      .where('owner_id', '=', 'stale')
      .execute();
    for (const row of rows) {
      expect(row.embedding_model).toBe('local-hash-384');
      expect(row.embedding?.length).toBe(384);
    }
  });
});
