import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  sample,
  searchFilesAs,
  startUploadService,
  type UploadServiceUnderTest,
  uploadFile,
  waitUntilProcessed,
} from './harness.ts';

let svc: UploadServiceUnderTest;
let token: string;
beforeAll(async () => {
  svc = await startUploadService();
  token = await svc.userToken('uploader');
});
afterAll(() => svc?.close());

/** Each supported type: the sample, what it is sniffed as, and a question only it answers. */
const cases = [
  {
    name: 'handbook.pdf',
    type: 'application/pdf',
    question: 'how many days of paid vacation',
    expect: '27 days of paid vacation',
    page: 2,
  },
  {
    name: 'turbine.docx',
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    question: 'peak output of the tidal turbine',
    expect: '2.4 megawatts',
    page: null,
  },
  {
    name: 'notes.txt',
    type: 'text/plain',
    question: 'feed the sourdough starter',
    expect: 'twice a day',
    page: null,
  },
  {
    name: 'guide.md',
    type: 'text/markdown',
    question: 'night temperature for tomato seedlings',
    expect: '12 degrees',
    page: null,
  },
  {
    name: 'page.html',
    type: 'text/html',
    question: 'how many workers in a bee hive',
    expect: '50,000 workers',
    page: null,
  },
  {
    name: 'harvest.csv',
    type: 'text/csv',
    question: 'barley yield Uppland',
    expect: 'barley,Uppland,5.8',
    page: null,
  },
  {
    name: 'telescope.json',
    type: 'application/json',
    question: 'what was detected in the coma of the comet',
    expect: 'water ice detected',
    page: null,
  },
];

