import type { ServerResponse } from 'node:http';
import { type FakeRequest, type FakeServer, sendJson, sendText, startFakeServer } from './fake-server.ts';
import { defaultSearxngCorpus, type FixtureDocument } from './searxng-corpus.ts';
import {
  indexCorpus,
  matchDocuments,
  pageOf,
  type SearxngParams,
  type SearxngResult,
  toSearxngResult,
} from './searxng-search.ts';

/**
 * - ok: answers searches.
 * - error500: 500 HTML, as when an instance crashes.
 * - html: 200 text/html whatever the format, as from a proxy or login page in front of it.
 * - forbidden: 403 HTML, what SearXNG does when `json` is not in `search.formats`.
 * - hang: accepts the request and never answers (until `close()`).
 */
export type SearxngMode = 'ok' | 'error500' | 'html' | 'forbidden' | 'hang';

export interface FakeSearxngOptions {
  corpus?: readonly FixtureDocument[];
  latencyMs?: number;
  /**
   * Answer as if the engines ignored `site:`/`-site:` in the query (some do): a caller's own
   * domain filtering must then hold by itself. Default false: the operators are honoured.
   */
  ignoreSiteOperators?: boolean;
}

export interface FakeSearxng extends FakeServer {
  setMode(mode: SearxngMode): void;
  /** Reported in `unresponsive_engines` of every answer, e.g. `[['google', 'timeout']]`. */
  setUnresponsiveEngines(engines: [string, string][]): void;
  /** Requests to /search so far, whatever the mode. */
  searchCount(): number;
}

export async function startFakeSearxng(options: FakeSearxngOptions = {}): Promise<FakeSearxng> {
  const index = indexCorpus(options.corpus ?? defaultSearxngCorpus);
  let mode: SearxngMode = 'ok';
  let unresponsive: [string, string][] = [];
  let searches = 0;

  const handle = (req: FakeRequest, res: ServerResponse) => {
    if (req.method === 'GET' && req.path === '/healthz') return sendText(res, 200, 'text/plain', 'OK');
    if (req.path !== '/search' || (req.method !== 'GET' && req.method !== 'POST')) {
      return sendText(res, 404, 'text/html; charset=utf-8', htmlPage('Not Found', '<p>Not Found</p>'));
    }
    searches++;
    switch (mode) {
      case 'hang':
        return;
      case 'error500':
        return sendText(
          res,
          500,
          'text/html; charset=utf-8',
          htmlPage('500', '<p>Internal Server Error</p>'),
        );
      case 'forbidden':
        return sendText(res, 403, 'text/html; charset=utf-8', htmlPage('403 Forbidden', '<p>Forbidden</p>'));
      default:
    }
    // SearXNG takes the same parameters from the query string or a form body.
    const params: Record<string, string> = {
      ...req.query,
      ...(req.body && typeof req.body === 'object' ? (req.body as Record<string, string>) : {}),
    };
    const format = params.format ?? 'html';
    if (!params.q) {
      if (format === 'json' && mode === 'ok') return sendJson(res, 400, { error: 'No query' });
      return sendText(res, 200, 'text/html; charset=utf-8', htmlPage('SearXNG', '<form id="search"></form>'));
    }
    const matches = matchDocuments(
      index,
      params as unknown as SearxngParams,
      Date.now(),
      !options.ignoreSiteOperators,
    );
    const results = pageOf(matches, params.pageno).map((match, i) =>
      toSearxngResult(match.doc, match.score, i + 1),
    );
    if (format !== 'json' || mode === 'html') {
      return sendText(res, 200, 'text/html; charset=utf-8', resultsPage(params.q, results));
    }
    sendJson(res, 200, {
      query: params.q,
      number_of_results: matches.length,
      results,
      answers: [],
      corrections: [],
      infoboxes: [],
      suggestions: [],
      unresponsive_engines: unresponsive.map(([engine, reason]) => [engine, reason]),
    });
  };

  const server = await startFakeServer(handle, {
    latencyMs: options.latencyMs,
    onReset: () => {
      mode = 'ok';
      unresponsive = [];
      searches = 0;
    },
  });
  return Object.assign(server, {
    setMode(next: SearxngMode) {
      mode = next;
    },
    setUnresponsiveEngines(engines: [string, string][]) {
      unresponsive = engines.map(([engine, reason]) => [engine, reason]);
    },
    searchCount: () => searches,
  });
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function htmlPage(title: string, body: string): string {
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
}

function resultsPage(query: string, results: SearxngResult[]): string {
  const items = results
    .map(
      (r) =>
        `<article class="result result-default"><a href="${escapeHtml(r.url)}" class="url_header"><h3>${escapeHtml(r.title)}</h3></a><p class="content">${escapeHtml(r.content)}</p></article>`,
    )
    .join('\n');
  return htmlPage(`${query} - SearXNG`, `<main id="results">${items}</main>`);
}
