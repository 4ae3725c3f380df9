import type { Embedder } from '@perplexica/embeddings';
import type { Logger } from '@perplexica/observability';
import { sql } from 'kysely';
import { type Db, type FileScope, scopeKey } from '../file-repository.ts';
import { nearest, type ScopeVectors, type VectorCache } from './vector-cache.ts';

export interface FileSearchResult {
  fileId: string;
  fileName: string;
  page: number | null;
  text: string;
  score: number;
  /** Where the app opens the passage: the file, at the page for PDFs. */
  url: string;
}

export interface FileSearchDeps {
  db: Db;
  embedder: Embedder;
  cache: VectorCache;
  logger: Logger;
}

/** Candidates taken from each side before they are fused. */
const CANDIDATES = 40;
/** Below this cosine a chunk is not about the question at all. */
const MIN_COSINE = 0.12;
/** Reciprocal-rank-fusion constant (Cormack et al.): damps the weight of the very top ranks. */
const RRF_K = 60;
/** Neighbouring chunks of one page shown together, at most. */
const CHUNKS_PER_PAGE = 3;

export const fileUrl = (fileId: string, page: number | null) =>
  `/files/${fileId}${page ? `#page=${page}` : ''}`;

/** Chunks exist only for ready files (stored with the status, dropped on failure), so no join. */
function scopeFilter(scope: FileScope) {
  return scope.kind === 'user' ? sql`c.owner_id = ${scope.id}` : sql`c.space_id = ${scope.id}`;
}

async function scopeVersion(db: Db, scope: FileScope): Promise<string> {
  const row = await db
    .selectFrom('scope_versions')
    .select('version')
    .where('scope', '=', scopeKey(scope))
    .executeTakeFirst();
  return String(row?.version ?? '0');
}

async function loadVectors(db: Db, scope: FileScope, model: string, version: string): Promise<ScopeVectors> {
  const { rows } = await sql<{ id: string; embedding: Buffer; embedding_scale: number }>`
    select c.id, c.embedding, c.embedding_scale
    from chunks c
    where ${scopeFilter(scope)} and c.embedding_model = ${model}
  `.execute(db);
  const dimensions = rows[0]?.embedding.length ?? 0;
  const chunkIds = new Float64Array(rows.length);
  const bytes = new Int8Array(rows.length * dimensions);
  const scales = new Float32Array(rows.length);
  rows.forEach((row, index) => {
    chunkIds[index] = Number(row.id);
    scales[index] = row.embedding_scale;
    if (row.embedding.length === dimensions) {
      bytes.set(
        new Int8Array(row.embedding.buffer, row.embedding.byteOffset, dimensions),
        index * dimensions,
      );
    }
  });
  return { version, model, dimensions, chunkIds, bytes, scales };
}

/** Enough chunks from a stricter tier that the looser ones are not needed. */
const ENOUGH_MATCHES = 10;

async function rankedMatches(db: Db, scope: FileScope, tsquery: string): Promise<number[]> {
  // ts_rank, not ts_rank_cd: cover density costs 5x more per matching chunk and changes little
  // once the ranking is fused with the vector one. The text is cast, not parsed with to_tsquery,
  // which would stem the already stemmed lexemes again.
  const { rows } = await sql<{ id: string }>`
    select c.id
    from chunks c
    where ${scopeFilter(scope)} and c.search @@ ${tsquery}::tsquery
    order by ts_rank(c.search, ${tsquery}::tsquery) desc, c.id
    limit ${CANDIDATES}
  `.execute(db);
  return rows.map((row) => Number(row.id));
}

const quoted = (lexeme: string) => `'${lexeme.replaceAll("'", "''")}'`;

/**
 * The full-text tiers, strictest first: every word of the question; at least two of them; any of
 * them. Each is a tsquery the GIN index answers; a tier runs only when the stricter ones found too
 * little, because a loose tier matches (and ranks) every chunk holding one common word, which is
 * what makes full-text search slow on large files ("minimum should match", as search engines say).
 */
export function lexicalTiers(lexemes: string[]): string[] {
  const terms = lexemes.map(quoted);
  if (terms.length <= 1) return terms;
  const tiers = [terms.join(' & ')];
  if (terms.length >= 3 && terms.length <= 8) {
    const pairs: string[] = [];
    for (let i = 0; i < terms.length; i++)
      for (let j = i + 1; j < terms.length; j++) pairs.push(`(${terms[i]} & ${terms[j]})`);
    tiers.push(pairs.join(' | '));
  }
  tiers.push(terms.join(' | '));
  return tiers;
}

