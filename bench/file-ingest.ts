// Files: how fast an uploaded PDF becomes searchable (pages/s of a 100-page PDF, upload to ready),
// and how fast file search answers over 10,000 chunks (p50/p99, cold and warm).
// Run with `node bench/file-ingest.ts` (or `pnpm bench`).
//
// upload-svc runs as a child process from its own main.ts, exactly as `pnpm start` and K3s run
// it, against the machine's Postgres (a fresh schema) and Redis (a fresh prefix), with s3rver as
// the object store and the local embedder (no model). Knobs: BENCH_PDF_PAGES (100),
// BENCH_PDF_RUNS (3), BENCH_SEARCH_CHUNKS (10000), BENCH_SEARCHES (500).
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalObjectStore } from '@perplexica/local-stack/object-store';
import {
  freePort,
  freshRedisPrefix,
  freshSchema,
  generateSigningKeyPair,
  signTestAccessToken,
} from '@perplexica/testing';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { cpuPerUnit, cpuSnapshot } from './support/cpu-usage.ts';
import { type RunningChild, startServiceProcess } from './support/service-process.ts';

const PDF_PAGES = Number(process.env.BENCH_PDF_PAGES ?? 100);
const PDF_RUNS = Number(process.env.BENCH_PDF_RUNS ?? 3);
const SEARCH_CHUNKS = Number(process.env.BENCH_SEARCH_CHUNKS ?? 10_000);
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 500);
const SERVICE_TOKEN = 'bench-service-token-0123456789abcdef';
const CHUNK_CHARS = 1_200;

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);
const round = (value: number) => Math.round(value * 10) / 10;

/** A seeded generator, so every run builds the same documents and asks the same questions. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// A vocabulary shaped like real text: real words first, then made-up ones, drawn with Zipf's law
// (the word of rank r appears in proportion to 1/r), so a few words are everywhere and most are
// rare, as in documents. A uniform draw from a small list would make every query match every
// chunk, which no real corpus does.
const realWords = (
  'research report analysis energy solar battery grid storage turbine wind hydrogen policy market ' +
  'price demand supply customer contract invoice payment budget forecast revenue margin growth ' +
  'employee vacation expense travel office security network server database backup recovery ' +
  'incident audit compliance privacy consent regulation standard quality testing release feature ' +
  'design prototype experiment sample measurement sensor temperature pressure velocity chemistry ' +
  'protein enzyme cell tissue patient clinical trial dosage outcome method result limitation ' +
  'history river mountain climate rainfall harvest crop soil irrigation fertilizer yield region'
).split(' ');
const syllables = 'ka lo mi ne ru sa te vi do fa ge ho ju ki li mo na pe qu ri so tu ve wa xi yo ze'.split(
  ' ',
);
const vocabulary = [...realWords];
for (let a = 0; vocabulary.length < 4_000; a++) {
  const word = `${syllables[a % 27]}${syllables[Math.floor(a / 27) % 27]}${syllables[Math.floor(a / 729) % 27]}`;
  vocabulary.push(word);
}
const zipfCdf = (() => {
  const weights = vocabulary.map((_, rank) => 1 / (rank + 1));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let running = 0;
  return weights.map((weight) => (running += weight / total));
})();

function zipfWord(next: () => number): string {
  const target = next();
  let low = 0;
  let high = zipfCdf.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((zipfCdf[middle] as number) < target) low = middle + 1;
    else high = middle;
  }
  return vocabulary[low] as string;
}

/** What a passage is about: a handful of rarer words that come together, as a subject's terms do. */
interface Topic {
  id: number;
  words: string[];
}

function topics(next: () => number, count: number): Topic[] {
  return Array.from({ length: count }, (_, id) => ({
    id,
    words: Array.from({ length: 10 }, () => vocabulary[200 + Math.floor(next() * 3_800)] as string),
  }));
}

