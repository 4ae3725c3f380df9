import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, internal, type SearchServiceUnderTest, startSearchService } from './harness.ts';

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, '../../..');

async function tinyPdf(text: string, title: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage([400, 200]).drawText(text, { x: 20, y: 150, size: 12, font });
  return pdf.save();
}

describe('local engine (no SearXNG configured)', () => {
  let service: SearchServiceUnderTest;
  let folder: string;
  const ingest = () =>
    run(process.execPath, [join(repoRoot, 'scripts/ingest.ts'), folder], {
      cwd: repoRoot,
      env: { ...process.env, POSTGRES_URL: service.postgresUrl, DB_SCHEMA: service.schema },
    });

  beforeAll(async () => {
    service = await startSearchService({ SEARXNG_URL: '' });
    folder = await mkdtemp(join(tmpdir(), 'search-ingest-'));
    await writeFile(join(folder, 'fusion.txt'), 'Tokamak reactors confine plasma with magnetic fields.');
    await writeFile(
      join(folder, 'solar.md'),
      '# Solar panels\n\nPhotovoltaic cells turn sunlight into electricity.',
    );
    await writeFile(
      join(folder, 'wind.html'),
      `<html><head><title>Wind power</title><script>var tracker = 'noise';</script></head><body>
       <nav>Home | About | Contact</nav>
       <article><h1>Wind power</h1><p>Offshore turbines harvest steady sea winds and feed the grid with
       renewable electricity for coastal cities, a growing share of the energy mix.</p></article></body></html>`,
    );
    await writeFile(
      join(folder, 'geology.pdf'),
      await tinyPdf('Basalt columns form when lava cools slowly.', 'Basalt'),
    );
    await writeFile(join(folder, 'ignored.bin'), 'not a document');
  });
  afterAll(async () => {
    await service?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('pnpm ingest adds txt, md, html and pdf files and prints a summary', async () => {
    const { stdout } = await ingest();
    expect(stdout).toContain('4 added, 0 updated, 0 unchanged, 0 duplicate, 0 failed, 1 skipped');
  });

  it('a second ingest of the same files keeps one row each', async () => {
    const { stdout } = await ingest();
    expect(stdout).toContain('0 added, 0 updated, 4 unchanged');
    const stats = await call(`${service.url}/internal/v1/documents/stats`);
    expect(stats.status).toBe(200);
    expect(stats.body.documents).toBe(4);
  });

  it('an edited file is updated in place, not added again', async () => {
    await writeFile(
      join(folder, 'fusion.txt'),
      'Tokamak reactors confine hot plasma with strong magnetic fields.',
    );
    const { stdout } = await ingest();
    expect(stdout).toContain('0 added, 1 updated, 3 unchanged');
    expect((await call(`${service.url}/internal/v1/documents/stats`)).body.documents).toBe(4);
  });

  it('pnpm ingest names a missing path and exits 2 without touching the index', async () => {
    const missing = join(folder, 'no-such-folder');
    const failed = await run(process.execPath, [join(repoRoot, 'scripts/ingest.ts'), missing], {
      cwd: repoRoot,
      env: { ...process.env, POSTGRES_URL: service.postgresUrl, DB_SCHEMA: service.schema },
    }).catch((error: { code: number; stdout: string }) => error);
    expect('code' in failed && failed.code).toBe(2);
    expect(failed.stdout).toContain(`no such file or folder: ${missing}`);
    expect((await call(`${service.url}/internal/v1/documents/stats`)).body.documents).toBe(4);
  });

  it('every focus searches the local documents, with a snippet around the match', async () => {
    for (const focus of ['web', 'local', 'academic']) {
      const response = await internal(service.url, 'search', { query: 'magnetic plasma', focus });
      expect(response.status).toBe(200);
      expect(response.body.backend).toBe('local');
      expect(response.body.results).toHaveLength(1);
      expect(response.body.results[0]).toMatchObject({
        title: 'fusion.txt',
        engines: ['local'],
        publishedDate: null,
        thumbnail: null,
      });
      expect(response.body.results[0].url).toMatch(/^file:\/\/.*fusion\.txt$/);
      expect(response.body.results[0].snippet).toContain('plasma');
    }
  });

  it('finds text from PDF, Markdown (stemmed) and the readable part of HTML', async () => {
    const pdf = await internal(service.url, 'search', { query: 'basalt lava', focus: 'local' });
    expect(pdf.body.results.map((r: { title: string }) => r.title)).toEqual(['Basalt']);
    const md = await internal(service.url, 'search', { query: 'photovoltaic cell', focus: 'local' });
    expect(md.body.results.map((r: { title: string }) => r.title)).toEqual(['Solar panels']);
    const html = await internal(service.url, 'search', { query: 'offshore turbines', focus: 'local' });
    expect(html.body.results.map((r: { title: string }) => r.title)).toEqual(['Wind power']);
    const noise = await internal(service.url, 'search', { query: 'tracker', focus: 'local' });
    expect(noise.body.results).toEqual([]);
  });

  it('answers a question in plain words even when the document lacks some of them, best match first', async () => {
    // "make" and "how" are in no document: every word required would find nothing.
    const response = await internal(service.url, 'search', {
      query: 'How do solar panels make electricity from sunlight?',
      focus: 'local',
    });
    expect(response.status).toBe(200);
    const titles = response.body.results.map((r: { title: string }) => r.title);
    expect(titles[0]).toBe('Solar panels');
    // Wind power mentions electricity too, so it may follow; the fusion text shares no word.
    expect(titles).not.toContain('fusion.txt');
    // Operators keep their exact meaning: an exclusion still excludes.
    const excluded = await internal(service.url, 'search', {
      query: 'electricity -sunlight',
      focus: 'local',
    });
    expect(excluded.body.results.map((r: { title: string }) => r.title)).toEqual(['Wind power']);
  });

  it('queries of only punctuation, operators or stop words answer 200 with no results', async () => {
    for (const query of ['!!!', "'", '& | !', 'the of and', '"unclosed quote', '-']) {
      const response = await internal(service.url, 'search', { query, focus: 'local' });
      expect(response.status).toBe(200);
      expect(response.body.results).toEqual([]);
      // The index is not empty, so there is nothing to tell the user about it.
      expect(response.body.notice).toBeUndefined();
    }
  });

  it('POST /internal/v1/documents ingests one document, idempotently', async () => {
    const doc = {
      url: 'https://notes.example/quasars',
      title: 'Quasars',
      content: 'Quasars are luminous galactic nuclei.',
    };
    const first = await internal(service.url, 'documents', doc);
    expect(first.status).toBe(201);
    expect(first.body.status).toBe('added');
    const again = await internal(service.url, 'documents', doc);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ id: first.body.id, status: 'unchanged' });
    const copy = await internal(service.url, 'documents', { ...doc, url: 'https://mirror.example/q' });
    expect(copy.body.status).toBe('duplicate');
    const found = await internal(service.url, 'search', { query: 'luminous quasar', focus: 'local' });
    expect(found.body.results[0].url).toBe('https://notes.example/quasars');
  });

  it('research on the local backend reads pages from the stored documents', async () => {
    const response = await internal(service.url, 'research', {
      queries: ['basalt', 'tokamak'],
      readPages: 2,
    });
    expect(response.status).toBe(200);
    expect(response.body.backend).toBe('local');
    expect(response.body.results).toHaveLength(2);
    expect(response.body.pages.map((p: { title: string }) => p.title).sort()).toEqual([
      'Basalt',
      'fusion.txt',
    ]);
    expect(response.body.failures).toEqual([]);
  });

  it('rejects bad documents with a clear 400', async () => {
    const missing = await internal(service.url, 'documents', { url: 'x', title: 'y', content: '   ' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('validation_failed');
    expect(missing.body.error.message).toContain('content');
  });

  it('the patents route says SearXNG is needed instead of searching local files', async () => {
    const response = await call(`${service.url}/api/v1/patents?q=battery`, {
      token: await service.userToken(),
      serviceToken: null,
    });
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('not_configured');
    expect(response.body.error.message).toContain('google_patents');
  });
});
