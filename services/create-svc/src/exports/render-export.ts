import type { ExportFormat } from '../wire-schemas.ts';
import type { PdfFonts } from './pdf-fonts.ts';
import { renderDocx } from './render-docx.ts';
import { renderMarkdown } from './render-markdown.ts';
import { renderPdf } from './render-pdf.ts';
import type { ExportDocument } from './thread-document.ts';

export interface RenderedExport {
  body: string | Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array>;
  contentType: string;
  extension: string;
}

/** The document in the asked format, with its content type and file extension. */
export async function renderExport(
  document: ExportDocument,
  format: ExportFormat,
  fonts: PdfFonts,
): Promise<RenderedExport> {
  switch (format) {
    case 'markdown':
      return { body: renderMarkdown(document), contentType: 'text/markdown; charset=utf-8', extension: 'md' };
    case 'pdf':
      return { body: renderPdf(document, fonts), contentType: 'application/pdf', extension: 'pdf' };
    case 'docx':
      return {
        body: new Uint8Array(await renderDocx(document)),
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        extension: 'docx',
      };
  }
}
