import type { ExtractedPage } from './extract-text.ts';

export interface TextChunk {
  index: number;
  page: number | null;
  text: string;
}

export interface ChunkOptions {
  chunkChars: number;
  overlapChars: number;
  /** Text beyond this many characters (the whole file) is not chunked. */
  maxChars: number;
}

/** Where to end a chunk: the last paragraph break, else sentence end, else space, in the window's back part. */
function breakPoint(text: string, end: number, minEnd: number): number {
  if (end >= text.length) return text.length;
  const window = text.slice(minEnd, end);
  for (const pattern of [/\n\n/g, /[.!?]["')\]]?\s/g, /\n/g, /\s/g]) {
    let last = -1;
    for (const match of window.matchAll(pattern)) last = match.index + match[0].length;
    if (last > 0) return minEnd + last;
  }
  return end;
}

/**
 * Splits each page into overlapping chunks of about `chunkChars`, ending at paragraph or sentence
 * boundaries where it can. Chunks never cross a page, so a passage is cited with the right page;
 * the overlap keeps a sentence cut at a boundary whole in one of the two chunks.
 */
export function chunkPages(
  pages: ExtractedPage[],
  options: ChunkOptions,
): { chunks: TextChunk[]; truncated: boolean } {
  const chunks: TextChunk[] = [];
  let budget = options.maxChars;
  let truncated = false;
  const overlap = Math.min(options.overlapChars, Math.floor(options.chunkChars / 2));
  for (const { page, text: full } of pages) {
    if (budget <= 0) {
      truncated = truncated || full.trim() !== '';
      continue;
    }
    const text = full.length > budget ? full.slice(0, budget) : full;
    if (text.length < full.length) truncated = true;
    budget -= text.length;
    let start = 0;
    while (start < text.length) {
      const end = breakPoint(text, start + options.chunkChars, start + Math.floor(options.chunkChars * 0.6));
      // Postgres cannot store NUL in text; a stray one in a PDF must not fail the file.
      const piece = text.slice(start, end).replaceAll('\u0000', '').trim();
      if (piece) chunks.push({ index: chunks.length, page, text: piece });
      if (end >= text.length) break;
      // Back up by the overlap to the start of a word (a few characters more at most), always
      // moving on by at least a quarter chunk so text without spaces cannot multiply chunks.
      const target = Math.max(end - overlap, start + Math.ceil(options.chunkChars / 4));
      let next = target;
      while (next > target - 40 && next > start && !/\s/.test(text[next - 1] as string)) next--;
      start = next > start && /\s/.test(text[next - 1] as string) ? next : target;
    }
  }
  return { chunks, truncated };
}
