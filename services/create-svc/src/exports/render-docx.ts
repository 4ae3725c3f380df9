import {
  Document,
  ExternalHyperlink,
  HeadingLevel,
  Packer,
  Paragraph,
  type ParagraphChild,
  TextRun,
} from 'docx';
import { answerBlocks, type Inline } from './answer-blocks.ts';
import { withoutControlCharacters } from './control-characters.ts';
import { type ExportDocument, isLinkableUrl } from './thread-document.ts';

const xmlSafe = withoutControlCharacters;

const headingLevels = [
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
] as const;

function children(inlines: readonly Inline[]): ParagraphChild[] {
  return inlines.map((inline) => {
    const run = new TextRun({
      text: xmlSafe(inline.text),
      bold: inline.bold === true,
      italics: inline.italic === true,
      ...(inline.code ? { font: 'Courier New' } : {}),
      ...(inline.link && isLinkableUrl(inline.link) ? { style: 'Hyperlink' } : {}),
    });
    return inline.link && isLinkableUrl(inline.link)
      ? new ExternalHyperlink({ link: inline.link, children: [run] })
      : run;
  });
}

function answerParagraphs(answer: string): Paragraph[] {
  return answerBlocks(answer || '_No answer was saved._').map((block) => {
    switch (block.kind) {
      case 'heading':
        return new Paragraph({
          heading: headingLevels[Math.min(block.level, headingLevels.length) - 1],
          children: children(block.inlines),
        });
      case 'bullet':
        return new Paragraph({ bullet: { level: block.depth }, children: children(block.inlines) });
      case 'numbered':
        return new Paragraph({
          indent: { left: 360 },
          children: children([{ text: `${block.number}. ` }, ...block.inlines]),
        });
      case 'quote':
        return new Paragraph({
          indent: { left: 480 },
          children: children(block.inlines.map((inline) => ({ ...inline, italic: true }))),
        });
      case 'code':
        return new Paragraph({
          indent: { left: 360 },
          children: block.text
            .split('\n')
            .map(
              (line, index) =>
                new TextRun({ text: xmlSafe(line), font: 'Courier New', ...(index > 0 ? { break: 1 } : {}) }),
            ),
        });
      case 'rule':
        return new Paragraph({ children: [] });
      default:
        return new Paragraph({ spacing: { after: 120 }, children: children(block.inlines) });
    }
  });
}

/**
 * The thread as a Word document (the `docx` library): the title, each question as a heading with
 * its answer, then "Sources", one paragraph per reference with its URL as a hyperlink.
 */
export async function renderDocx(document: ExportDocument): Promise<Buffer> {
  const body: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(xmlSafe(document.title))] }),
  ];
  for (const turn of document.turns) {
    body.push(
      new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(xmlSafe(turn.question))] }),
    );
    body.push(...answerParagraphs(turn.answer));
  }
  if (document.references.length > 0) {
    body.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Sources')] }));
    for (const reference of document.references) {
      const label = new TextRun(
        xmlSafe(`[${reference.number}] ${reference.title}${reference.url ? ' — ' : ''}`),
      );
      const url = xmlSafe(reference.url);
      const target = isLinkableUrl(reference.url)
        ? new ExternalHyperlink({
            link: reference.url,
            children: [new TextRun({ text: url, style: 'Hyperlink' })],
          })
        : new TextRun(url);
      body.push(new Paragraph({ spacing: { after: 80 }, children: [label, target] }));
    }
  }
  const doc = new Document({
    creator: 'Perplexica',
    title: xmlSafe(document.title),
    sections: [{ children: body }],
  });
  return Packer.toBuffer(doc);
}
