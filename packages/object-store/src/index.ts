import type { Readable } from 'node:stream';
import { urlWith } from '@perplexica/config';
import { Client } from 'minio';
import { z } from 'zod';

/** The variables of a service that keeps objects (spread into its env schema). */
export const objectStoreEnv = {
  /** The S3-compatible store, as a URL: http://minio.perplexica-infra.svc.cluster.local:9000. */
  MINIO_ENDPOINT: urlWith('http', 'https'),
  /** Where browsers reach the store, for presigned download links (default: MINIO_ENDPOINT). */
  MINIO_PUBLIC_ENDPOINT: urlWith('http', 'https').optional(),
  MINIO_ACCESS_KEY: z.string().min(1),
  MINIO_SECRET_KEY: z.string().min(1),
  MINIO_REGION: z.string().default('us-east-1'),
};

export interface ObjectStoreConfig {
  endpoint: string;
  publicEndpoint?: string | undefined;
  accessKey: string;
  secretKey: string;
  region: string;
  bucket: string;
}

function clientFor(url: string, config: ObjectStoreConfig): Client {
  const parsed = new URL(url);
  const useSSL = parsed.protocol === 'https:';
  return new Client({
    endPoint: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : useSSL ? 443 : 80,
    useSSL,
    accessKey: config.accessKey,
    secretKey: config.secretKey,
    region: config.region,
    pathStyle: true,
    // A body of unknown length is sent in parts of this size, so at most one part is held in
    // memory (left alone, the client sizes parts for a 5 TiB object: ~550 MB each).
    partSize: 5 * 1024 * 1024,
  });
}

export interface ObjectStore {
  bucket: string;
  /** Creates the bucket when missing (every replica may call it at start). */
  ensureBucket(): Promise<void>;
  /** Streams a body in (size unknown: the client uploads it in parts, never all in memory). */
  put(key: string, body: Readable | Buffer, metadata?: Record<string, string>, size?: number): Promise<void>;
  get(key: string): Promise<Readable>;
  remove(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /**
   * A link to the object for `seconds`, under the given file name: saved as a download, or with
   * `inline` opened in the browser (a PDF at its page) as `contentType`.
   */
  presignedDownload(
    key: string,
    seconds: number,
    fileName: string,
    options?: { inline?: boolean; contentType?: string },
  ): Promise<string>;
  /** Resolves when the store answers (for /ready). */
  ping(): Promise<void>;
}

/**
 * A bucket in an S3-compatible store (MinIO in production, s3rver locally) through the official
 * `minio` client. Presigned links are signed for the public endpoint, since the signature covers
 * the host a browser will use.
 */
export function createObjectStore(config: ObjectStoreConfig): ObjectStore {
  const client = clientFor(config.endpoint, config);
  const publicClient = config.publicEndpoint ? clientFor(config.publicEndpoint, config) : client;
  const { bucket } = config;
  return {
    bucket,
    async ensureBucket() {
      if (await client.bucketExists(bucket)) return;
      try {
        await client.makeBucket(bucket, config.region);
      } catch (error) {
        // Another replica made it a moment ago.
        const code = (error as { code?: string }).code;
        if (code !== 'BucketAlreadyOwnedByYou' && code !== 'BucketAlreadyExists') throw error;
      }
    },
    async put(key, body, metadata = {}, size) {
      await client.putObject(bucket, key, body, size, metadata);
    },
    get: (key) => client.getObject(bucket, key),
    async remove(key) {
      await client.removeObject(bucket, key);
    },
    async exists(key) {
      try {
        await client.statObject(bucket, key);
        return true;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'NotFound' || code === 'NoSuchKey') return false;
        throw error;
      }
    },
    presignedDownload: (key, seconds, fileName, options = {}) =>
      publicClient.presignedGetObject(bucket, key, seconds, {
        'response-content-disposition': `${options.inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(fileName)}`,
        ...(options.contentType ? { 'response-content-type': options.contentType } : {}),
      }),
    async ping() {
      await client.bucketExists(bucket);
    },
  };
}
