import { dotQuantized, stems, vectorFromBytes } from '@perplexica/embeddings';
import type { MemoryRow } from './db/schema.ts';
import type { MemoryStore } from './deps.ts';
import { type StoredEmbedding, storedEmbedding, storeEmbeddings } from './memory-repository.ts';

/** How much of the score is meaning (cosine of embeddings) and how much shared words. */
const VECTOR_WEIGHT = 0.7;
const LEXICAL_WEIGHT = 0.3;
/** Memories re-embedded per call when their vector is missing or from another model. */
const REFRESH_BATCH = 100;
/** Providers cap input length; a memory is short, a question may not be. */
const QUERY_EMBED_CHARS = 8_000;

export interface ScoredMemory {
  memory: MemoryRow;
  score: number;
}

/**
 * The share of a memory's meaningful words (stems, stop words dropped) that the query also has.
 * Measured against the memory, not the query: a long question naming one remembered thing still
 * matches it fully.
 */
export function lexicalOverlap(queryStems: ReadonlySet<string>, text: string): number {
  const memoryStems = new Set(stems(text));
  if (memoryStems.size === 0) return 0;
  let shared = 0;
  for (const stem of memoryStems) if (queryStems.has(stem)) shared++;
  return shared / memoryStems.size;
}

/** Cosine of the query and a stored vector of the same model; null when there is none to compare. */
function cosine(query: Float32Array | null, stored: StoredEmbedding, model: string): number | null {
  if (!query || !stored.embedding || stored.embedding_scale === null || stored.embedding_model !== model) {
    return null;
  }
  return dotQuantized(query, vectorFromBytes(stored.embedding, stored.embedding_scale));
}

/**
 * Scores every candidate against the query, best first: 0.7 × cosine (negative counts as 0) +
 * 0.3 × lexical overlap, in 0..1. Candidates without a current vector (embedding failed earlier,
 * or EMBEDDING_PROVIDER changed) are embedded in the same call as the query and their vectors
 * stored. When the embedder fails, every candidate is scored by its words alone.
 */
export async function rankMemories(
  store: MemoryStore,
  query: string,
  candidates: MemoryRow[],
): Promise<ScoredMemory[]> {
  if (candidates.length === 0) return [];
  const model = store.embedder.model;
  const stale = candidates
    .filter((memory) => memory.embedding === null || memory.embedding_model !== model)
    .slice(0, REFRESH_BATCH);
  const fresh = new Map<string, StoredEmbedding>();
  let queryVector: Float32Array | null = null;
  try {
    const [first, ...rest] = await store.embedder.embed([
      query.slice(0, QUERY_EMBED_CHARS),
      ...stale.map((memory) => memory.text),
    ]);
    queryVector = first ?? null;
    rest.forEach((vector, index) => {
      const memory = stale[index];
      if (memory) fresh.set(memory.id, storedEmbedding(vector, model));
    });
  } catch (error) {
    store.logger.warn({ err: error }, 'could not embed the query; ranking memories by their words only');
  }
  if (fresh.size > 0) {
    await storeEmbeddings(
      store.db,
      stale.flatMap((memory) => {
        const vector = fresh.get(memory.id);
        return vector ? [{ id: memory.id, normalized: memory.normalized, vector }] : [];
      }),
    ).catch((error) => store.logger.warn({ err: error }, 'could not store refreshed memory vectors'));
  }

  const queryStems = new Set(stems(query));
  const scored = candidates.map((memory) => {
    const lexical = lexicalOverlap(queryStems, memory.text);
    const similarity = cosine(queryVector, fresh.get(memory.id) ?? memory, model);
    const score =
      similarity === null ? lexical : VECTOR_WEIGHT * Math.max(0, similarity) + LEXICAL_WEIGHT * lexical;
    return { memory, score: Math.round(Math.min(1, score) * 10_000) / 10_000 };
  });
  return scored.sort(
    (a, b) => b.score - a.score || b.memory.created_at.getTime() - a.memory.created_at.getTime(),
  );
}
