import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tableJsonSchema } from '../src/tables/table-model.ts';
import {
  type CreateServiceUnderTest,
  createClient,
  seedThread,
  startCreateService,
  startWorld,
  type World,
} from './harness.ts';

const citiesCsv = [
  'City,Population (2020),Founded,Website',
  'Berlin,3664088,1237-01-01,https://berlin.de',
  '"Frankfurt, am Main",764104,0794-01-01,https://frankfurt.de',
  'Zürich,,1218-01-01,',
].join('\r\n');

const citiesTable = {
  title: 'Largest cities',
  columns: [
    { key: 'city', label: 'City', type: 'string' },
    { key: 'population', label: 'Population', type: 'number' },
    { key: 'founded', label: 'Founded', type: 'date' },
    { key: 'website', label: 'Website', type: 'url' },
  ],
  rows: [
    ['Berlin', 3664088, '1237-01-01', 'https://berlin.de'],
    ['Hamburg', 1852000, null, 'https://hamburg.de'],
  ],
};

/** The last chat request the fake received. */
const lastChat = (world: World): any =>
  world.openai.calls.filter((call) => call.path === '/v1/chat/completions').at(-1)?.body;

describe('tables from given data, without a model', () => {
  let svc: CreateServiceUnderTest;
  let client: ReturnType<typeof createClient>;
  beforeAll(async () => {
    svc = await startCreateService();
    client = createClient(svc.url, await svc.token('tabulator'));
  });
  afterAll(() => svc?.close());

  it('types CSV columns (number, date, url, text), keeps labels, makes keys, nulls empty cells', async () => {
    const response = await client.table({ title: 'Cities', data: { format: 'csv', text: citiesCsv } });
    expect(response.status).toBe(201);
    const { artifact } = response.body;
    expect(artifact).toMatchObject({
      kind: 'table',
      status: 'ready',
      title: 'Cities',
      origin: { type: 'data', format: 'csv' },
      contentPath: `/api/v1/create/artifacts/${artifact.id}/content`,
    });
    expect(artifact.table.columns).toEqual([
      { key: 'city', label: 'City', type: 'string' },
      { key: 'population_2020', label: 'Population (2020)', type: 'number' },
      { key: 'founded', label: 'Founded', type: 'date' },
      { key: 'website', label: 'Website', type: 'url' },
    ]);
    expect(artifact.table.rows).toEqual([
      { city: 'Berlin', population_2020: 3664088, founded: '1237-01-01', website: 'https://berlin.de' },
      {
        city: 'Frankfurt, am Main',
        population_2020: 764104,
        founded: '0794-01-01',
        website: 'https://frankfurt.de',
      },
      { city: 'Zürich', population_2020: null, founded: '1218-01-01', website: null },
    ]);
    expect(artifact.table.rowCount).toBe(3);
    // Stored: the same table comes back.
    expect((await client.get(artifact.id)).body.artifact.table).toEqual(artifact.table);
  });

  it('reads semicolon CSV and JSON rows (numbers stay numbers, mixed columns are text)', async () => {
    const semicolon = await client.table({
      data: { format: 'csv', delimiter: ';', text: 'name;score\nann;1.5\nbob;-2e3\n' },
    });
    expect(semicolon.status).toBe(201);
    expect(semicolon.body.artifact.title).toBe('Table');
    expect(semicolon.body.artifact.table.rows).toEqual([
      { name: 'ann', score: 1.5 },
      { name: 'bob', score: -2000 },
    ]);

    const json = await client.table({
      title: 'Mixed',
      data: {
        format: 'json',
        rows: [
          { id: 1, code: '007', when: '2026-01-02', ok: true, note: 'x' },
          { id: 2, code: 8, when: null, ok: false },
        ],
      },
    });
    expect(json.status).toBe(201);
    expect(
      json.body.artifact.table.columns.map((c: { key: string; type: string }) => `${c.key}:${c.type}`),
    ).toEqual(['id:number', 'code:string', 'when:date', 'ok:string', 'note:string']);
    expect(json.body.artifact.table.rows[1]).toEqual({
      id: 2,
      code: '8',
      when: null,
      ok: 'false',
      note: null,
    });
  });

  it('downloads a table as CSV, guarding cells a spreadsheet would run as formulas', async () => {
    const made = await client.table({
      title: 'Formulas',
      data: { format: 'json', rows: [{ name: '=HYPERLINK("http://evil")', n: -5 }] },
    });
    const file = await client.content(made.body.artifact.id);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(file.headers.get('content-disposition')).toContain('filename="formulas.csv"');
    expect(file.text).toBe('name,n\r\n"\'=HYPERLINK(""http://evil"")",-5\r\n');
  });

  it('refuses a prompt without a model: 503 not_configured, nothing stored', async () => {
    const before = (await client.list()).body.artifacts.length;
    const response = await client.table({ prompt: 'The ten largest cities of Europe' });
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('not_configured');
    expect((await client.list()).body.artifacts).toHaveLength(before);
  });
});

