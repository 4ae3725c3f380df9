import { createHash, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { Busboy, type BusboyFileStream } from '@fastify/busboy';
import { ApiError } from '@perplexica/errors';
import type { ObjectStore } from '@perplexica/object-store';
import { sniffType } from './sniff-type.ts';

export interface ReceivedFile {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  objectKey: string;
}

/** Bytes looked at to decide the type. */
const SNIFF_BYTES = 64 * 1024;
/** A file that fits is sent in one PUT; a bigger one streams in parts of this size. */
const SINGLE_PUT_BYTES = 5 * 1024 * 1024;
/** Room for the multipart boundaries and part headers around the file. */
const ENVELOPE_BYTES = 16 * 1024;

export const objectKeyOf = (fileId: string) => `files/${fileId}`;

/** What the user named it, without a path, control characters or absurd length. */
function cleanName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const name = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (name || 'untitled').slice(0, 255);
}

const tooLarge = (maxBytes: number) =>
  new ApiError(
    'payload_too_large',
    `The file is larger than the ${Math.floor(maxBytes / 1_048_576) || maxBytes} ${maxBytes >= 1_048_576 ? 'MB' : 'byte'} limit`,
    {
      details: { limitBytes: maxBytes },
    },
  );

/**
 * Reads the one `file` part of a multipart upload and streams it to the object store, never
 * holding more than one part (5 MB) in memory. The type is decided from the first bytes; a file of
 * the wrong type, an empty one or one over the limit is refused and nothing of it is kept.
 */
export async function receiveUpload(
  incoming: { headers: IncomingHttpHeaders; body: Readable },
  store: ObjectStore,
  maxBytes: number,
): Promise<ReceivedFile> {
  const contentType = incoming.headers['content-type'] ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
    throw new ApiError(
      'unsupported_media_type',
      'Send the file as multipart/form-data, in a part named "file"',
    );
  }
  const declared = Number(incoming.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes + ENVELOPE_BYTES) throw tooLarge(maxBytes);

  let parser: InstanceType<typeof Busboy>;
  try {
    parser = new Busboy({
      headers: incoming.headers as { 'content-type': string },
      limits: { fileSize: maxBytes, files: 1, fields: 20, parts: 21 },
    });
  } catch {
    throw new ApiError('bad_request', 'The multipart body has no boundary');
  }

  return new Promise<ReceivedFile>((resolve, reject) => {
    let stored: Promise<ReceivedFile> | null = null;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      incoming.body.unpipe(parser);
      incoming.body.resume();
      reject(error);
    };

    parser.on('file', (field, stream, fileName) => {
      if (field !== 'file' || stored) {
        stream.resume();
        if (field !== 'file') return;
        fail(new ApiError('bad_request', 'Upload one file per request'));
        return;
      }
      stored = storeFile(stream, cleanName(fileName), store, maxBytes);
      stored.catch(fail);
    });
    parser.on('filesLimit', () => fail(new ApiError('bad_request', 'Upload one file per request')));
    parser.on('error', () => fail(new ApiError('bad_request', 'The multipart body is malformed')));
    parser.on('finish', () => {
      if (!stored) return fail(new ApiError('validation_failed', 'No file: send it in a part named "file"'));
      stored.then((file) => !failed && resolve(file), fail);
    });
    incoming.body.on('aborted', () => fail(new ApiError('bad_request', 'The upload was interrupted')));
    incoming.body.on('error', () => fail(new ApiError('bad_request', 'The upload was interrupted')));
    incoming.body.pipe(parser);
  });
}

async function storeFile(
  stream: BusboyFileStream,
  name: string,
  store: ObjectStore,
  maxBytes: number,
): Promise<ReceivedFile> {
  const id = randomUUID();
  const objectKey = objectKeyOf(id);
  const hash = createHash('sha256');
  const reader = stream[Symbol.asyncIterator]();

  // Up to one part's worth first: small files (most of them) go in one PUT of known length.
  const first: Buffer[] = [];
  let firstBytes = 0;
  let ended = false;
  while (firstBytes < SINGLE_PUT_BYTES) {
    const next = await reader.next();
    if (next.done) {
      ended = true;
      break;
    }
    first.push(next.value as Buffer);
    firstBytes += (next.value as Buffer).length;
  }
  const head = Buffer.concat(first);
  if (stream.truncated) {
    stream.resume();
    throw tooLarge(maxBytes);
  }
  if (head.length === 0) throw new ApiError('validation_failed', 'The file is empty');
  const sniffed = await sniffType(head.subarray(0, SNIFF_BYTES), name);
  if ('refused' in sniffed) {
    stream.resume();
    throw new ApiError('unsupported_media_type', sniffed.refused);
  }
  hash.update(head);

  let size = head.length;
  const metadata = { 'Content-Type': sniffed.mediaType };
  // A failure while reading the rest (over the limit, client gone) ends the body early instead of
  // erroring it: the minio client does not watch its body for errors and would wait forever. The
  // short object is then removed here.
  let readFailure: unknown = null;
  async function* rest() {
    yield head;
    try {
      for (;;) {
        const next = await reader.next();
        if (next.done) break;
        const chunk = next.value as Buffer;
        hash.update(chunk);
        size += chunk.length;
        yield chunk;
      }
    } catch (error) {
      readFailure = error;
    }
  }
  try {
    if (ended) await store.put(objectKey, head, metadata, head.length);
    else await store.put(objectKey, Readable.from(rest()), metadata);
    // busboy ends a file at the limit and marks it truncated.
    if (stream.truncated) throw tooLarge(maxBytes);
    if (readFailure) throw new ApiError('bad_request', 'The upload was interrupted');
  } catch (error) {
    stream.resume();
    await store.remove(objectKey).catch(() => {});
    throw error;
  }
  return { id, name, mediaType: sniffed.mediaType, size, sha256: hash.digest('hex'), objectKey };
}
