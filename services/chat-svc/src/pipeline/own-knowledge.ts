import type { FilePassage, FilesClient } from '../clients/files-client.ts';
import type { MemoryClient, RecalledMemory } from '../clients/memory-client.ts';
import type { PageText, SearchResult } from './sources.ts';

/** Who is asking, for their files and memories. */
export interface Asker {
  id: string;
  orgId: string | null;
}

export interface FileSources {
  results: SearchResult[];
  pages: PageText[];
  unavailable: boolean;
}

/** A page of a file as a numbered source: named by file and page, its passage as the page text. */
function asSource(passage: FilePassage): { result: SearchResult; page: PageText } {
  const title = passage.page ? `${passage.fileName} · p. ${passage.page}` : passage.fileName;
  return {
    result: {
      title,
      url: passage.url,
      snippet: passage.text.slice(0, 300),
      engines: ['files'],
      publishedDate: null,
    },
    page: { url: passage.url, title, text: passage.text },
  };
}

/**
 * Passages of the user's files (or the space's) for every planned query, best first, one per file
 * page. An unreachable upload-svc makes the answer say so rather than fail it.
 */
export async function searchOwnFiles(
  files: FilesClient,
  input: { asker: Asker; spaceId?: string; queries: string[]; limit: number },
): Promise<FileSources> {
  try {
    const replies = await Promise.all(
      input.queries.map((query) =>
        files.search({
          userId: input.asker.id,
          ...(input.spaceId ? { spaceId: input.spaceId } : {}),
          query,
          limit: input.limit,
        }),
      ),
    );
    const seen = new Set<string>();
    const results: SearchResult[] = [];
    const pages: PageText[] = [];
    // Round-robin over the queries so each contributes its best passages first.
    for (let rank = 0; results.length < input.limit; rank++) {
      const row = replies.map((reply) => reply[rank]).filter((passage): passage is FilePassage => !!passage);
      if (row.length === 0) break;
      for (const passage of row) {
        if (seen.has(passage.url) || results.length >= input.limit) continue;
        seen.add(passage.url);
        const { result, page } = asSource(passage);
        results.push(result);
        pages.push(page);
      }
    }
    return { results, pages, unavailable: false };
  } catch {
    return { results: [], pages: [], unavailable: true };
  }
}

export interface Recall {
  enabled: boolean;
  memories: RecalledMemory[];
}

/** Memories about the user (and their organization) that bear on the question; none if memory-svc is down. */
export async function recallMemories(
  memory: MemoryClient,
  input: { asker: Asker; question: string; limit: number },
): Promise<Recall> {
  try {
    return await memory.recall({
      userId: input.asker.id,
      orgId: input.asker.orgId,
      query: input.question,
      limit: input.limit,
    });
  } catch {
    return { enabled: false, memories: [] };
  }
}
