import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Kysely } from 'kysely';
import type { SearchDatabase } from '../db/schema.ts';
import { extractFileText, ingestibleExtensions } from './extract-text.ts';
import { type IngestStatus, ingestDocument } from './local-documents.ts';

/** Limits that keep one ingest run bounded, whatever folder it is pointed at. */
export const MAX_FILES = 20_000;
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

export interface IngestSummary {
  added: number;
  updated: number;
  unchanged: number;
  duplicate: number;
  /** Files that could not be read or had no text, with why. */
  failed: { path: string; reason: string }[];
  /** Files of a kind we do not read, too big, or past MAX_FILES. */
  skipped: number;
}

async function filesUnder(target: string): Promise<string[]> {
  const info = await stat(target);
  if (info.isFile()) return [target];
  const entries = await readdir(target, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * Ingests a file or every file under a folder (.txt, .md, .html, .pdf) into local_documents.
 * Files whose content is already stored are left alone, so running it twice adds nothing.
 */
export async function ingestPath(
  db: Kysely<SearchDatabase>,
  target: string,
  onFile: (path: string, status: IngestStatus | 'failed') => void = () => {},
): Promise<IngestSummary> {
  const summary: IngestSummary = { added: 0, updated: 0, unchanged: 0, duplicate: 0, failed: [], skipped: 0 };
  const all = await filesUnder(resolve(target));
  const readable = all.filter((path) =>
    (ingestibleExtensions as readonly string[]).includes(extname(path).toLowerCase()),
  );
  summary.skipped = all.length - readable.length;
  for (const [index, path] of readable.entries()) {
    if (index >= MAX_FILES || (await stat(path)).size > MAX_FILE_BYTES) {
      summary.skipped += 1;
      continue;
    }
    try {
      const extracted = await extractFileText(path);
      if (!extracted?.content) throw new Error('no text found');
      const { status } = await ingestDocument(db, {
        url: pathToFileURL(path).href,
        title: extracted.title,
        content: extracted.content,
      });
      summary[status] += 1;
      onFile(path, status);
    } catch (error) {
      summary.failed.push({ path, reason: error instanceof Error ? error.message : String(error) });
      onFile(path, 'failed');
    }
  }
  return summary;
}
