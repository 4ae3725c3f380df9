import type { ServerResponse } from 'node:http';
import { type FakeContext, type FakeRequest, type FakeServer, startFakeServer } from './fake-server.ts';
import { ARTICLE_HTML, bigHtml, NOT_HTML_BYTES } from './website-pages.ts';

export interface FakePage {
  status?: number;
  contentType?: string;
  body: string | Buffer;
  /** Wait before answering (ends early when the fake closes). */
  delayMs?: number;
  headers?: Record<string, string>;
}

export interface FakeWebsite extends FakeServer {
  /**
   * Serves `page` at `path` from now on, or 404 with null (a feed item or a page that disappears
   * between two syncs). Undone by `reset()`.
   */
  setPage(path: string, page: FakePage | null): void;
}

/** Where `/redirect-to-metadata` points: the cloud metadata address an SSRF guard must refuse. */
export const METADATA_URL = 'http://169.254.169.254/latest/meta-data/';

const html = 'text/html; charset=utf-8';

function defaultPages(): Record<string, FakePage> {
  return {
    '/article': { contentType: html, body: ARTICLE_HTML },
    '/big': { contentType: html, body: bigHtml() },
    '/slow': { contentType: html, body: ARTICLE_HTML, delayMs: 10_000 },
    '/redirect-to-metadata': {
      status: 302,
      contentType: html,
      body: '',
      headers: { location: METADATA_URL },
    },
    '/redirect-to-article': { status: 302, contentType: html, body: '', headers: { location: '/article' } },
    '/not-html': { contentType: 'application/octet-stream', body: NOT_HTML_BYTES },
  };
}

const NOT_FOUND: FakePage = {
  status: 404,
  contentType: html,
  body: '<!DOCTYPE html><html><head><title>Not Found</title></head><body><h1>Not Found</h1></body></html>',
};

/** Web pages for the reader: given paths override the defaults; anything else is 404. */
export async function startFakeWebsite(pages: Record<string, FakePage> = {}): Promise<FakeWebsite> {
  const initial = () => new Map(Object.entries({ ...defaultPages(), ...pages }));
  let site = initial();
  const handle = async (req: FakeRequest, res: ServerResponse, ctx: FakeContext) => {
    const page = site.get(req.path) ?? NOT_FOUND;
    if (page.delayMs && !(await ctx.sleep(page.delayMs))) return;
    res.writeHead(page.status ?? 200, {
      'content-type': page.contentType ?? html,
      'content-length': Buffer.byteLength(page.body),
      ...page.headers,
    });
    res.end(page.body);
  };
  const server = await startFakeServer(handle, {
    onReset: () => {
      site = initial();
    },
  });
  return {
    ...server,
    setPage(path, page) {
      if (page) site.set(path, page);
      else site.delete(path);
    },
  };
}
