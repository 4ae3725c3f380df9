import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { startLocalObjectStore } from '@perplexica/local-stack/object-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObjectStore, type ObjectStore } from '../src/index.ts';

// The real minio client against s3rver, the S3-compatible server `pnpm start` runs.
let dir: string;
let server: Awaited<ReturnType<typeof startLocalObjectStore>>;
let store: ObjectStore;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'object-store-'));
  server = await startLocalObjectStore({ configured: {}, dataDir: dir });
  store = createObjectStore({
    endpoint: server.endpoint,
    accessKey: server.accessKey,
    secretKey: server.secretKey,
    region: 'us-east-1',
    bucket: 'kit-test',
  });
  await store.ensureBucket();
  await store.ensureBucket();
});
afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

const read = async (stream: Readable) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

describe('createObjectStore', () => {
  it('streams an object of unknown length in and out, and removes it', async () => {
    const body = Buffer.alloc(7 * 1024 * 1024, 'a');
    await store.put('files/big.bin', Readable.from([body.subarray(0, 3e6), body.subarray(3e6)]), {
      'x-amz-meta-owner': 'u1',
    });
    expect(await store.exists('files/big.bin')).toBe(true);
    expect((await read(await store.get('files/big.bin'))).equals(body)).toBe(true);
    await store.remove('files/big.bin');
    expect(await store.exists('files/big.bin')).toBe(false);
  });

  it('gives a short-lived link that downloads the object under its file name', async () => {
    await store.put('files/report.txt', Buffer.from('hello report'));
    const url = await store.presignedDownload('files/report.txt', 60, 'Quarterly report.txt');
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('hello report');
    // Signed for 60 s, naming the file; s3rver does not check signatures, MinIO does.
    const link = new URL(url);
    expect(link.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(link.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(response.headers.get('content-disposition')).toContain("filename*=UTF-8''Quarterly%20report.txt");
  });

  it('answers a ping while the store is up', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });
});
