import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import { tidyText } from './tidy.ts';

export interface PdfText {
  /** The document's own title, when it has one. */
  title: string | null;
  /** The text of each page, page 1 first; a page of images only is an empty string. */
  pages: string[];
}

/**
 * The text of a PDF, page by page, so a passage can be cited with its page. unpdf is Mozilla's
 * pdf.js packaged for servers: pure JS, no native canvas needed for text. A corrupt or encrypted
 * file throws; callers report that as the reason the file failed.
 */
export async function pdfText(bytes: Uint8Array): Promise<PdfText> {
  // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
  // Verbosity 0: pdf.js reports errors by throwing, not by printing warnings to the console.
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  try {
    const { text } = await extractText(pdf, { mergePages: false });
    const { info } = await getMeta(pdf);
    const title = typeof info?.Title === 'string' && info.Title.trim() ? info.Title.trim() : null;
    return { title, pages: text.map(tidyText) };
  } finally {
    await pdf.cleanup();
  }
}
