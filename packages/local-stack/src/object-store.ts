/// <reference path="./s3rver.d.ts" />
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import S3rver from 's3rver';

export interface LocalObjectStore {
  /** MINIO_ENDPOINT for the services: a URL with scheme, host and port. */
  endpoint: string;
  accessKey: string;
  secretKey: string;
  describe: string;
  stop(): Promise<void>;
}

// s3rver checks signatures against these fixed local credentials.
const LOCAL_KEY = 'S3RVER';

/** s3rver answers ListMultipartUploads (GET /<bucket>?uploads) with NotImplemented; the minio
 * client asks it before every multipart (or unknown-length) upload, so it gets an empty list. */
function emptyMultipartListing(ctx: {
  method: string;
  path: string;
  query: Record<string, unknown>;
  type: string;
  body: unknown;
}) {
  const bucket = ctx.path.split('/').filter(Boolean);
  if (ctx.method !== 'GET' || bucket.length !== 1 || !('uploads' in ctx.query)) return false;
  ctx.type = 'application/xml';
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>
<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>${bucket[0]}</Bucket><KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker><NextKeyMarker></NextKeyMarker><NextUploadIdMarker></NextUploadIdMarker><MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated></ListMultipartUploadsResult>`;
  return true;
}

/**
 * MINIO_ENDPOINT (with its keys) when set; otherwise s3rver, an S3-compatible server in this
 * process, keeping objects in <dataDir>/objects, which the real `minio` client talks to.
 */
export async function startLocalObjectStore(options: {
  configured: {
    endpoint?: string | undefined;
    accessKey?: string | undefined;
    secretKey?: string | undefined;
  };
  dataDir: string;
}): Promise<LocalObjectStore> {
  const { endpoint, accessKey, secretKey } = options.configured;
  if (endpoint) {
    return {
      endpoint,
      accessKey: accessKey ?? '',
      secretKey: secretKey ?? '',
      describe: `MINIO_ENDPOINT (${new URL(endpoint).host})`,
      stop: async () => {},
    };
  }
  const directory = join(options.dataDir, 'objects');
  await mkdir(directory, { recursive: true });
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true });
  // Koa runs middleware in order: this one goes in front of s3rver's router.
  (server as unknown as { middleware: unknown[] }).middleware.unshift(
    async (ctx: Parameters<typeof emptyMultipartListing>[0], next: () => Promise<void>) => {
      if (!emptyMultipartListing(ctx)) await next();
    },
  );
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accessKey: LOCAL_KEY,
    secretKey: LOCAL_KEY,
    describe: `local S3-compatible store (s3rver) on 127.0.0.1:${port} (objects in ${directory})`,
    stop: async () => {
      await server.close();
    },
  };
}