describe('uploading each supported type', () => {
  for (const sampleCase of cases) {
    it(`${sampleCase.name}: stored, processed to ready, and found by search with its page`, async () => {
      const bytes = await sample(sampleCase.name);
      // The browser's claimed type is ignored: the content decides.
      const uploaded = await uploadFile(svc.url, token, {
        name: sampleCase.name,
        bytes,
        type: 'application/octet-stream',
      });
      expect(uploaded.status).toBe(202);
      expect(uploaded.body.file).toMatchObject({
        name: sampleCase.name,
        mediaType: sampleCase.type,
        size: bytes.length,
        status: 'queued',
        spaceId: null,
        source: 'upload',
      });
      const fileId = uploaded.body.file.id as string;
      expect(await svc.store.exists(`files/${fileId}`)).toBe(true);

      const processed = await waitUntilProcessed(svc.url, token, fileId);
      expect(processed.body.file.status).toBe('ready');
      expect(processed.body.file.chunks).toBeGreaterThan(0);
      if (sampleCase.name.endsWith('.pdf')) expect(processed.body.file.pages).toBe(3);

      const found = await searchFilesAs(svc.url, {
        userId: 'uploader',
        query: sampleCase.question,
        limit: 3,
      });
      expect(found.status).toBe(200);
      const best = found.body.results[0];
      expect(best).toMatchObject({ fileId, fileName: sampleCase.name, page: sampleCase.page });
      expect(best.text).toContain(sampleCase.expect);
      expect(best.url).toBe(`/files/${fileId}${sampleCase.page ? `#page=${sampleCase.page}` : ''}`);
    });
  }
});

describe('the user’s files', () => {
  it('lists them newest first and filters by status', async () => {
    const mine = await svc.userToken('lister');
    const first = await uploadFile(svc.url, mine, { name: 'a.txt', bytes: 'first file about otters' });
    const second = await uploadFile(svc.url, mine, { name: 'b.txt', bytes: 'second file about beavers' });
    await waitUntilProcessed(svc.url, mine, first.body.file.id);
    await waitUntilProcessed(svc.url, mine, second.body.file.id);
    const listed = await call(`${svc.url}/api/v1/upload/files`, { token: mine });
    expect(listed.status).toBe(200);
    expect(listed.body.files.map((file: { name: string }) => file.name)).toEqual(['b.txt', 'a.txt']);
    const failed = await call(`${svc.url}/api/v1/upload/files?status=failed`, { token: mine });
    expect(failed.body.files).toEqual([]);
  });

  it('gives a short-lived download link that returns the original bytes', async () => {
    const bytes = await sample('handbook.pdf');
    const uploaded = await uploadFile(svc.url, token, {
      name: 'handbook copy.pdf',
      bytes: Buffer.concat([bytes, Buffer.from('\n')]),
    });
    const link = await call(`${svc.url}/api/v1/upload/files/${uploaded.body.file.id}/download`, { token });
    expect(link.status).toBe(200);
    expect(link.headers.get('cache-control')).toBe('no-store');
    expect(new Date(link.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const downloaded = await fetch(link.body.url);
    expect(downloaded.status).toBe(200);
    expect(
      Buffer.from(await downloaded.arrayBuffer())
        .subarray(0, bytes.length)
        .equals(bytes),
    ).toBe(true);
    expect(downloaded.headers.get('content-disposition')).toContain('handbook%20copy.pdf');
    expect(downloaded.headers.get('content-disposition')).toMatch(/^attachment;/);

    // Inline: the browser opens the PDF (at a cited page) instead of saving it.
    const inline = await call(
      `${svc.url}/api/v1/upload/files/${uploaded.body.file.id}/download?disposition=inline`,
      {
        token,
      },
    );
    const opened = await fetch(inline.body.url);
    expect(opened.headers.get('content-disposition')).toMatch(/^inline;/);
    expect(opened.headers.get('content-type')).toBe('application/pdf');
    const bad = await call(
      `${svc.url}/api/v1/upload/files/${uploaded.body.file.id}/download?disposition=open`,
      {
        token,
      },
    );
    expect(bad.status).toBe(400);
  });

  it('never serves HTML inline: it would run in the object store’s origin', async () => {
    const uploaded = await uploadFile(svc.url, token, {
      name: 'inline.html',
      bytes: '<html><body><p>hi</p></body></html>',
    });
    const link = await call(
      `${svc.url}/api/v1/upload/files/${uploaded.body.file.id}/download?disposition=inline`,
      {
        token,
      },
    );
    const response = await fetch(link.body.url);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment;/);
  });

  it('answers the same bytes uploaded again with the existing file instead of a copy', async () => {
    const mine = await svc.userToken('twice');
    const first = await uploadFile(svc.url, mine, {
      name: 'same.txt',
      bytes: 'identical content about lynx',
    });
    const again = await uploadFile(svc.url, mine, {
      name: 'same again.txt',
      bytes: 'identical content about lynx',
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true, file: { id: first.body.file.id } });
    const listed = await call(`${svc.url}/api/v1/upload/files`, { token: mine });
    expect(listed.body.files).toHaveLength(1);
  });

  it('streams a file larger than one part (5 MB) to the store without losing a byte', async () => {
    const mine = await svc.userToken('big-uploader');
    const line = 'The lighthouse keeper logged the fog horn at dawn and again at dusk.\n';
    const text = line.repeat(Math.ceil((6 * 1024 * 1024) / line.length));
    const uploaded = await uploadFile(svc.url, mine, { name: 'log.txt', bytes: text });
    expect(uploaded.status).toBe(202);
    expect(uploaded.body.file.size).toBe(Buffer.byteLength(text));
    const link = await call(`${svc.url}/api/v1/upload/files/${uploaded.body.file.id}/download`, {
      token: mine,
    });
    const downloaded = await (await fetch(link.body.url)).text();
    expect(downloaded.length).toBe(text.length);
    expect(downloaded === text).toBe(true);
  });

  it('deletes a file: its object, its chunks and its vectors go, and search no longer finds it', async () => {
    const mine = await svc.userToken('deleter');
    const uploaded = await uploadFile(svc.url, mine, {
      name: 'secret.txt',
      bytes: 'The vault combination is kept by the quartermaster.',
    });
    const fileId = uploaded.body.file.id as string;
    await waitUntilProcessed(svc.url, mine, fileId);
    const before = await searchFilesAs(svc.url, { userId: 'deleter', query: 'vault combination' });
    expect(before.body.results).toHaveLength(1);

    const removed = await call(`${svc.url}/api/v1/upload/files/${fileId}`, { method: 'DELETE', token: mine });
    expect(removed.status).toBe(204);
    expect(await svc.store.exists(`files/${fileId}`)).toBe(false);
    const chunks = await svc.database.db
      .selectFrom('chunks')
      .select('id')
      .where('file_id', '=', fileId)
      .execute();
    expect(chunks).toEqual([]);
    const after = await searchFilesAs(svc.url, { userId: 'deleter', query: 'vault combination' });
    expect(after.body.results).toEqual([]);
    expect((await call(`${svc.url}/api/v1/upload/files/${fileId}`, { token: mine })).status).toBe(404);
  });
});