async function lexicalCandidates(db: Db, scope: FileScope, query: string): Promise<number[]> {
  // The question's lexemes as Postgres stems them ('english': stop words out, "vacations" → "vacat").
  const { rows } = await sql<{ lexemes: string[] }>`
    select tsvector_to_array(to_tsvector('english', ${query})) as lexemes
  `.execute(db);
  const found: number[] = [];
  for (const tier of lexicalTiers(rows[0]?.lexemes ?? [])) {
    for (const id of await rankedMatches(db, scope, tier)) if (!found.includes(id)) found.push(id);
    if (found.length >= ENOUGH_MATCHES) break;
  }
  return found.slice(0, CANDIDATES);
}

async function vectorCandidates(deps: FileSearchDeps, scope: FileScope, query: string): Promise<number[]> {
  let queryVector: Float32Array | undefined;
  try {
    [queryVector] = await deps.embedder.embed([query]);
  } catch (error) {
    // Full-text search still answers; the provider's outage is logged, not the user's problem.
    deps.logger.warn({ err: error }, 'query embedding failed; file search is full-text only');
    return [];
  }
  if (!queryVector) return [];
  const key = scopeKey(scope);
  const version = await scopeVersion(deps.db, scope);
  let vectors = deps.cache.get(key, version, deps.embedder.model);
  if (!vectors) {
    vectors = await loadVectors(deps.db, scope, deps.embedder.model, version);
    deps.cache.set(key, vectors);
  }
  if (vectors.dimensions !== queryVector.length) return [];
  return nearest(vectors, queryVector, CANDIDATES, MIN_COSINE).map((hit) => hit.chunkId);
}

/**
 * Hybrid search over files: full-text (Postgres tsvector) and vector similarity (the embedder's
 * unit vectors, scanned in memory from a per-scope cache) run side by side and are fused by
 * reciprocal rank, so exact terms (names, codes) and paraphrases both find their passage.
 * One result per file page, with up to three of its best chunks in reading order.
 */
export async function searchFiles(
  deps: FileSearchDeps,
  scope: FileScope,
  query: string,
  limit: number,
): Promise<FileSearchResult[]> {
  const [lexical, semantic] = await Promise.all([
    lexicalCandidates(deps.db, scope, query),
    vectorCandidates(deps, scope, query),
  ]);
  const fused = new Map<number, number>();
  for (const ranking of [lexical, semantic]) {
    ranking.forEach((chunkId, rank) => {
      fused.set(chunkId, (fused.get(chunkId) ?? 0) + 1 / (RRF_K + rank + 1));
    });
  }
  if (fused.size === 0) return [];
  const ranked = [...fused].sort((a, b) => b[1] - a[1]);
  const ids = ranked.slice(0, limit * CHUNKS_PER_PAGE * 2).map(([id]) => String(id));
  const rows = await deps.db
    .selectFrom('chunks as c')
    .innerJoin('files as f', 'f.id', 'c.file_id')
    .select(['c.id', 'c.file_id', 'c.page', 'c.chunk_index', 'c.text', 'f.name'])
    .where('c.id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((row) => [Number(row.id), row]));

  const groups = new Map<
    string,
    { result: FileSearchResult; chunks: Array<{ index: number; text: string }> }
  >();
  for (const [chunkId, score] of ranked) {
    const row = byId.get(chunkId);
    if (!row) continue;
    const key = `${row.file_id}:${row.page ?? ''}`;
    let group = groups.get(key);
    if (!group) {
      if (groups.size >= limit) continue;
      group = {
        result: {
          fileId: row.file_id,
          fileName: row.name,
          page: row.page,
          text: '',
          score: Number(score.toFixed(5)),
          url: fileUrl(row.file_id, row.page),
        },
        chunks: [],
      };
      groups.set(key, group);
    }
    if (group.chunks.length < CHUNKS_PER_PAGE) group.chunks.push({ index: row.chunk_index, text: row.text });
  }
  return [...groups.values()].map(({ result, chunks }) => ({ ...result, text: joinChunks(chunks) }));
}

/** Chunks of one page in reading order; neighbours lose the overlap they repeat, gaps show "…". */
function joinChunks(chunks: Array<{ index: number; text: string }>): string {
  const ordered = [...chunks].sort((a, b) => a.index - b.index);
  let text = ordered[0]?.text ?? '';
  for (let i = 1; i < ordered.length; i++) {
    const previous = ordered[i - 1] as { index: number };
    const chunk = ordered[i] as { index: number; text: string };
    if (chunk.index !== previous.index + 1) {
      text += `\n…\n${chunk.text}`;
      continue;
    }
    let shared = 0;
    for (let length = Math.min(600, chunk.text.length, text.length); length >= 20; length--) {
      if (text.endsWith(chunk.text.slice(0, length))) {
        shared = length;
        break;
      }
    }
    text += shared > 0 ? chunk.text.slice(shared) : ` ${chunk.text}`;
  }
  return text;
}
