import mammoth from 'mammoth';
import { tidyText } from './tidy.ts';

/**
 * The text of a Word (.docx) document, paragraphs on their own lines. mammoth reads the document
 * XML itself (pure JS); a file that is not a valid .docx throws.
 */
export async function docxText(bytes: Buffer): Promise<string> {
  const { value } = await mammoth.extractRawText({ buffer: bytes });
  return tidyText(value);
}
