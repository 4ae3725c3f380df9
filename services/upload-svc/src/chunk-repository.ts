import { quantize, vectorBytes } from '@perplexica/embeddings';
import { bumpScopes, type Db } from './file-repository.ts';
import type { TextChunk } from './processing/chunk-text.ts';

const INSERT_BATCH = 500;

export interface ProcessedFile {
  chunks: TextChunk[];
  vectors: Float32Array[] | null;
  model: string | null;
  pages: number | null;
  truncated: boolean;
}

/**
 * Replaces a file's chunks and marks it ready, in one transaction: a search sees the old chunks
 * or the new ones, never half. Returns false when the file was deleted while it was processed.
 */
export async function storeChunks(db: Db, fileId: string, processed: ProcessedFile): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const file = await trx
      .selectFrom('files')
      .select(['owner_id', 'space_id', 'source'])
      .where('id', '=', fileId)
      .forUpdate()
      .executeTakeFirst();
    if (!file) return false;
    await trx.deleteFrom('chunks').where('file_id', '=', fileId).execute();
    for (let start = 0; start < processed.chunks.length; start += INSERT_BATCH) {
      const rows = processed.chunks.slice(start, start + INSERT_BATCH).map((chunk, offset) => {
        const vector = processed.vectors?.[start + offset];
        const quantized = vector ? quantize(vector) : null;
        return {
          file_id: fileId,
          // A connector's documents are the space's, not "my files" of whoever added the connector.
          owner_id: file.source === 'upload' ? file.owner_id : null,
          space_id: file.space_id,
          chunk_index: chunk.index,
          page: chunk.page,
          text: chunk.text,
          embedding: quantized ? vectorBytes(quantized) : null,
          embedding_scale: quantized?.scale ?? null,
          embedding_model: quantized ? processed.model : null,
        };
      });
      await trx.insertInto('chunks').values(rows).execute();
    }
    await trx
      .updateTable('files')
      .set({
        status: 'ready',
        error: null,
        pages: processed.pages,
        chunk_count: processed.chunks.length,
        truncated: processed.truncated,
        updated_at: new Date(),
      })
      .where('id', '=', fileId)
      .execute();
    await bumpScopes(trx, file);
    return true;
  });
}

/** A file that failed keeps no chunks: what is searchable is exactly what is ready. */
export async function dropChunks(db: Db, fileId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('chunks')
      .where('file_id', '=', fileId)
      .returning('owner_id')
      .execute();
    const file = await trx
      .selectFrom('files')
      .select(['owner_id', 'space_id'])
      .where('id', '=', fileId)
      .executeTakeFirst();
    if (removed.length > 0 && file) await bumpScopes(trx, file);
  });
}
