import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { callJson } from '@perplexica/testing';
import { createParser } from 'eventsource-parser';
import { Client as MinioClient } from 'minio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/index.ts';
import { eventually, freePortOffset, type LaunchedStack, launchStack } from './launch.ts';

const run = promisify(execFile);

// The newcomer's path: `pnpm start` with nothing configured (embedded Postgres, a local
// redis-server, a local S3 store, the local search engine, the extractive answerer), then
// `pnpm ingest`, then a question through the gateway.
let stack: LaunchedStack;
let dataDir: string;
let docs: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'perplexica-stack-'));
  docs = await mkdtemp(join(tmpdir(), 'perplexica-docs-'));
  stack = await launchStack({
    PERPLEXICA_DATA_DIR: dataDir,
    // The browser tests build and open the web app; these do not need it.
    PERPLEXICA_SKIP_WEB_BUILD: 'true',
    PERPLEXICA_PORT_OFFSET: String(await freePortOffset()),
  });
});
afterAll(async () => {
  await stack?.interrupt();
  await rm(dataDir, { recursive: true, force: true });
  await rm(docs, { recursive: true, force: true });
});

async function ask(token: string, query: string) {
  const response = await fetch(`${stack.url}/api/v1/chat`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  expect(response.status).toBe(200);
  const events: { event: string; data: any }[] = [];
  const parser = createParser({
    onEvent: (event) => events.push({ event: event.event ?? 'message', data: JSON.parse(event.data) }),
  });
  const decoder = new TextDecoder();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    parser.feed(decoder.decode(chunk, { stream: true }));
  }
  return events;
}

describe('pnpm start on a fresh machine', () => {
  it('prints one ready line, then what backs each external system', () => {
    const output = stack.output();
    expect(output).toMatch(/\[start\] Perplexica is ready at http:\/\/127\.0\.0\.1:\d+ \(in [\d.]+ s\)/);
    expect(output).toMatch(/postgres\s+embedded Postgres on 127\.0\.0\.1:\d+/);
    expect(output).toMatch(/redis\s+local redis-server on 127\.0\.0\.1:\d+/);
    expect(output).toMatch(/object store\s+local S3-compatible store \(s3rver\)/);
    expect(output).toMatch(/search\s+local engine, no documents yet: add some with `pnpm ingest <folder>`/);
    expect(output).toMatch(/model\s+extractive/);
    for (const service of ['auth-svc', 'chat-svc', 'search-svc', 'library-svc', 'gateway']) {
      expect(output).toMatch(new RegExp(`services .*${service} \\d+ \\([\\d.]+ s\\)`));
    }
    // Service logs come prefixed with the service's name.
    expect(output).toMatch(/^\[search-svc\] \{/m);
  });

  it('signs up, ingests a document and answers a question about it with a citation, through the gateway', async () => {
    const signup = await callJson(`${stack.url}/api/v1/auth/signup`, {
      body: { email: 'newcomer@example.com', password: 'a long enough passphrase 42' },
    });
    expect(signup.status).toBe(201);
    const token = signup.body.accessToken as string;

    // Before anything is ingested, the answer says how to add documents.
    const empty = await ask(token, 'What is the boiling point of a Zorblax crystal?');
    expect(empty.find((e) => e.event === 'meta')?.data.searchNotice).toContain('pnpm ingest');

    await writeFile(
      join(docs, 'zorblax.md'),
      '# Zorblax crystals\n\nA Zorblax crystal melts at 412 degrees Celsius and boils at 1,280 degrees Celsius. ' +
        'They were first grown in a laboratory in Tartu in 2019 by a team of materials scientists.\n',
    );
    const ingest = await run(process.execPath, [join(repoRoot, 'scripts', 'ingest.ts'), docs], {
      cwd: repoRoot,
      env: { ...process.env, PERPLEXICA_DATA_DIR: dataDir, POSTGRES_URL: '' },
    });
    expect(ingest.stdout).toContain('1 added');

    const events = await ask(token, 'What is the boiling point of a Zorblax crystal?');
    const sources = events.find((e) => e.event === 'sources')?.data.sources as { n: number; url: string }[];
    expect(sources[0]?.url).toMatch(/^file:\/\/.*zorblax\.md$/);
    const answer = events
      .filter((e) => e.event === 'delta')
      .map((e) => e.data.text)
      .join('');
    expect(answer).toContain('boils at 1,280 degrees Celsius');
    expect(answer).toContain('[1]');
    expect(events.at(-1)?.event).toBe('done');

    const library = await callJson(`${stack.url}/api/v1/library/threads`, { token });
    expect(library.body.threads.map((t: { title: string }) => t.title)).toContain(
      'What is the boiling point of a Zorblax crystal?',
    );
  });

  it('runs an S3-compatible store the real minio client can use, multipart uploads included', async () => {
    const port = Number(
      /object store\s+local S3-compatible store \(s3rver\) on 127\.0\.0\.1:(\d+)/.exec(stack.output())?.[1],
    );
    const minio = new MinioClient({
      endPoint: '127.0.0.1',
      port,
      useSSL: false,
      accessKey: 'S3RVER',
      secretKey: 'S3RVER',
    });
    if (!(await minio.bucketExists('stack-test'))) await minio.makeBucket('stack-test');
    // A stream of unknown length: the client lists multipart uploads first, then uploads in parts.
    const body = Buffer.alloc(12 * 1024 * 1024, 'x');
    await minio.putObject(
      'stack-test',
      'big.bin',
      Readable.from([body.subarray(0, 6e6), body.subarray(6e6)]),
    );
    const chunks: Buffer[] = [];
    for await (const chunk of await minio.getObject('stack-test', 'big.bin')) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(body)).toBe(true);
  });

  it('stops everything on Ctrl-C', async () => {
    const url = stack.url;
    expect(await stack.interrupt()).toBe(0);
    expect(stack.output()).toContain('[start] stopping');
    const down = await eventually(() =>
      fetch(`${url}/health`).then(
        () => false,
        () => true,
      ),
    );
    expect(down).toBe(true);
  });
});
