import { type AuditCapture, captureAuditEvents } from '@perplexica/audit/testing';
import { createLogger } from '@perplexica/observability';
import { freshRedisPrefix } from '@perplexica/testing';
import mammoth from 'mammoth';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libraryClient } from '../../library-svc/test/harness.ts';
import { builtInFonts } from '../src/exports/pdf-fonts.ts';
import { createClient, download, type SeedMessage, seedThread, startWorld, type World } from './harness.ts';

const queuePrefix = freshRedisPrefix('create-audit');
let capture: AuditCapture;
let world: World;

const boiling: SeedMessage[] = [
  {
    query: 'What is the boiling point of water?',
    answer:
      'Water boils at **100 °C** at sea level [1]. At altitude it boils lower [2].\n\n- Pressure matters [2]\n- Purity matters less [1]',
    sources: [
      { index: 1, title: 'Boiling point', url: 'https://example.org/boiling', snippet: 'At sea level…' },
      { index: 2, title: 'Altitude cooking', url: 'https://example.org/altitude' },
    ],
  },
  {
    query: 'Why does pressure matter?',
    answer: 'Lower pressure lowers the boiling point [1][2].',
    sources: [
      { index: 1, title: 'Altitude cooking', url: 'https://example.org/altitude' },
      { index: 2, title: 'Vapor pressure', url: 'https://example.org/vapor' },
    ],
  },
];

/** What the export must say: both answers, with every source renumbered to one list. */
const expectedMarkdown = `# Boiling water at altitude

## What is the boiling point of water?

Water boils at **100 °C** at sea level [1]. At altitude it boils lower [2].

- Pressure matters [2]
- Purity matters less [1]

## Why does pressure matter?

Lower pressure lowers the boiling point [2][3].

## Sources

- [1] Boiling point — https://example.org/boiling
- [2] Altitude cooking — https://example.org/altitude
- [3] Vapor pressure — https://example.org/vapor
`;

const references = [
  ['Boiling point', 'https://example.org/boiling'],
  ['Altitude cooking', 'https://example.org/altitude'],
  ['Vapor pressure', 'https://example.org/vapor'],
] as const;

/** The PDF's text (whitespace collapsed: lines wrap) and the URLs of its link annotations. */
async function readPdf(bytes: Buffer) {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  const links: string[] = [];
  for (let page = 1; page <= pdf.numPages; page++) {
    const annotations = (await (await pdf.getPage(page)).getAnnotations()) as Array<{
      subtype: string;
      url?: string;
    }>;
    for (const annotation of annotations)
      if (annotation.subtype === 'Link' && annotation.url) links.push(annotation.url);
  }
  const metadata = await pdf.getMetadata();
  return { text: text.replace(/\s+/g, ' '), links, title: (metadata.info as { Title?: string }).Title };
}

let owner: string;
let threadId: string;
let client: ReturnType<typeof createClient>;

beforeAll(async () => {
  capture = captureAuditEvents({
    url: queuePrefix.url,
    prefix: `${queuePrefix.prefix}bull`,
    service: 'create-svc',
    logger: createLogger({ service: 'create-svc', level: 'silent' }),
  });
  world = await startWorld({ deps: { audit: capture.emitter } });
  owner = 'exporter';
  threadId = await seedThread(world.library, owner, 'Boiling water at altitude', boiling);
  client = createClient(world.create.url, await world.create.token(owner, 'org-export'));
});
afterAll(async () => {
  await world?.close();
  await capture?.close();
  await queuePrefix.clear();
});

