import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  SERVICE_TOKEN,
  searchFilesAs,
  startUploadService,
  type UploadServiceUnderTest,
  waitUntilProcessed,
} from './harness.ts';

let svc: UploadServiceUnderTest;
beforeAll(async () => {
  svc = await startUploadService();
});
afterAll(() => svc?.close());

const putDocument = (body: Record<string, unknown>) =>
  call(`${svc.url}/internal/v1/documents`, { method: 'PUT', body, serviceToken: SERVICE_TOKEN });

/** Waits for a file through the database (connector files have no user token to poll with). */
async function waitReady(fileId: string) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const row = await svc.database.db
      .selectFrom('files')
      .select(['status', 'error'])
      .where('id', '=', fileId)
      .executeTakeFirst();
    if (row?.status === 'ready' || row?.status === 'failed' || Date.now() > deadline) return row;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('connector documents (projects-svc)', () => {
  const spaceId = randomUUID();
  const document = {
    spaceId,
    ownerId: 'space-owner',
    sourceKey: 'connector-1:https://example.org/tides',
    name: 'Tides explained',
    url: 'https://example.org/tides',
    mediaType: 'text/html',
    content:
      '<html><body><article><h1>Tides</h1><p>Spring tides happen when the sun and the moon line up, roughly twice a month.</p></article></body></html>',
  };

  it('stores a new document (202), unchanged content is a no-op (200), changed content is reprocessed', async () => {
    const created = await putDocument(document);
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({
      changed: true,
      file: { source: 'connector', spaceId, sourceUrl: document.url },
    });
    const fileId = created.body.file.id;
    expect((await waitReady(fileId))?.status).toBe('ready');

    const same = await putDocument(document);
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ changed: false, file: { id: fileId, status: 'ready' } });

    const changed = await putDocument({
      ...document,
      content:
        '<html><body><article><p>Neap tides happen when the sun and the moon are at right angles.</p></article></body></html>',
    });
    expect(changed.status).toBe(202);
    expect(changed.body.file.id).toBe(fileId);
    expect((await waitReady(fileId))?.status).toBe('ready');
    const found = await searchFilesAs(svc.url, {
      userId: 'anyone',
      spaceId,
      query: 'neap tides right angles',
    });
    expect(found.body.results[0]).toMatchObject({ fileId, fileName: 'Tides explained' });
    // The space's, not "my files" of whoever added the connector.
    const personal = await searchFilesAs(svc.url, {
      userId: 'space-owner',
      query: 'neap tides right angles',
    });
    expect(personal.body.results).toEqual([]);
    const listed = await call(`${svc.url}/api/v1/upload/files`, {
      token: await svc.userToken('space-owner'),
    });
    expect(listed.body.files).toEqual([]);
    const old = await searchFilesAs(svc.url, {
      userId: 'anyone',
      spaceId,
      query: 'spring tides twice a month',
    });
    expect(old.body.results.map((result: { text: string }) => result.text).join(' ')).not.toContain(
      'twice a month',
    );
  });

  it('removes a document the source no longer has, and 404s an unknown one', async () => {
    const key = 'connector-1:https://example.org/gone';
    const created = await putDocument({
      ...document,
      sourceKey: key,
      url: 'https://example.org/gone',
      content: 'Soon gone.',
    });
    await waitReady(created.body.file.id);
    const query = `spaceId=${spaceId}&sourceKey=${encodeURIComponent(key)}`;
    const removed = await call(`${svc.url}/internal/v1/documents?${query}`, {
      method: 'DELETE',
      serviceToken: SERVICE_TOKEN,
    });
    expect(removed.status).toBe(204);
    expect(await svc.store.exists(`files/${created.body.file.id}`)).toBe(false);
    const again = await call(`${svc.url}/internal/v1/documents?${query}`, {
      method: 'DELETE',
      serviceToken: SERVICE_TOKEN,
    });
    expect(again.status).toBe(404);
  });

  it('deletes every file of a deleted space, and nothing of other spaces', async () => {
    const doomed = randomUUID();
    const kept = randomUUID();
    const a = await putDocument({ ...document, spaceId: doomed, sourceKey: 'a' });
    const b = await putDocument({ ...document, spaceId: kept, sourceKey: 'b' });
    await waitReady(a.body.file.id);
    await waitReady(b.body.file.id);
    const removed = await call(`${svc.url}/internal/v1/spaces/${doomed}/files`, {
      method: 'DELETE',
      serviceToken: SERVICE_TOKEN,
    });
    expect(removed.status).toBe(204);
    const rows = await svc.database.db
      .selectFrom('files')
      .select('space_id')
      .where('space_id', 'in', [doomed, kept])
      .execute();
    expect(rows.map((row) => row.space_id)).toEqual([kept]);
  });

  it('rejects malformed documents with 400 naming the field', async () => {
    for (const [field, value] of [
      ['spaceId', 'not-a-uuid'],
      ['url', 'not a url'],
      ['mediaType', 'application/pdf'],
      ['content', ''],
      ['sourceKey', undefined],
    ] as const) {
      const answer = await putDocument({ ...document, [field]: value });
      expect(answer.status, field).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
      expect(JSON.stringify(answer.body.error.details)).toContain(field);
    }
  });
});

describe('hybrid file search', () => {
  it('finds a passage by meaning-bearing word forms (vector) as well as exact terms (full text)', async () => {
    const token = await svc.userToken('hybrid');
    const { uploadFile } = await import('./harness.ts');
    const upload = await uploadFile(svc.url, token, {
      name: 'ops.md',
      bytes:
        '# Operations\n\nThe backup generators are tested every Thursday at 06:00 by the facilities crew.\n\nInvoice code ZX-4471 belongs to the catering contract.\n',
    });
    await waitUntilProcessed(svc.url, token, upload.body.file.id);
    // Different word forms than the text ("testing", "generator"): stemming and shared trigrams.
    const byMeaning = await searchFilesAs(svc.url, { userId: 'hybrid', query: 'when is generator testing' });
    expect(byMeaning.body.results[0]?.text).toContain('backup generators are tested');
    const byCode = await searchFilesAs(svc.url, { userId: 'hybrid', query: 'ZX-4471' });
    expect(byCode.body.results[0]?.text).toContain('ZX-4471');
    const unrelated = await searchFilesAs(svc.url, {
      userId: 'hybrid',
      query: 'penguin migration routes antarctica',
    });
    expect(unrelated.body.results).toEqual([]);
  });

  it('sees a new file at once (the vector cache keys on the scope version)', async () => {
    const token = await svc.userToken('cache-user');
    const { uploadFile } = await import('./harness.ts');
    const first = await uploadFile(svc.url, token, {
      name: 'one.txt',
      bytes: 'Kestrels hover above motorway verges.',
    });
    await waitUntilProcessed(svc.url, token, first.body.file.id);
    expect(
      (await searchFilesAs(svc.url, { userId: 'cache-user', query: 'kestrels hover' })).body.results,
    ).toHaveLength(1);
    const second = await uploadFile(svc.url, token, {
      name: 'two.txt',
      bytes: 'Kestrels nest in old crow nests.',
    });
    await waitUntilProcessed(svc.url, token, second.body.file.id);
    const both = await searchFilesAs(svc.url, { userId: 'cache-user', query: 'kestrels' });
    expect(both.body.results.map((result: { fileName: string }) => result.fileName).sort()).toEqual([
      'one.txt',
      'two.txt',
    ]);
  });
});