/** A sentence on a topic: a third of its words are the topic's, the rest everyday words. */
function sentence(next: () => number, topic: Topic): string {
  const length = 8 + Math.floor(next() * 12);
  const words = Array.from({ length }, () =>
    next() < 0.3 ? (topic.words[Math.floor(next() * topic.words.length)] as string) : zipfWord(next),
  );
  const text = words.join(' ');
  return `${text[0]?.toUpperCase()}${text.slice(1)}.`;
}

function paragraph(next: () => number, topic: Topic, sentences: number): string {
  return Array.from({ length: sentences }, () => sentence(next, topic)).join(' ');
}

/** A question as people type it: three of the topic's words and one or two everyday ones. */
function question(next: () => number, topic: Topic): string {
  const words = [
    ...Array.from({ length: 3 }, () => topic.words[Math.floor(next() * topic.words.length)] as string),
    ...Array.from({ length: 1 + Math.floor(next() * 2) }, () => zipfWord(next)),
  ];
  return words.sort(() => next() - 0.5).join(' ');
}

/** A PDF of `pages` pages of ~350 words each, with text (not images), made with pdf-lib. */
async function bigPdf(pages: number): Promise<Uint8Array> {
  const next = random(42);
  const subjects = topics(next, 40);
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let index = 0; index < pages; index++) {
    const page = pdf.addPage([595, 842]);
    const words = paragraph(next, subjects[index % subjects.length] as Topic, 28).split(' ');
    let line = '';
    let y = 800;
    for (const word of words) {
      if ((line + word).length > 90) {
        page.drawText(line, { x: 40, y, size: 10, font });
        y -= 14;
        line = '';
      }
      line += `${word} `;
    }
    page.drawText(line, { x: 40, y, size: 10, font });
  }
  return pdf.save();
}

async function upload(
  base: string,
  token: string,
  name: string,
  bytes: Uint8Array | string,
): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]), name);
  const response = await fetch(`${base}/api/v1/upload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const body = (await response.json()) as { file?: { id: string }; error?: unknown };
  if (!body.file) throw new Error(`upload failed: ${response.status} ${JSON.stringify(body)}`);
  return body.file.id;
}

async function untilReady(base: string, token: string, fileId: string): Promise<{ chunks: number }> {
  // Bounded: ten minutes for a file means something is wrong.
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${base}/api/v1/upload/files/${fileId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const { file } = (await response.json()) as { file: { status: string; chunks: number; error: string } };
    if (file.status === 'ready') return file;
    if (file.status === 'failed') throw new Error(`processing failed: ${file.error}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('file not ready within 10 minutes');
}

