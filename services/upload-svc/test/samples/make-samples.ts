/**
 * Writes the sample files the tests upload (run once; the outputs are committed so every run
 * parses the same bytes): `node test/samples/make-samples.ts`. The PDF and DOCX are made with the
 * same libraries people's tools use (pdf-lib, docx), so they are real files of those formats.
 */
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { PDFDocument, StandardFonts } from 'pdf-lib';

const here = dirname(fileURLToPath(import.meta.url));

const handbookPages = [
  [
    'Northwind Employee Handbook',
    'This handbook explains how we work together at Northwind Traders.',
    'It covers working hours, leave and expenses.',
  ],
  [
    'Vacation policy',
    'Every employee receives 27 days of paid vacation per calendar year.',
    'Unused vacation days may be carried over until the end of March.',
  ],
  [
    'Expense reports',
    'Expense reports must be submitted within 45 days of the purchase.',
    'Receipts above 25 euros must be attached as scanned images.',
  ],
];

async function handbookPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle('Northwind Employee Handbook');
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const lines of handbookPages) {
    const page = pdf.addPage([595, 842]);
    lines.forEach((line, index) => {
      page.drawText(line, { x: 50, y: 780 - index * 24, size: 12, font });
    });
  }
  return pdf.save();
}

async function turbineDocx(): Promise<Buffer> {
  const document = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: 'Tidal turbine field trial', heading: HeadingLevel.HEADING_1 }),
          new Paragraph(
            'The Orkney prototype turbine produced a peak output of 2.4 megawatts during spring tides.',
          ),
          new Paragraph('Blade fouling by barnacles reduced efficiency by 6 percent after four months.'),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

const samples: Record<string, string | Uint8Array | Buffer> = {
  'notes.txt': 'Meeting notes, 3 March.\nThe sourdough starter must be fed twice a day with rye flour.\n',
  'guide.md': '# Greenhouse guide\n\nTomato seedlings need a night temperature above 12 degrees Celsius.\n',
  'page.html':
    '<!doctype html><html lang="en"><head><title>Beekeeping</title></head><body><nav>Home | About</nav><article><h1>Beekeeping basics</h1><p>A healthy hive of honey bees can hold around 50,000 workers in midsummer, and the queen lays up to 2,000 eggs a day during the peak of the season.</p><p>Beekeepers inspect the brood frames every nine days in swarm season.</p></article></body></html>',
  'harvest.csv': 'crop,region,yield_tonnes_per_hectare\nbarley,Uppland,5.8\nrapeseed,Skane,3.9\n',
  'telescope.json': JSON.stringify({
    instrument: 'Keck spectrograph',
    observation: { target: 'Comet Hartley 2', exposureSeconds: 900, note: 'water ice detected in the coma' },
  }),
  // A PDF signature followed by bytes no PDF reader can make sense of.
  'corrupt.pdf': Buffer.concat([
    Buffer.from('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n', 'latin1'),
    Buffer.alloc(600, 0x5a),
  ]),
};

samples['handbook.pdf'] = await handbookPdf();
samples['turbine.docx'] = await turbineDocx();
for (const [name, content] of Object.entries(samples)) await writeFile(join(here, name), content);
console.log(`wrote ${Object.keys(samples).length} samples to ${here}`);
