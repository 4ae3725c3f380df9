import { docxText, pdfText, readableText, tidyText } from '@perplexica/documents';
import { CSV, DOCX, HTML, JSON_TYPE, MARKDOWN, PDF, TEXT } from '../intake/sniff-type.ts';

export interface ExtractedPage {
  /** 1-based page number for formats that have pages (PDF); null otherwise. */
  page: number | null;
  text: string;
}

export interface ExtractedText {
  pages: ExtractedPage[];
  pageCount: number | null;
}

/** A file that cannot be read however often it is retried; the message is shown to the user. */
export class UnreadableFile extends Error {
  override readonly name = 'UnreadableFile';
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 300);

async function pages(bytes: Buffer, mediaType: string): Promise<ExtractedText> {
  switch (mediaType) {
    case PDF: {
      let pdf: Awaited<ReturnType<typeof pdfText>>;
      try {
        pdf = await pdfText(bytes);
      } catch (error) {
        throw new UnreadableFile(`The PDF could not be read (${reason(error)})`);
      }
      if (pdf.pages.every((text) => text === '')) {
        throw new UnreadableFile(
          'The PDF has no text layer (scanned pages?); text recognition is not supported',
        );
      }
      return {
        pages: pdf.pages.map((text, index) => ({ page: index + 1, text })),
        pageCount: pdf.pages.length,
      };
    }
    case DOCX:
      try {
        return { pages: [{ page: null, text: await docxText(bytes) }], pageCount: null };
      } catch (error) {
        throw new UnreadableFile(`The Word document could not be read (${reason(error)})`);
      }
    case HTML:
      return {
        pages: [{ page: null, text: readableText(bytes.toString('utf8'), '').text }],
        pageCount: null,
      };
    case JSON_TYPE: {
      let value: unknown;
      try {
        value = JSON.parse(bytes.toString('utf8'));
      } catch (error) {
        throw new UnreadableFile(`The file is not valid JSON (${reason(error)})`);
      }
      // Indented, so keys and values land near each other in the same chunk.
      return { pages: [{ page: null, text: JSON.stringify(value, null, 2) }], pageCount: null };
    }
    case CSV:
    case MARKDOWN:
    case TEXT:
      return {
        pages: [{ page: null, text: tidyText(bytes.toString('utf8').replace(/^\uFEFF/, '')) }],
        pageCount: null,
      };
    default:
      throw new UnreadableFile(`Files of type ${mediaType} cannot be read`);
  }
}

/** The text of a stored file, page by page; throws UnreadableFile with a reason a user can act on. */
export async function extractText(bytes: Buffer, mediaType: string): Promise<ExtractedText> {
  let extracted: ExtractedText;
  try {
    extracted = await pages(bytes, mediaType);
  } catch (error) {
    // Parsing is deterministic: whatever a parser throws, retrying the same bytes will not help.
    throw error instanceof UnreadableFile
      ? error
      : new UnreadableFile(`The file could not be read (${reason(error)})`);
  }
  if (extracted.pages.every((page) => page.text.trim() === ''))
    throw new UnreadableFile('No text was found in the file');
  return extracted;
}