async function main(): Promise<void> {
  const keys = generateSigningKeyPair();
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-files-'));
  const objects = await startLocalObjectStore({ configured: {}, dataDir });
  const schema = await freshSchema('upload');
  const redis = freshRedisPrefix('upload');
  let service: RunningChild | undefined;
  try {
    service = await startServiceProcess('upload-svc', await freePort(), {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      POSTGRES_URL: schema.url,
      DB_SCHEMA: schema.schema,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: redis.prefix,
      SERVICE_TOKEN,
      JWT_PUBLIC_KEY: keys.publicKeyPem,
      MINIO_ENDPOINT: objects.endpoint,
      MINIO_ACCESS_KEY: objects.accessKey,
      MINIO_SECRET_KEY: objects.secretKey,
      UPLOAD_BUCKET: 'bench-uploads',
      CHUNK_CHARS: String(CHUNK_CHARS),
      RATE_LIMITS: 'upload=100000/60s,default=1000000/60s',
    });
    const base = service.url;
    console.log('bench file-ingest: upload-svc (child process), s3rver, local embedder');
    console.log(`  ${availableParallelism()} cores, Node ${process.version}`);

    // 1. Ingest: a 100-page PDF from the upload request to `ready` (parse, chunk, embed, store).
    const pdf = await bigPdf(PDF_PAGES);
    const token = await signTestAccessToken({ privateKeyPem: keys.privateKeyPem, userId: 'bench-ingest' });
    console.log(
      `\n  ingest: a ${PDF_PAGES}-page PDF (${Math.round(pdf.length / 1024)} KB, ~350 words a page), ${PDF_RUNS} runs`,
    );
    const rates: number[] = [];
    for (let run = 0; run < PDF_RUNS; run++) {
      // A byte appended per run: the same bytes again would be answered as a duplicate.
      const bytes = new Uint8Array([...pdf, 0x0a + run]);
      const started = performance.now();
      const cpuBefore = cpuSnapshot({ 'upload-svc': service.pid });
      const fileId = await upload(base, token, `report-${run}.pdf`, bytes);
      const uploadedMs = performance.now() - started;
      const { chunks } = await untilReady(base, token, fileId);
      const totalMs = performance.now() - started;
      const cpuMs =
        cpuPerUnit(cpuBefore, cpuSnapshot({ 'upload-svc': service.pid }), 1).find(
          ([name]) => name === 'upload-svc',
        )?.[1] ?? 0;
      rates.push(PDF_PAGES / (totalMs / 1000));
      console.log(
        `    run ${run + 1}: upload ${round(uploadedMs)} ms, ready after ${round(totalMs)} ms → ${round(PDF_PAGES / (totalMs / 1000))} pages/s (${chunks} chunks, upload-svc CPU ${round(cpuMs)} ms)`,
      );
    }
    const sortedRates = [...rates].sort((a, b) => a - b);
    console.log(`    median ${round(percentile(sortedRates, 50))} pages/s`);

    // 2. Search: 10,000 chunks in one user's files, then queries through the internal route.
    const searcher = await signTestAccessToken({ privateKeyPem: keys.privateKeyPem, userId: 'bench-search' });
    const next = random(7);
    const subjects = topics(next, 400);
    const files = 10;
    // Chunks come out at ~900 characters with the default 200 of overlap.
    const charsPerFile = Math.ceil((SEARCH_CHUNKS * 720) / files);
    const fillStarted = performance.now();
    let chunksStored = 0;
    for (let index = 0; index < files; index++) {
      let text = '';
      while (text.length < charsPerFile) {
        text += `${paragraph(next, subjects[Math.floor(next() * subjects.length)] as Topic, 6)}\n\n`;
      }
      const fileId = await upload(base, searcher, `corpus-${index}.txt`, text);
      chunksStored += (await untilReady(base, searcher, fileId)).chunks;
    }
    console.log(
      `\n  search: ${chunksStored} chunks in ${files} files of one user (stored in ${round((performance.now() - fillStarted) / 1000)} s)`,
    );
    const queries = Array.from({ length: SEARCHES }, () =>
      question(next, subjects[Math.floor(next() * subjects.length)] as Topic),
    );
    const search = async (query: string) => {
      const started = performance.now();
      const response = await fetch(`${base}/internal/v1/search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-service-token': SERVICE_TOKEN },
        body: JSON.stringify({ userId: 'bench-search', query, limit: 8 }),
      });
      const body = (await response.json()) as { results?: unknown[] };
      if (!body.results) throw new Error(`search failed: ${response.status}`);
      return { ms: performance.now() - started, results: body.results.length };
    };
    const cold = await search(queries[0] as string);
    console.log(`    first query (loads the scope's vectors into the cache): ${round(cold.ms)} ms`);
    for (const [label, concurrency] of [
      ['one at a time', 1],
      ['8 at once', 8],
    ] as const) {
      const latencies: number[] = [];
      let empty = 0;
      let cursor = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (cursor < queries.length) {
            const query = queries[cursor++] as string;
            const { ms, results } = await search(query);
            latencies.push(ms);
            if (results === 0) empty++;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      console.log(
        `    ${label.padEnd(13)} ${latencies.length} queries: p50 ${round(percentile(latencies, 50))} ms, p99 ${round(percentile(latencies, 99))} ms, ${Math.round(latencies.length / seconds)} queries/s, ${empty} without results`,
      );
    }
  } finally {
    await service?.stop();
    await objects.stop();
    await redis.clear();
    await schema.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