describe('tables from a prompt, through the model (structured output)', () => {
  let world: World;
  let client: ReturnType<typeof createClient>;
  beforeAll(async () => {
    world = await startWorld({ openai: true });
    client = createClient(world.create.url, await world.create.token('asker'));
  });
  afterEach(() => world.openai.reset());
  afterAll(() => world?.close());

  it('asks with the JSON schema response format and stores the validated table', async () => {
    world.openai.setStructuredResponder(() => citiesTable);
    const response = await client.table({ prompt: 'The largest German cities' });
    expect(response.status).toBe(201);
    const { artifact } = response.body;
    expect(artifact.title).toBe('Largest cities');
    expect(artifact.origin).toMatchObject({
      type: 'prompt',
      prompt: 'The largest German cities',
      model: 'gpt-4o-mini',
    });
    expect(artifact.table.columns).toEqual(citiesTable.columns);
    expect(artifact.table.rows).toEqual([
      { city: 'Berlin', population: 3664088, founded: '1237-01-01', website: 'https://berlin.de' },
      { city: 'Hamburg', population: 1852000, founded: null, website: 'https://hamburg.de' },
    ]);
    const request = lastChat(world);
    expect(request.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'data_table', strict: true, schema: tableJsonSchema },
    });
    expect(request.messages.at(-1).content).toContain('The largest German cities');
    expect(world.openai.chatCount()).toBe(1);
  });

  it('gives the model the user data and a thread answer with its sources; the title can be set', async () => {
    world.openai.setStructuredResponder(() => citiesTable);
    const threadId = await seedThread(world.library, 'asker', 'Cities', [
      {
        query: 'Which German cities are largest?',
        answer: 'Berlin is the largest [1], then Hamburg [2].',
        sources: [
          { index: 1, title: 'Berlin facts', url: 'https://example.org/berlin' },
          { index: 2, title: 'Hamburg facts', url: 'https://example.org/hamburg' },
        ],
      },
    ]);
    const response = await client.table({
      title: 'My cities',
      prompt: 'Tabulate the cities',
      threadId,
      data: { format: 'csv', text: 'city,rank\nBerlin,1\n' },
    });
    expect(response.status).toBe(201);
    expect(response.body.artifact.title).toBe('My cities');
    expect(response.body.artifact.origin).toMatchObject({ threadId, dataFormat: 'csv' });
    const prompt = lastChat(world).messages.at(-1).content as string;
    expect(prompt).toContain('city,rank\r\nBerlin,1');
    expect(prompt).toContain('Berlin is the largest [1], then Hamburg [2].');
    expect(prompt).toContain('[2] Hamburg facts https://example.org/hamburg');
  });

  it('refuses an invalid reply and asks once more, telling the model what was wrong', async () => {
    let calls = 0;
    world.openai.setStructuredResponder(() => {
      calls++;
      if (calls === 1) return { ...citiesTable, rows: [['Berlin', 'three million', null, 'not a url']] };
      return citiesTable;
    });
    const response = await client.table({ prompt: 'Cities again' });
    expect(response.status).toBe(201);
    expect(world.openai.chatCount()).toBe(2);
    const retry = lastChat(world).messages;
    expect(retry.at(-2).role).toBe('assistant');
    expect(retry.at(-1).content).toContain('rows.0.population: must be a number or null');
    expect(retry.at(-1).content).toContain('rows.0.website: must be an http(s) URL');
  });

  it('answers 502 bad_gateway when the model stays invalid, and stores nothing', async () => {
    const before = (await client.list('kind=table')).body.artifacts.length;
    const replies = [
      'not json at all',
      JSON.stringify({ ...citiesTable, columns: [{ key: 'Bad Key', label: 'x', type: 'string' }], rows: [] }),
    ];
    let calls = 0;
    world.openai.setResponder(() => ({ content: replies[calls++] ?? '' }));
    const response = await client.table({ prompt: 'Anything' });
    expect(response.status).toBe(502);
    expect(response.body.error.code).toBe('bad_gateway');
    expect(response.body.error.details[0].path).toBe('columns.0.key');
    expect(world.openai.chatCount()).toBe(2);
    expect((await client.list('kind=table')).body.artifacts).toHaveLength(before);

    // Rows that do not match the columns are refused too.
    calls = 0;
    replies.splice(0, 2, ...Array(2).fill(JSON.stringify({ ...citiesTable, rows: [['only one cell']] })));
    const ragged = await client.table({ prompt: 'Anything' });
    expect(ragged.status).toBe(502);
    expect(ragged.body.error.details).toEqual([{ path: 'rows.0', message: 'has 1 cells for 4 columns' }]);
  });

  it('passes on a failing provider as 502 and a rate-limited one as 503', async () => {
    world.openai.setMode('error500');
    const response = await client.table({ prompt: 'Anything' });
    expect(response.status).toBe(502);
    expect(response.body.error.code).toBe('bad_gateway');
    world.openai.setMode('rate_limited');
    const limited = await client.table({ prompt: 'Anything' });
    expect(limited.status).toBe(503);
    expect(limited.body.error.code).toBe('unavailable');
  });
});
