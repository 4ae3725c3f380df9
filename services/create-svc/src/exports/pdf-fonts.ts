import { readFileSync } from 'node:fs';
import type { Logger } from '@perplexica/observability';
import PDFDocument from 'pdfkit';

/** The fonts PDF exports embed: a Unicode TrueType pair, or PDF's built-in Helvetica. */
export interface PdfFonts {
  regular: Buffer | 'Helvetica';
  bold: Buffer | 'Helvetica-Bold';
  /** False with Helvetica: only Latin-1 (WinAnsi) text can be shown; the rest becomes "?". */
  unicode: boolean;
}

export const builtInFonts: PdfFonts = { regular: 'Helvetica', bold: 'Helvetica-Bold', unicode: false };

/** Reads a font and checks pdfkit can use it, or says why not. */
function readFont(path: string): { bytes: Buffer } | { problem: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return { problem: (error as NodeJS.ErrnoException).code ?? 'unreadable' };
  }
  try {
    const probe = new PDFDocument();
    probe.registerFont('probe', bytes);
    probe.font('probe').text('Проверка');
    probe.end();
  } catch (error) {
    return { problem: `not a font pdfkit can embed (${(error as Error).message})` };
  }
  return { bytes };
}

/**
 * PDF_FONT_PATH and PDF_BOLD_FONT_PATH, read once at boot. Without a usable regular font, exports
 * fall back to Helvetica and the log says so; without a usable bold one, the regular one is used
 * for headings too.
 */
export function loadPdfFonts(paths: { regular: string; bold: string }, logger: Logger): PdfFonts {
  const regular = readFont(paths.regular);
  if ('problem' in regular) {
    logger.warn(
      { path: paths.regular, problem: regular.problem },
      'PDF font unavailable: PDF exports use Helvetica and show text outside Latin-1 as "?" (set PDF_FONT_PATH)',
    );
    return builtInFonts;
  }
  const bold = readFont(paths.bold);
  if ('problem' in bold)
    logger.info(
      { path: paths.bold, problem: bold.problem },
      'no bold PDF font: headings use the regular one',
    );
  return { regular: regular.bytes, bold: 'bytes' in bold ? bold.bytes : regular.bytes, unicode: true };
}
