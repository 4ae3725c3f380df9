import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { readableText, pdfText as readPdf } from '@perplexica/documents';

export const ingestibleExtensions = ['.txt', '.md', '.markdown', '.html', '.htm', '.pdf'] as const;

export interface ExtractedText {
  title: string;
  content: string;
}

const tidy = (text: string) =>
  text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

/** The first Markdown heading, else the file name: what a person would call the document. */
function markdownTitle(text: string, fallback: string): string {
  return /^#{1,6}\s+(.+)$/m.exec(text)?.[1]?.trim() || fallback;
}

async function pdfText(bytes: Uint8Array, fallbackTitle: string): Promise<ExtractedText> {
  const pdf = await readPdf(bytes);
  return { title: pdf.title ?? fallbackTitle, content: tidy(pdf.pages.join('\n\n')) };
}

/** Title and plain text of a .txt, .md, .html or .pdf file; null for other kinds. */
export async function extractFileText(path: string): Promise<ExtractedText | null> {
  const extension = extname(path).toLowerCase();
  const name = basename(path);
  switch (extension) {
    case '.txt':
      return { title: name, content: tidy(await readFile(path, 'utf8')) };
    case '.md':
    case '.markdown': {
      const text = await readFile(path, 'utf8');
      return { title: markdownTitle(text, name), content: tidy(text) };
    }
    case '.html':
    case '.htm': {
      const { title, text } = readableText(await readFile(path, 'utf8'), name);
      return { title, content: tidy(text) };
    }
    case '.pdf':
      return pdfText(new Uint8Array(await readFile(path)), name);
    default:
      return null;
  }
}
