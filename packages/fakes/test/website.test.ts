import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ARTICLE_PARAGRAPHS,
  ARTICLE_TITLE,
  BIG_PAGE_BYTES,
  type FakeWebsite,
  METADATA_URL,
  startFakeWebsite,
} from '../src/index.ts';

let site: FakeWebsite;
beforeAll(async () => {
  site = await startFakeWebsite({
    '/custom': { body: '{"ok":true}', contentType: 'application/json', headers: { 'x-custom': 'yes' } },
    '/gone': { status: 410, body: 'gone' },
    '/article': { body: '<html><body><p>overridden</p></body></html>' },
  });
});
afterAll(() => site.close());

describe('default pages', () => {
  it('serves a realistic article among page noise', async () => {
    const defaults = await startFakeWebsite();
    try {
      const response = await fetch(`${defaults.url}/article`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      const html = await response.text();
      expect(html).toContain(`<h1>${ARTICLE_TITLE}</h1>`);
      expect(ARTICLE_PARAGRAPHS).toHaveLength(4);
      for (const paragraph of ARTICLE_PARAGRAPHS) expect(html).toContain(paragraph);
      for (const noise of ['<nav', '<script', '<footer']) expect(html).toContain(noise);
    } finally {
      await defaults.close();
    }
  });

  it('serves a 5 MB page', async () => {
    const response = await fetch(`${site.url}/big`);
    expect(Number(response.headers.get('content-length'))).toBeGreaterThanOrEqual(BIG_PAGE_BYTES);
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThanOrEqual(BIG_PAGE_BYTES);
  });

  it('redirects to the cloud metadata address and to the article', async () => {
    const metadata = await fetch(`${site.url}/redirect-to-metadata`, { redirect: 'manual' });
    expect(metadata.status).toBe(302);
    expect(metadata.headers.get('location')).toBe(METADATA_URL);
    const article = await fetch(`${site.url}/redirect-to-article`);
    expect(article.url).toBe(`${site.url}/article`);
    expect(await article.text()).toContain('overridden');
  });

  it('serves bytes that are not HTML', async () => {
    const response = await fetch(`${site.url}/not-html`);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 2)]).toEqual([0x50, 0x4b]);
  });

  it('answers 404 for anything else', async () => {
    const response = await fetch(`${site.url}/nope`);
    expect(response.status).toBe(404);
    await response.body?.cancel();
  });

  it('holds /slow until the fake closes', async () => {
    const slow = await startFakeWebsite();
    const pending = fetch(`${slow.url}/slow`).then(
      () => 'answered',
      () => 'failed',
    );
    while (slow.calls.length === 0) await new Promise((resolve) => setImmediate(resolve));
    await slow.close();
    expect(await pending).toBe('failed');
  });
});

describe('given pages', () => {
  it('serves them with their status, type and headers, over the defaults', async () => {
    const custom = await fetch(`${site.url}/custom?x=1`);
    expect(custom.headers.get('content-type')).toBe('application/json');
    expect(custom.headers.get('x-custom')).toBe('yes');
    expect(await custom.json()).toEqual({ ok: true });
    const gone = await fetch(`${site.url}/gone`);
    expect(gone.status).toBe(410);
    expect(await gone.text()).toBe('gone');
    expect(site.calls.some((call) => call.path === '/custom' && call.query.x === '1')).toBe(true);
  });

  it('waits delayMs before answering', async () => {
    const delayed = await startFakeWebsite({ '/wait': { body: 'done', delayMs: 5 } });
    try {
      expect(await (await fetch(`${delayed.url}/wait`)).text()).toBe('done');
    } finally {
      await delayed.close();
    }
  });
});

describe('setPage', () => {
  it('adds, replaces and removes pages while running; reset() restores the start', async () => {
    const live = await startFakeWebsite({ '/feed': { body: 'v1', contentType: 'text/plain' } });
    try {
      live.setPage('/feed', { body: 'v2', contentType: 'text/plain' });
      live.setPage('/new', { body: 'new page' });
      expect(await (await fetch(`${live.url}/feed`)).text()).toBe('v2');
      expect(await (await fetch(`${live.url}/new`)).text()).toBe('new page');
      live.setPage('/new', null);
      live.setPage('/article', null);
      expect((await fetch(`${live.url}/new`)).status).toBe(404);
      expect((await fetch(`${live.url}/article`)).status).toBe(404);
      live.reset();
      expect(await (await fetch(`${live.url}/feed`)).text()).toBe('v1');
      expect((await fetch(`${live.url}/new`)).status).toBe(404);
      expect((await fetch(`${live.url}/article`)).status).toBe(200);
    } finally {
      await live.close();
    }
  });
});
