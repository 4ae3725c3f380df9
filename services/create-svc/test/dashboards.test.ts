import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CreateServiceUnderTest, createClient, startCreateService } from './harness.ts';

const salesCsv = [
  'month,region,revenue,cost',
  '2026-01-01,north,120,80',
  '2026-01-01,south,90,70',
  '2026-02-01,north,130,85',
].join('\n');

let svc: CreateServiceUnderTest;
let client: ReturnType<typeof createClient>;

beforeAll(async () => {
  svc = await startCreateService();
  client = createClient(svc.url, await svc.token('charter'));
});
afterAll(() => svc?.close());

describe('dashboards', () => {
  it('accepts valid chart specs over given data and stores them with a snapshot of the data', async () => {
    const charts = [
      { type: 'line', title: 'Revenue and cost', x: 'month', y: ['revenue', 'cost'] },
      { type: 'bar', x: 'month', y: ['revenue'], series: 'region', stacked: true },
      { type: 'pie', x: 'region', y: ['revenue'] },
      { type: 'area', x: 'month', y: ['cost'] },
    ];
    const response = await client.dashboard({
      title: 'Sales',
      data: { format: 'csv', text: salesCsv },
      charts,
    });
    expect(response.status).toBe(201);
    const { artifact } = response.body;
    expect(artifact).toMatchObject({
      kind: 'dashboard',
      status: 'ready',
      title: 'Sales',
      origin: { type: 'data', format: 'csv' },
    });
    expect(artifact.dashboard.version).toBe(1);
    expect(artifact.dashboard.charts).toEqual(charts);
    expect(
      artifact.dashboard.columns.map((c: { key: string; type: string }) => `${c.key}:${c.type}`),
    ).toEqual(['month:date', 'region:string', 'revenue:number', 'cost:number']);
    expect(artifact.dashboard.rows).toHaveLength(3);

    const file = await client.content(artifact.id);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(JSON.parse(file.text)).toMatchObject({
      title: 'Sales',
      version: 1,
      charts,
      rows: artifact.dashboard.rows,
    });
  });

  it('charts one of the user’s tables, keeping the data if the table is deleted later', async () => {
    const table = await client.table({ title: 'Sales table', data: { format: 'csv', text: salesCsv } });
    const tableId = table.body.artifact.id;
    const response = await client.dashboard({
      title: 'From table',
      tableId,
      charts: [{ type: 'bar', x: 'region', y: ['cost'] }],
    });
    expect(response.status).toBe(201);
    expect(response.body.artifact.origin).toEqual({ type: 'table', tableId });
    expect((await client.remove(tableId)).status).toBe(204);
    const kept = await client.get(response.body.artifact.id);
    expect(kept.body.artifact.dashboard.rows).toEqual(table.body.artifact.table.rows);
  });

  it('refuses a spec naming a field that is not in the data: 400 pointing at it', async () => {
    const response = await client.dashboard({
      title: 'Broken',
      data: { format: 'csv', text: salesCsv },
      charts: [
        { type: 'bar', x: 'month', y: ['revenue'] },
        { type: 'line', x: 'month', y: ['revenue', 'profit'] },
      ],
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details).toEqual([
      {
        path: 'body.charts.1.y.1',
        message: '"profit" is not a field of the data (month, region, revenue, cost)',
      },
    ]);
  });

  it('refuses plotting text, an unknown x or series, and specs that make no sense', async () => {
    const base = { title: 'Broken', data: { format: 'csv', text: salesCsv } };
    const refused = async (chart: Record<string, unknown>) => {
      const response = await client.dashboard({ ...base, charts: [chart] });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
      return response.body.error.details.map((issue: { path: string }) => issue.path);
    };
    expect(await refused({ type: 'bar', x: 'month', y: ['region'] })).toEqual(['body.charts.0.y.0']);
    expect(await refused({ type: 'bar', x: 'day', y: ['revenue'] })).toEqual(['body.charts.0.x']);
    expect(await refused({ type: 'bar', x: 'month', y: ['revenue'], series: 'country' })).toEqual([
      'body.charts.0.series',
    ]);
    expect(await refused({ type: 'pie', x: 'region', y: ['revenue', 'cost'] })).toEqual(['body.charts.0.y']);
    expect(await refused({ type: 'line', x: 'month', y: ['revenue'], stacked: true })).toEqual([
      'body.charts.0.stacked',
    ]);
    expect(await refused({ type: 'scatter', x: 'month', y: ['revenue'] })).toEqual(['body.charts.0.type']);
    expect(await refused({ type: 'bar', x: 'month', y: [] })).toEqual(['body.charts.0.y']);
    expect(
      (await client.list('kind=dashboard')).body.artifacts.every(
        (a: { title: string }) => a.title !== 'Broken',
      ),
    ).toBe(true);
  });

  it('needs data or a table, not both, and at least one chart', async () => {
    const chart = { type: 'bar', x: 'a', y: ['b'] };
    const neither = await client.dashboard({ title: 'x', charts: [chart] });
    expect(neither.status).toBe(400);
    const table = await client.table({ data: { format: 'csv', text: 'a,b\nx,1\n' } });
    const both = await client.dashboard({
      title: 'x',
      tableId: table.body.artifact.id,
      data: { format: 'csv', text: 'a,b\nx,1\n' },
      charts: [chart],
    });
    expect(both.status).toBe(400);
    const none = await client.dashboard({ title: 'x', tableId: table.body.artifact.id, charts: [] });
    expect(none.status).toBe(400);
    expect(none.body.error.details[0].path).toBe('body.charts');
  });

  it('answers 404 for a tableId that is not a table (a dashboard’s id, or unknown)', async () => {
    const dashboard = await client.dashboard({
      title: 'Base',
      data: { format: 'csv', text: salesCsv },
      charts: [{ type: 'bar', x: 'region', y: ['cost'] }],
    });
    const chart = { type: 'bar', x: 'region', y: ['cost'] };
    const notTable = await client.dashboard({
      title: 'x',
      tableId: dashboard.body.artifact.id,
      charts: [chart],
    });
    expect(notTable.status).toBe(404);
    const unknown = await client.dashboard({ title: 'x', tableId: crypto.randomUUID(), charts: [chart] });
    expect(unknown.status).toBe(404);
  });
});
