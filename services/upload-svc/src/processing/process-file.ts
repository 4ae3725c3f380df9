import type { Readable } from 'node:stream';
import type { Embedder } from '@perplexica/embeddings';
import type { ObjectStore } from '@perplexica/object-store';
import type { Logger } from '@perplexica/observability';
import { sql } from 'kysely';
import { dropChunks, storeChunks } from '../chunk-repository.ts';
import type { UploadConfig } from '../config.ts';
import { type Db, findFile, setStatus } from '../file-repository.ts';
import { chunkPages } from './chunk-text.ts';
import { extractText, UnreadableFile } from './extract-text.ts';

export interface ProcessingDeps {
  config: UploadConfig;
  db: Db;
  store: ObjectStore;
  embedder: Embedder;
  logger: Logger;
}

/** Texts per embedding call: big enough to be efficient, small enough to retry cheaply. */
const EMBED_BATCH = 64;
/**
 * A file this big changes the chunks table enough that the planner's statistics are stale until
 * autovacuum comes by (up to a minute), and full-text queries planned on them run 10-20x slower.
 */
const ANALYZE_AFTER_CHUNKS = 1_000;

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

export type ProcessOutcome = 'ready' | 'failed' | 'gone';

/**
 * Turns a stored file into searchable chunks: read the original from the object store, extract
 * its text page by page, chunk, embed, store. A file that cannot be read is marked failed with the
 * reason (the original stays, so it can still be downloaded); transient trouble (the store, the
 * embedding provider, Postgres) throws so the queue retries it.
 */
export async function processFile(deps: ProcessingDeps, fileId: string): Promise<ProcessOutcome> {
  const { db, config } = deps;
  const file = await findFile(db, fileId);
  if (!file) return 'gone';
  await setStatus(db, fileId, 'processing');
  const bytes = await readAll(await deps.store.get(file.object_key));

  let extracted: Awaited<ReturnType<typeof extractText>>;
  try {
    extracted = await extractText(bytes, file.media_type);
  } catch (error) {
    if (!(error instanceof UnreadableFile)) throw error;
    // A changed connector document that no longer parses must not keep answering from its old text.
    await dropChunks(db, fileId);
    await setStatus(db, fileId, 'failed', error.message);
    deps.logger.info({ fileId, reason: error.message }, 'file could not be read');
    return 'failed';
  }
  const { chunks, truncated } = chunkPages(extracted.pages, {
    chunkChars: config.CHUNK_CHARS,
    overlapChars: config.CHUNK_OVERLAP_CHARS,
    maxChars: config.MAX_EXTRACTED_CHARS,
  });

  const vectors: Float32Array[] = [];
  for (let start = 0; start < chunks.length; start += EMBED_BATCH) {
    const batch = chunks.slice(start, start + EMBED_BATCH).map((chunk) => chunk.text);
    vectors.push(...(await deps.embedder.embed(batch)));
  }

  const stored = await storeChunks(db, fileId, {
    chunks,
    vectors,
    model: deps.embedder.model,
    pages: extracted.pageCount,
    truncated,
  });
  if (!stored) return 'gone';
  if (chunks.length >= ANALYZE_AFTER_CHUNKS) {
    await sql`analyze chunks`
      .execute(db)
      .catch((error) => deps.logger.warn({ err: error }, 'analyze failed'));
  }
  deps.logger.info({ fileId, chunks: chunks.length, pages: extracted.pageCount }, 'file ready');
  return 'ready';
}
