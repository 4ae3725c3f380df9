import { Document, Packer, Paragraph } from 'docx';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { docxText, pdfText, readableText, tidyText } from '../src/index.ts';

describe('pdfText', () => {
  it('returns the text page by page, with the document title', async () => {
    const pdf = await PDFDocument.create();
    pdf.setTitle('Field notes');
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    for (const line of ['Herons wade at dawn.', '', 'Otters fish at dusk.']) {
      const page = pdf.addPage();
      if (line) page.drawText(line, { x: 40, y: 700, size: 12, font });
    }
    const text = await pdfText(await pdf.save());
    expect(text).toEqual({
      title: 'Field notes',
      pages: ['Herons wade at dawn.', '', 'Otters fish at dusk.'],
    });
  });

  it('throws on bytes that are not a readable PDF', async () => {
    await expect(pdfText(Buffer.from('%PDF-1.7\nnonsense'))).rejects.toThrow();
  });
});

describe('docxText', () => {
  it('returns the paragraphs of a Word document', async () => {
    const document = new Document({
      sections: [{ children: [new Paragraph('First line.'), new Paragraph('Second line.')] }],
    });
    expect(await docxText(await Packer.toBuffer(document))).toBe('First line.\n\nSecond line.');
  });

  it('throws on a file that is not a .docx', async () => {
    await expect(docxText(Buffer.from('plain text'))).rejects.toThrow();
  });
});

describe('readableText', () => {
  it('keeps the article and drops navigation', () => {
    const html =
      '<html><head><title>Owls</title></head><body><nav>Home About Contact</nav><article><h1>Owls</h1><p>Barn owls hunt by sound alone, locating mice under snow with remarkable precision at night.</p></article></body></html>';
    const { title, text } = readableText(html, 'https://example.org/owls');
    expect(title).toBe('Owls');
    expect(text).toContain('Barn owls hunt by sound alone');
    expect(text).not.toContain('Contact');
  });

  it('reads an HTML fragment without a document around it', () => {
    expect(readableText('<p>Just a <b>fragment</b></p>', 'x').text).toBe('Just a fragment');
  });
});

describe('tidyText', () => {
  it('normalises line breaks and spaces, keeping paragraphs', () => {
    expect(tidyText('a\r\nb  \t c\n\n\n\nd ')).toBe('a\nb c\n\nd');
  });
});
