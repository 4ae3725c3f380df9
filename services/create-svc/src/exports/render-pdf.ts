import { Readable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { answerBlocks, type Inline } from './answer-blocks.ts';
import { withoutControlCharacters } from './control-characters.ts';
import type { PdfFonts } from './pdf-fonts.ts';
import { type ExportDocument, isLinkableUrl } from './thread-document.ts';

// Windows-1252 above Latin-1's control range: what PDF's built-in fonts (WinAnsi) can show.
const winAnsiExtras = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** With the built-in fonts, characters they cannot show become "?" instead of garbage glyphs. */
function latin1Only(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    out +=
      (code >= 0x20 && code <= 0x7e) ||
      (code >= 0xa0 && code <= 0xff) ||
      winAnsiExtras.has(char) ||
      char === '\n'
        ? char
        : '?';
  }
  return out;
}

const LINK_COLOR = '#1a56db';
const TEXT_COLOR = '#111111';
const MUTED_COLOR = '#555555';

/**
 * The thread as a PDF (pdfkit), streamed as pdfkit writes it: the title, each question as a
 * heading with its answer (Markdown headings, lists, quotes, code and bold/italic/links kept in a
 * simple form), then the numbered reference list with each URL as a live link.
 */
export function renderPdf(document: ExportDocument, fonts: PdfFonts): ReadableStream<Uint8Array> {
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 60, right: 60 },
    info: { Title: document.title, Creator: 'Perplexica' },
    displayTitle: true,
  });
  pdf.registerFont('body', fonts.regular);
  pdf.registerFont('bold', fonts.bold);
  const show = fonts.unicode ? withoutControlCharacters : latin1Only;

  const runs = (inlines: readonly Inline[], size: number, options: PDFKit.Mixins.TextOptions = {}) => {
    const parts = inlines.filter((inline) => inline.text.length > 0);
    if (parts.length === 0) parts.push({ text: ' ' });
    parts.forEach((inline, index) => {
      const link = inline.link && isLinkableUrl(inline.link) ? inline.link : undefined;
      pdf
        .font(inline.bold ? 'bold' : 'body')
        .fontSize(inline.code ? size - 1 : size)
        .fillColor(link ? LINK_COLOR : inline.code ? MUTED_COLOR : TEXT_COLOR)
        .text(show(inline.text), {
          ...options,
          continued: index < parts.length - 1,
          ...(link ? { link, underline: true } : { link: null, underline: false }),
          oblique: inline.italic === true,
        });
    });
    pdf.fillColor(TEXT_COLOR);
  };

  pdf.font('bold').fontSize(20).fillColor(TEXT_COLOR).text(show(document.title));
  for (const turn of document.turns) {
    pdf.moveDown(1);
    pdf.font('bold').fontSize(14).fillColor(TEXT_COLOR).text(show(turn.question));
    pdf.moveDown(0.4);
    const blocks = answerBlocks(turn.answer || '_No answer was saved._');
    for (const block of blocks) {
      switch (block.kind) {
        case 'heading':
          pdf.moveDown(0.3);
          runs(
            block.inlines.map((inline) => ({ ...inline, bold: true })),
            Math.max(11, 15 - block.level),
          );
          break;
        case 'paragraph':
          runs(block.inlines, 11, { paragraphGap: 4, lineGap: 1.5 });
          break;
        case 'bullet':
          runs([{ text: '•  ' }, ...block.inlines], 11, { indent: 12 + block.depth * 14, paragraphGap: 2 });
          break;
        case 'numbered':
          runs([{ text: `${block.number}.  ` }, ...block.inlines], 11, { indent: 12, paragraphGap: 2 });
          break;
        case 'quote':
          runs(
            block.inlines.map((inline) => ({ ...inline, italic: true })),
            11,
            { indent: 16, paragraphGap: 4 },
          );
          break;
        case 'code':
          pdf
            .font('body')
            .fontSize(9.5)
            .fillColor(MUTED_COLOR)
            .text(show(block.text || ' '), { indent: 12, paragraphGap: 4 });
          pdf.fillColor(TEXT_COLOR);
          break;
        case 'rule':
          pdf.moveDown(0.5);
          break;
      }
    }
  }
  if (document.references.length > 0) {
    pdf.moveDown(1.2);
    pdf.font('bold').fontSize(14).fillColor(TEXT_COLOR).text('Sources');
    pdf.moveDown(0.4);
    for (const reference of document.references) {
      pdf
        .font('body')
        .fontSize(10.5)
        .fillColor(TEXT_COLOR)
        .text(show(`[${reference.number}] ${reference.title}`));
      if (reference.url) {
        const link = isLinkableUrl(reference.url) ? reference.url : null;
        pdf
          .fontSize(9.5)
          .fillColor(link ? LINK_COLOR : MUTED_COLOR)
          .text(show(reference.url), { indent: 20, paragraphGap: 4, link, underline: link !== null });
      }
    }
  }
  pdf.end();
  return Readable.toWeb(pdf) as ReadableStream<Uint8Array>;
}
