import { extname } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';

export const PDF = 'application/pdf';
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const TEXT = 'text/plain';
export const MARKDOWN = 'text/markdown';
export const HTML = 'text/html';
export const CSV = 'text/csv';
export const JSON_TYPE = 'application/json';

/** What users may upload, as named in error messages. */
export const ACCEPTED = 'PDF, DOCX, TXT, Markdown, HTML, CSV or JSON';

export type SniffResult = { mediaType: string } | { refused: string };

const textByExtension: Record<string, string> = {
  '.md': MARKDOWN,
  '.markdown': MARKDOWN,
  '.html': HTML,
  '.htm': HTML,
  '.csv': CSV,
  '.json': JSON_TYPE,
  '.txt': TEXT,
  '.text': TEXT,
};

/** Text is valid UTF-8 (or plain ASCII) without NUL bytes; anything else is binary we cannot read. */
function looksLikeText(head: Buffer): boolean {
  if (head.includes(0)) return false;
  // The head may end inside a multi-byte character: ignore up to 3 trailing bytes.
  for (let cut = 0; cut <= 3 && cut < head.length; cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, head.length - cut));
      return true;
    } catch {}
  }
  return false;
}

function textKind(head: Buffer, fileName: string): string {
  const byName = textByExtension[extname(fileName).toLowerCase()];
  if (byName) return byName;
  const start = head.toString('utf8', 0, 512).trimStart().toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html')) return HTML;
  if (start.startsWith('{') || start.startsWith('[')) return JSON_TYPE;
  return TEXT;
}

/**
 * Decides a file's type from its first bytes, not from its name or the browser's claim: a PDF or
 * DOCX by its signature; text formats (which have none) by being readable UTF-8, then by the
 * extension or the content's first characters. Everything else is refused with what it looks like.
 */
export async function sniffType(head: Buffer, fileName: string): Promise<SniffResult> {
  const detected = await fileTypeFromBuffer(head);
  if (detected?.mime === PDF) return { mediaType: PDF };
  if (detected?.mime === DOCX) return { mediaType: DOCX };
  // file-type reads an XML declaration as XML; an XHTML page starts with one too.
  const xhtml = detected?.mime === 'application/xml' && /\.x?html?$/i.test(fileName);
  if (detected && !xhtml) {
    return { refused: `This file is ${detected.ext.toUpperCase()} (${detected.mime}); upload ${ACCEPTED}` };
  }
  if (!looksLikeText(head)) return { refused: `This file is not a document we can read; upload ${ACCEPTED}` };
  return { mediaType: xhtml ? HTML : textKind(head, fileName) };
}
