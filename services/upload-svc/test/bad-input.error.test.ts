import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  sample,
  startUploadService,
  type UploadServiceUnderTest,
  uploadFile,
  waitUntilProcessed,
} from './harness.ts';

const MAX = 200 * 1024;
let svc: UploadServiceUnderTest;
let token: string;
beforeAll(async () => {
  svc = await startUploadService({ env: { UPLOAD_MAX_BYTES: String(MAX) } });
  token = await svc.userToken('careless');
});
afterAll(() => svc?.close());

type ErrorBody = { error?: { code: string; message: string } };

const expectError = (answer: { status: number; body: ErrorBody }, status: number, code: string) => {
  expect(answer.status).toBe(status);
  expect(answer.body.error?.code).toBe(code);
  expect(answer.body.error?.message).toBeTruthy();
  return answer.body.error?.message as string;
};

/** Nothing of a refused upload may remain: no row, no object. */
async function expectNothingStored(userId = 'careless') {
  const rows = await svc.database.db
    .selectFrom('files')
    .select('object_key')
    .where('owner_id', '=', userId)
    .execute();
  expect(rows).toEqual([]);
  const listed = await call(`${svc.url}/api/v1/upload/files`, { token: await svc.userToken(userId) });
  expect(listed.body.files).toEqual([]);
}

