import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CreateServiceUnderTest, createClient, startCreateService } from './harness.ts';

let svc: CreateServiceUnderTest;
let client: ReturnType<typeof createClient>;

beforeAll(async () => {
  svc = await startCreateService();
  client = createClient(svc.url, await svc.token('collector'));
});
afterAll(() => svc?.close());

const makeTable = (title: string) =>
  client.table({ title, data: { format: 'csv', text: 'name,value\na,1\n' } });

describe('listing artifacts', () => {
  it('pages newest first through every artifact exactly once, rows left out of the list', async () => {
    const titles: string[] = [];
    for (let i = 0; i < 7; i++) {
      titles.push(`table ${i}`);
      expect((await makeTable(`table ${i}`)).status).toBe(201);
    }
    const dashboard = await client.dashboard({
      title: 'chart',
      data: { format: 'csv', text: 'name,value\na,1\n' },
      charts: [{ type: 'bar', x: 'name', y: ['value'] }],
    });
    expect(dashboard.status).toBe(201);

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const response = await client.list(`limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.status).toBe(200);
      expect(response.body.artifacts.length).toBeLessThanOrEqual(3);
      for (const artifact of response.body.artifacts) {
        seen.push(artifact.title);
        if (artifact.kind === 'table') {
          expect(artifact.table).toEqual({ columns: expect.any(Array), rowCount: 1 });
        }
      }
      cursor = response.body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(['chart', ...titles.reverse()]);
  });

  it('filters by kind', async () => {
    const dashboards = await client.list('kind=dashboard');
    expect(dashboards.body.artifacts.map((a: { title: string }) => a.title)).toEqual(['chart']);
    const tables = await client.list('kind=table&limit=100');
    expect(tables.body.artifacts.every((a: { kind: string }) => a.kind === 'table')).toBe(true);
    expect(tables.body.nextCursor).toBeNull();
  });

  it('reads one artifact with its rows, then deletes it (404 afterwards, gone from the list)', async () => {
    const made = await makeTable('to delete');
    const id = made.body.artifact.id;
    const read = await client.get(id);
    expect(read.status).toBe(200);
    expect(read.body.artifact.table.rows).toEqual([{ name: 'a', value: 1 }]);
    expect((await client.remove(id)).status).toBe(204);
    expect((await client.get(id)).status).toBe(404);
    expect((await client.remove(id)).status).toBe(404);
    const list = await client.list('limit=100');
    expect(list.body.artifacts.some((a: { id: string }) => a.id === id)).toBe(false);
  });
});
