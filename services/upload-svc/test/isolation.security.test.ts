import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  SERVICE_TOKEN,
  searchFilesAs,
  startUploadService,
  type UploadServiceUnderTest,
  uploadFile,
  waitUntilProcessed,
} from './harness.ts';

let svc: UploadServiceUnderTest;
let aliceToken: string;
let malloryToken: string;
let aliceFile: string;
beforeAll(async () => {
  svc = await startUploadService();
  aliceToken = await svc.userToken('alice');
  malloryToken = await svc.userToken('mallory');
  const uploaded = await uploadFile(svc.url, aliceToken, {
    name: 'diary.txt',
    bytes: 'Alice keeps her garden key under the blue flowerpot.',
  });
  aliceFile = uploaded.body.file.id;
  await waitUntilProcessed(svc.url, aliceToken, aliceFile);
});
afterAll(() => svc?.close());

describe("another user's file is 404 everywhere, and stays as it was", () => {
  it('cannot be read, downloaded, retried or deleted', async () => {
    const base = `${svc.url}/api/v1/upload/files/${aliceFile}`;
    for (const [path, method] of [
      ['', 'GET'],
      ['/download', 'GET'],
      ['/retry', 'POST'],
      ['', 'DELETE'],
    ] as const) {
      const answer = await call(`${base}${path}`, { method, token: malloryToken });
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body.error.code).toBe('not_found');
    }
    const mine = await call(base, { token: aliceToken });
    expect(mine.body.file.status).toBe('ready');
    expect(await svc.store.exists(`files/${aliceFile}`)).toBe(true);
  });

  it('is not in their list nor in their search', async () => {
    const listed = await call(`${svc.url}/api/v1/upload/files`, { token: malloryToken });
    expect(listed.body.files).toEqual([]);
    const found = await searchFilesAs(svc.url, { userId: 'mallory', query: 'garden key flowerpot' });
    expect(found.body.results).toEqual([]);
    const own = await searchFilesAs(svc.url, { userId: 'alice', query: 'garden key flowerpot' });
    expect(own.body.results[0].fileId).toBe(aliceFile);
  });

  it('a space the user cannot reach (projects-svc unreachable here) is never guessed open', async () => {
    const answer = await call(`${svc.url}/api/v1/upload/files?spaceId=7f1f3c1e-8a4e-4f4b-9a55-0c7a3c1b2d3e`, {
      token: malloryToken,
    });
    // Without projects-svc the service cannot decide, so it fails closed with a gateway error.
    expect([502, 503, 504]).toContain(answer.status);
    expect(answer.body.error.code).toMatch(/unavailable|bad_gateway|gateway_timeout/);
  });
});

describe('internal routes', () => {
  it('are hidden (404) without the service token, and a user token is no service token', async () => {
    for (const headers of [{}, { 'x-service-token': 'wrong-token-wrong-token-wrong' }] as Record<
      string,
      string
    >[]) {
      const answer = await call(`${svc.url}/internal/v1/search`, {
        method: 'POST',
        body: { userId: 'alice', query: 'key' },
        headers,
      });
      expect(answer.status).toBe(404);
    }
    const withUserToken = await call(`${svc.url}/internal/v1/search`, {
      method: 'POST',
      body: { userId: 'alice', query: 'key' },
      token: aliceToken,
    });
    expect(withUserToken.status).toBe(404);
  });

  it('reject malformed searches with 400', async () => {
    for (const body of [
      { query: 'x' },
      { userId: 'a', query: '' },
      { userId: 'a', query: 'x', limit: 0 },
      { userId: 'a', query: 'x', spaceId: 'nope' },
    ]) {
      const answer = await call(`${svc.url}/internal/v1/search`, {
        method: 'POST',
        body,
        serviceToken: SERVICE_TOKEN,
      });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
    }
  });

  it('never log tokens', () => {
    const text = svc.logs.text();
    expect(text).not.toContain(SERVICE_TOKEN);
    expect(text).not.toContain(aliceToken);
  });
});
