import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { SearchDatabase } from '../db/schema.ts';
import type { SearchResult } from '../search/types.ts';

export interface NewDocument {
  url: string;
  title: string;
  content: string;
}

/** added: new row; updated: same URL, new content; unchanged: same URL and content; duplicate: this content is already stored under another URL. */
export type IngestStatus = 'added' | 'updated' | 'unchanged' | 'duplicate';

export const contentHash = (content: string) => createHash('sha256').update(content).digest('hex');

/** Stores one document, keyed by URL, skipping content that is already stored. */
export async function ingestDocument(
  db: Kysely<SearchDatabase>,
  document: NewDocument,
): Promise<{ id: string; status: IngestStatus }> {
  const hash = contentHash(document.content);
  const same = await db
    .selectFrom('local_documents')
    .select(['id', 'url'])
    .where('content_hash', '=', hash)
    .executeTakeFirst();
  if (same) return { id: same.id, status: same.url === document.url ? 'unchanged' : 'duplicate' };
  try {
    const row = await db
      .insertInto('local_documents')
      .values({ url: document.url, title: document.title, content: document.content, content_hash: hash })
      .onConflict((oc) =>
        oc.column('url').doUpdateSet({
          title: document.title,
          content: document.content,
          content_hash: hash,
          ingested_at: new Date(),
        }),
      )
      // xmax is 0 only for a freshly inserted row: tells "added" from "updated" in one round trip.
      .returning(['id', sql<boolean>`(xmax = 0)`.as('inserted')])
      .executeTakeFirstOrThrow();
    return { id: row.id, status: row.inserted ? 'added' : 'updated' };
  } catch (error) {
    // Two ingests of the same content raced; the other one stored it.
    if ((error as { code?: string }).code === '23505') {
      const winner = await db
        .selectFrom('local_documents')
        .select(['id', 'url'])
        .where('content_hash', '=', hash)
        .executeTakeFirstOrThrow();
      return { id: winner.id, status: winner.url === document.url ? 'unchanged' : 'duplicate' };
    }
    throw error;
  }
}

// Quotes, a leading "-" or an "or" ask for websearch_to_tsquery's exact semantics.
const usesOperators = (query: string) => /["]|(^|\s)-\S|\bor\b/i.test(query);

/**
 * Full-text search over ingested documents: websearch_to_tsquery understands what people type
 * ("quoted phrases", -exclusions, or), ts_rank orders, ts_headline cuts a snippet around the hits.
 * A plain question ("how do solar panels make electricity") rarely has every one of its words in
 * a document, so without operators a document matching any word counts too, ranked below those
 * matching all of them.
 */
export async function searchLocalDocuments(
  db: Kysely<SearchDatabase>,
  query: string,
  { limit, pageno }: { limit: number; pageno: number },
): Promise<SearchResult[]> {
  const allWords = sql`websearch_to_tsquery('english', ${query})`;
  // The same lexemes joined by "|" (the cast keeps them as stemmed; to_tsquery would stem again).
  const anyWord = usesOperators(query)
    ? allWords
    : sql`replace(plainto_tsquery('english', ${query})::text, ' & ', ' | ')::tsquery`;
  const rows = await db
    .selectFrom('local_documents')
    .select([
      'url',
      'title',
      sql<string>`ts_headline('english', left(content, 100000), ${anyWord}, 'MaxFragments=2, MinWords=8, MaxWords=30, FragmentDelimiter=" … ", StartSel="", StopSel=""')`.as(
        'snippet',
      ),
    ])
    .where(sql<boolean>`search @@ ${anyWord}`)
    .orderBy(sql`search @@ ${allWords}`, 'desc')
    .orderBy(sql`ts_rank(search, ${anyWord})`, 'desc')
    .orderBy('ingested_at', 'desc')
    .limit(limit)
    .offset((pageno - 1) * limit)
    .execute();
  return rows.map((row) => ({
    title: row.title,
    url: row.url,
    snippet: row.snippet.replace(/\s+/g, ' ').trim(),
    engines: ['local'],
    publishedDate: null,
    thumbnail: null,
  }));
}

export async function documentStats(db: Kysely<SearchDatabase>) {
  const row = await db
    .selectFrom('local_documents')
    .select([
      sql<string>`count(*)`.as('documents'),
      sql<string | null>`sum(length(content))`.as('characters'),
      sql<Date | null>`max(ingested_at)`.as('lastIngestedAt'),
    ])
    .executeTakeFirstOrThrow();
  return {
    documents: Number(row.documents),
    characters: Number(row.characters ?? 0),
    lastIngestedAt: row.lastIngestedAt ? new Date(row.lastIngestedAt).toISOString() : null,
  };
}

/** The stored text of ingested documents, for the researcher's "read the best pages" on the local backend. */
export async function documentsByUrl(db: Kysely<SearchDatabase>, urls: string[]) {
  if (urls.length === 0) return [];
  return db
    .selectFrom('local_documents')
    .select(['url', 'title', 'content'])
    .where('url', 'in', urls)
    .execute();
}