/** A multipart body sent chunked, so no Content-Length tells the size in advance. */
function postChunked(
  path: string,
  boundary: string,
  parts: Buffer[],
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${svc.url}${path}`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'transfer-encoding': 'chunked',
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    for (const part of parts) req.write(part);
    req.end();
  });
}

describe('refused uploads leave nothing behind', () => {
  it('413 for a file over the limit, announced by Content-Length', async () => {
    const message = expectError(
      await uploadFile(svc.url, token, { name: 'big.txt', bytes: 'x'.repeat(MAX * 2) }),
      413,
      'payload_too_large',
    );
    expect(message).toContain('limit');
    await expectNothingStored();
  });

  it('413 for a file over the limit that the Content-Length did not give away (streamed)', async () => {
    const boundary = 'streamedboundary42';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="sneaky.txt"\r\nContent-Type: text/plain\r\n\r\n`,
    );
    const body = Buffer.alloc(MAX + 10, 'y');
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const answer = await postChunked('/api/v1/upload', boundary, [
      head,
      body.subarray(0, 100_000),
      body.subarray(100_000),
      tail,
    ]);
    expectError(answer, 413, 'payload_too_large');
    await expectNothingStored();
  });

  it('415 for a type we cannot read, judged by content even when the name lies', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    const message = expectError(
      await uploadFile(svc.url, token, { name: 'report.pdf', bytes: png, type: 'application/pdf' }),
      415,
      'unsupported_media_type',
    );
    expect(message).toContain('PNG');
    expect(message).toContain('PDF, DOCX');
    const binary = Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x10]);
    expectError(
      await uploadFile(svc.url, token, { name: 'notes.txt', bytes: binary }),
      415,
      'unsupported_media_type',
    );
    await expectNothingStored();
  });

  it('400 for an empty file', async () => {
    const message = expectError(
      await uploadFile(svc.url, token, { name: 'empty.txt', bytes: '' }),
      400,
      'validation_failed',
    );
    expect(message).toContain('empty');
    await expectNothingStored();
  });

  it('400 without a part named "file", and for two files in one request', async () => {
    const form = new FormData();
    form.append('note', 'no file here');
    const noFile = await fetch(`${svc.url}/api/v1/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    expectError(
      { status: noFile.status, body: (await noFile.json()) as ErrorBody },
      400,
      'validation_failed',
    );

    const two = new FormData();
    two.append('file', new Blob(['one']), 'one.txt');
    two.append('file', new Blob(['two']), 'two.txt');
    const twoFiles = await fetch(`${svc.url}/api/v1/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: two,
    });
    expectError({ status: twoFiles.status, body: (await twoFiles.json()) as ErrorBody }, 400, 'bad_request');
    await expectNothingStored();
  });

  it('415 for a body that is not multipart, 400 for a malformed one', async () => {
    expectError(
      await call(`${svc.url}/api/v1/upload`, { method: 'POST', token, body: { file: 'x' } }),
      415,
      'unsupported_media_type',
    );
    const malformed = await fetch(`${svc.url}/api/v1/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'multipart/form-data' },
      body: 'not really multipart',
    });
    expectError(
      { status: malformed.status, body: (await malformed.json()) as ErrorBody },
      400,
      'bad_request',
    );
    await expectNothingStored();
  });

  it('401 without a token; 400 for a space id that is no UUID', async () => {
    const anonymous = await fetch(`${svc.url}/api/v1/upload`, { method: 'POST', body: new FormData() });
    expect(anonymous.status).toBe(401);
    const form = new FormData();
    form.append('file', new Blob(['x']), 'x.txt');
    const badSpace = await fetch(`${svc.url}/api/v1/upload?spaceId=nope`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    expectError(
      { status: badSpace.status, body: (await badSpace.json()) as ErrorBody },
      400,
      'validation_failed',
    );
    await expectNothingStored();
  });
});

describe('a corrupt file', () => {
  it('is kept, marked failed with the reason, has no chunks, and can still be downloaded', async () => {
    const user = 'corrupt-owner';
    const mine = await svc.userToken(user);
    const bytes = await sample('corrupt.pdf');
    const uploaded = await uploadFile(svc.url, mine, { name: 'corrupt.pdf', bytes });
    expect(uploaded.status).toBe(202);
    const processed = await waitUntilProcessed(svc.url, mine, uploaded.body.file.id);
    expect(processed.body.file.status).toBe('failed');
    expect(processed.body.file.error).toMatch(/^The PDF could not be read/);
    expect(processed.body.file.chunks).toBe(0);
    const link = await call(`${svc.url}/api/v1/upload/files/${uploaded.body.file.id}/download`, {
      token: mine,
    });
    expect(Buffer.from(await (await fetch(link.body.url)).arrayBuffer()).equals(bytes)).toBe(true);

    // Retrying a failed file queues it again (and it fails again, for the same reason).
    const retried = await call(`${svc.url}/api/v1/upload/files/${uploaded.body.file.id}/retry`, {
      method: 'POST',
      token: mine,
    });
    expect(retried.status).toBe(202);
    expect(retried.body.file.status).toBe('queued');
    const again = await waitUntilProcessed(svc.url, mine, uploaded.body.file.id);
    expect(again.body.file.status).toBe('failed');
  });

  it('a file that is not failed cannot be retried (409)', async () => {
    const mine = await svc.userToken('retry-ready');
    const uploaded = await uploadFile(svc.url, mine, { name: 'fine.txt', bytes: 'all good here' });
    await waitUntilProcessed(svc.url, mine, uploaded.body.file.id);
    expectError(
      await call(`${svc.url}/api/v1/upload/files/${uploaded.body.file.id}/retry`, {
        method: 'POST',
        token: mine,
      }),
      409,
      'conflict',
    );
  });
});

describe('bad ids and queries', () => {
  it('400 for a malformed file id or status, 404 for an unknown one', async () => {
    expectError(await call(`${svc.url}/api/v1/upload/files/not-a-uuid`, { token }), 400, 'validation_failed');
    expectError(
      await call(`${svc.url}/api/v1/upload/files?status=done`, { token }),
      400,
      'validation_failed',
    );
    expectError(
      await call(`${svc.url}/api/v1/upload/files/00000000-0000-4000-8000-000000000000`, { token }),
      404,
      'not_found',
    );
    expectError(
      await call(`${svc.url}/api/v1/upload/files/00000000-0000-4000-8000-000000000000`, {
        method: 'DELETE',
        token,
      }),
      404,
      'not_found',
    );
  });

  it('the JSON routes keep the kit’s body limit (only the upload streams)', async () => {
    const huge = { userId: 'u', query: 'x'.repeat(9 * 1024 * 1024) };
    const answer = await call(`${svc.url}/internal/v1/search`, {
      method: 'POST',
      body: huge,
      serviceToken: 'test-service-token-0123456789abcdef',
    });
    expectError(answer, 413, 'payload_too_large');
  });
});
