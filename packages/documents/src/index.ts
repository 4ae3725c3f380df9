export { docxText } from './docx-text.ts';
export { type PdfText, pdfText } from './pdf-text.ts';
export { htmlToText, readableText } from './readable-text.ts';
export { tidyText } from './tidy.ts';
