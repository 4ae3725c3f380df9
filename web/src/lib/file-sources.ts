import type { Source } from '../api/types.ts';

/** A passage of the researcher's own files, as chat-svc cites it: url `/files/<id>#page=<n>`. */
export interface FileSource {
  fileId: string;
  /** "handbook.pdf", without the " · p. 3" chat-svc adds to the title. */
  name: string;
  page: number | null;
}

const FILE_URL = /^\/files\/([0-9a-f-]{36})(?:#page=(\d+))?$/i;

/** The file a source points at, or null for a web source. */
export function fileSourceOf(source: Pick<Source, 'url' | 'title'>): FileSource | null {
  const match = FILE_URL.exec(source.url);
  if (!match) return null;
  return {
    fileId: match[1] as string,
    name: source.title.replace(/ · p\. \d+$/, ''),
    page: match[2] ? Number(match[2]) : null,
  };
}

/**
 * Where a file source opens: the app's /files/:id route, which asks upload-svc for a download link
 * and goes there (a link that works when copied, since presigned links expire in minutes).
 */
export const fileHref = (file: FileSource) => `/files/${file.fileId}${file.page ? `#page=${file.page}` : ''}`;

/** "p. 3", or "file" when the passage has no page. */
export const pageLabel = (file: FileSource) => (file.page ? `p. ${file.page}` : 'file');
