import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createClient, download, startWorld, type World } from './harness.ts';

let world: World;
let client: ReturnType<typeof createClient>;
let token: string;
let base: string;

beforeAll(async () => {
  world = await startWorld({
    env: { TABLE_MAX_DATA_BYTES: '2000', TABLE_MAX_ROWS: '5', BODY_LIMIT_BYTES: '20000' },
  });
  token = await world.create.token('careless');
  client = createClient(world.create.url, token);
  base = `${world.create.url}/api/v1`;
});
afterAll(() => world?.close());

/** The one error shape, with the status and code expected. */
function expectError(
  response: { status: number; body?: unknown; json?: unknown },
  status: number,
  code: string,
) {
  const body = (response.body ?? response.json) as {
    error: { code: string; message: string; requestId: string };
  };
  expect(response.status).toBe(status);
  expect(body.error).toMatchObject({ code, message: expect.any(String), requestId: expect.any(String) });
}

describe('bad input is a 4xx in the one error shape', () => {
  it('an unknown or missing export format', async () => {
    const threadId = randomUUID();
    for (const format of ['rtf', 'PDF', '']) {
      const response = await client.exportThread(threadId, format);
      expectError(response, 400, 'validation_failed');
      expect(response.json.error.details[0].path).toBe('query.format');
    }
    expectError(await download(`${base}/export/threads/${threadId}`, token), 400, 'validation_failed');
  });

  it('ids that are not UUIDs, and unknown ones', async () => {
    for (const id of ['42', 'not-a-uuid', `${randomUUID()}x`]) {
      expectError(await client.get(id), 400, 'validation_failed');
      expectError(await client.remove(id), 400, 'validation_failed');
      expectError(await client.content(id), 400, 'validation_failed');
      expectError(await client.exportThread(id, 'pdf'), 400, 'validation_failed');
    }
    expectError(await client.get(randomUUID()), 404, 'not_found');
    expectError(await client.exportThread(randomUUID(), 'pdf'), 404, 'not_found');
    expectError(await client.table({ prompt: 'x', threadId: 'nope' }), 400, 'validation_failed');
    expectError(
      await client.dashboard({ title: 'x', tableId: 'nope', charts: [{ type: 'bar', x: 'a', y: ['b'] }] }),
      400,
      'validation_failed',
    );
    // A malformed share link is the same 404 as an unknown one (nothing to tell apart for a guesser).
    expectError(
      await download(`${base}/export/shared/${encodeURIComponent('../../etc')}?format=pdf`),
      404,
      'not_found',
    );
    expectError(await download(`${base}/export/shared/abcdefghijklmnop?format=pdf`), 404, 'not_found');
  });

  it('oversized data: 413, before any parsing', async () => {
    const big = `name\n${'x'.repeat(2_100)}\n`;
    const response = await client.table({ data: { format: 'csv', text: big } });
    expectError(response, 413, 'payload_too_large');
    expect(response.body.error.details).toMatchObject({ limit: 2000 });
    const rows = Array.from({ length: 40 }, (_, i) => ({ name: `n${i}`, value: i, note: 'y'.repeat(40) }));
    expectError(await client.table({ data: { format: 'json', rows } }), 413, 'payload_too_large');
    // Too many rows, within the byte budget.
    const many = `n\n${Array.from({ length: 6 }, (_, i) => i).join('\n')}\n`;
    expectError(await client.table({ data: { format: 'csv', text: many } }), 413, 'payload_too_large');
    // A body over BODY_LIMIT_BYTES never reaches the route.
    expectError(
      await client.table({ data: { format: 'csv', text: `a\n${'z'.repeat(30_000)}` } }),
      413,
      'payload_too_large',
    );
  });

  it('malformed CSV: 400 naming the line', async () => {
    const cases = [
      ['a,b\n1,2\n3\n', 3],
      ['a,b\n"unterminated,2\n', 2],
      ['a,b\n1"2,3\n', 2],
      ['a,b\n"1"x,3\n', 2],
    ] as const;
    for (const [text, line] of cases) {
      const response = await client.table({ data: { format: 'csv', text } });
      expectError(response, 400, 'validation_failed');
      expect(response.body.error.details).toEqual([
        { path: 'body.data.text', message: expect.any(String), line },
      ]);
    }
    expectError(
      await client.table({ data: { format: 'csv', text: 'only,a,header\n' } }),
      400,
      'validation_failed',
    );
    expectError(
      await client.table({ data: { format: 'csv', text: 'a,b\n1,2', delimiter: '|' } }),
      400,
      'validation_failed',
    );
    const nested = await client.table({ data: { format: 'json', rows: [{ a: { nested: true } }] } });
    expectError(nested, 400, 'validation_failed');
    expect(nested.body.error.details[0].path).toBe('body.data.rows.0.a');
    expectError(await client.table({ data: { format: 'json', rows: [] } }), 400, 'validation_failed');
    expectError(await client.table({ data: { format: 'xml', text: '<a/>' } }), 400, 'validation_failed');
  });

  it('a cursor this API did not give, and limits out of range', async () => {
    for (const cursor of [
      'garbage!',
      'WyJub3QiXQ',
      Buffer.from('["2026-01-01T00:00:00.000000Z","x"]').toString('base64url'),
    ]) {
      const response = await client.list(`cursor=${cursor}`);
      expectError(response, 400, 'validation_failed');
      expect(response.body.error.details[0].path).toBe('query.cursor');
    }
    for (const limit of ['0', '101', 'ten', '-1'])
      expectError(await client.list(`limit=${limit}`), 400, 'validation_failed');
    expectError(await client.list('kind=video'), 400, 'validation_failed');
  });

  it('bodies that are not the request: not JSON, wrong type, unknown fields, nothing to make', async () => {
    const tables = `${base}/create/tables`;
    expectError(await call(tables, { body: '{"data":', token }), 400, 'invalid_json');
    expectError(
      await call(tables, { body: 'a,b', token, headers: { 'content-type': 'text/csv' } }),
      415,
      'unsupported_media_type',
    );
    expectError(
      await client.table({ data: { format: 'csv', text: 'a\n1' }, extra: true }),
      400,
      'validation_failed',
    );
    expectError(await client.table({}), 400, 'validation_failed');
    expectError(await client.table({ threadId: randomUUID() }), 400, 'validation_failed');
    expectError(await client.table({ prompt: '   ' }), 400, 'validation_failed');
    expectError(await client.table({ prompt: 'x'.repeat(4_001) }), 400, 'validation_failed');
    expectError(await client.image({ prompt: '' }), 400, 'validation_failed');
    expectError(await client.image({ prompt: 'x', size: '999x999' }), 400, 'validation_failed');
    expectError(
      await client.dashboard({ data: { format: 'csv', text: 'a,b\nx,1' }, charts: [] }),
      400,
      'validation_failed',
    );
    expectError(await call(`${base}/create/nothing-here`, { token }), 404, 'not_found');
  });
});