describe('export a thread', () => {
  it('as Markdown: every answer, citations renumbered, one reference list', async () => {
    const response = await client.exportThread(threadId, 'markdown');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="boiling-water-at-altitude.md"; filename*=UTF-8''Boiling%20water%20at%20altitude.md`,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.text).toBe(expectedMarkdown);
    // "md" is accepted for markdown.
    expect((await client.exportThread(threadId, 'md')).text).toBe(expectedMarkdown);
  });

  it('as PDF that pdf.js opens, with the answers, the sources and their URLs as live links', async () => {
    const response = await client.exportThread(threadId, 'pdf');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toContain('filename="boiling-water-at-altitude.pdf"');
    expect(response.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pdf = await readPdf(response.bytes);
    expect(pdf.title).toBe('Boiling water at altitude');
    expect(pdf.text).toContain('What is the boiling point of water?');
    expect(pdf.text).toContain('Water boils at');
    expect(pdf.text).toContain('100 °C');
    expect(pdf.text).toContain('at sea level [1]. At altitude it boils lower [2].');
    expect(pdf.text).toContain('Lower pressure lowers the boiling point [2][3].');
    expect(pdf.text).toContain('Sources');
    for (const [index, [title, url]] of references.entries()) {
      expect(pdf.text).toContain(`[${index + 1}] ${title}`);
      expect(pdf.text).toContain(url);
    }
    expect(pdf.links).toEqual(references.map(([, url]) => url));
  });

  it('as DOCX that mammoth opens, with the answers, the sources and hyperlinked URLs', async () => {
    const response = await client.exportThread(threadId, 'docx');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(response.headers.get('content-disposition')).toContain(
      'filename="boiling-water-at-altitude.docx"',
    );
    const { value: text } = await mammoth.extractRawText({ buffer: response.bytes });
    expect(text).toContain('Boiling water at altitude');
    expect(text).toContain('What is the boiling point of water?');
    expect(text).toContain('Water boils at 100 °C at sea level [1]. At altitude it boils lower [2].');
    expect(text).toContain('Pressure matters [2]');
    expect(text).toContain('Lower pressure lowers the boiling point [2][3].');
    for (const [index, [title, url]] of references.entries()) {
      expect(text).toContain(`[${index + 1}] ${title} — ${url}`);
    }
    const { value: html } = await mammoth.convertToHtml({ buffer: response.bytes });
    expect(html).toContain('<strong>100 °C</strong>');
    for (const [, url] of references) expect(html).toContain(`<a href="${url}">${url}</a>`);
  });

  it('records export.thread in the audit log with the format', async () => {
    await client.exportThread(threadId, 'docx');
    const event = await capture.waitFor(
      (e) => e.action === 'export.thread' && e.target?.id === threadId && e.details?.format === 'docx',
    );
    expect(event).toMatchObject({
      service: 'create-svc',
      actor: { id: owner, type: 'user' },
      orgId: 'org-export',
      outcome: 'success',
      target: { type: 'thread', id: threadId },
      requestId: expect.any(String),
    });
  });

  it('writes non-Latin text with the embedded Unicode font', async () => {
    const id = await seedThread(world.library, owner, 'Кипение воды', [
      {
        query: 'При какой температуре кипит вода?',
        answer: 'Вода кипит при 100 °C на уровне моря [1].',
        sources: [{ index: 1, title: 'Температура кипения', url: 'https://ru.example.org/kipenie' }],
      },
    ]);
    const response = await client.exportThread(id, 'pdf');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="thread-${id.slice(0, 8)}.pdf"; filename*=UTF-8''${encodeURIComponent('Кипение воды.pdf')}`,
    );
    const pdf = await readPdf(response.bytes);
    expect(pdf.text).toContain('Вода кипит при 100 °C на уровне моря [1].');
    expect(pdf.text).toContain('[1] Температура кипения');
    const docx = await mammoth.extractRawText({ buffer: (await client.exportThread(id, 'docx')).bytes });
    expect(docx.value).toContain('Вода кипит при 100 °C на уровне моря [1].');
  });

  it('exports a shared thread by its link, without signing in; an unshared link is 404', async () => {
    const library = libraryClient(world.library.url, await world.create.token(owner));
    const shared = await library.share(threadId);
    expect(shared.status).toBe(201);
    const url = `${world.create.url}/api/v1/export/shared/${shared.body.shareId}?format=markdown`;
    const response = await download(url);
    expect(response.status).toBe(200);
    expect(response.text).toBe(expectedMarkdown);
    await capture.waitFor(
      (e) =>
        e.action === 'export.thread' &&
        e.target?.type === 'shared_thread' &&
        e.target.id === shared.body.shareId &&
        e.actor.type === 'anonymous',
    );
    expect((await library.unshare(threadId)).status).toBe(204);
    const gone = await download(url);
    expect(gone.status).toBe(404);
    expect(gone.json.error.code).toBe('not_found');
  });
});

describe('PDF without a Unicode font', () => {
  let plain: World;
  beforeAll(async () => {
    plain = await startWorld({ deps: { pdfFonts: builtInFonts } });
  });
  afterAll(() => plain?.close());

  it('falls back to Helvetica: Latin text intact, other scripts as "?", still a valid PDF', async () => {
    const id = await seedThread(plain.library, 'latin', 'Mixed scripts', [
      {
        query: 'Café or кафе?',
        answer: 'A café [1] is кафе in Russian.',
        sources: [{ index: 1, title: 'Café', url: 'https://example.org/cafe' }],
      },
    ]);
    const response = await createClient(plain.create.url, await plain.create.token('latin')).exportThread(
      id,
      'pdf',
    );
    expect(response.status).toBe(200);
    const pdf = await readPdf(response.bytes);
    expect(pdf.text).toContain('A café [1] is ???? in Russian.');
    expect(pdf.text).toContain('https://example.org/cafe');
  });
});
