import type { ReadPage } from '../clients/search-client.ts';
import { READ_BATCH } from '../clients/search-client.ts';
import {
  type Connector,
  type ConnectorTools,
  type SourceDocument,
  SourceError,
  type SourceListing,
  type UnreadableItem,
} from './connector.ts';
import { describeFetchFailure } from './fetch-reasons.ts';
import { isHttpUrl, looksLikeFeed, parseSitemap } from './sitemap.ts';

/** Sitemap files fetched at most per sync, whatever the depth allows (an index may list thousands). */
const MAX_SITEMAP_FILES = 50;

/** "notes%20v2.txt" from https://host/docs/notes%20v2.txt; the URL when its path has no name. */
function fileNameOf(url: string): string {
  const last = new URL(url).pathname.split('/').pop() ?? '';
  try {
    return decodeURIComponent(last) || url;
  } catch {
    return last || url;
  }
}

const mediaTypeOf = (contentType: string) => contentType.split(';')[0]?.trim().toLowerCase() ?? '';

function pageDocument(key: string, page: ReadPage): SourceDocument {
  const title = page.title.trim() || page.url;
  return {
    key,
    name: title,
    url: page.url,
    mediaType: 'text/plain',
    content: page.text.trim() ? `${title}\n\n${page.text}` : title,
  };
}

/** Reads pages through search-svc (readable text, SSRF-guarded), ten at a time. */
async function readAll(urls: string[], tools: ConnectorTools) {
  const documents: SourceDocument[] = [];
  const unreadable: UnreadableItem[] = [];
  for (let start = 0; start < urls.length; start += READ_BATCH) {
    const batch = urls.slice(start, start + READ_BATCH);
    const { pages, failures } = await tools.search.readPages(batch, tools.limits.maxChars);
    for (const page of pages) documents.push(pageDocument(page.url, page));
    for (const failure of failures) {
      unreadable.push({ key: failure.url, url: failure.url, reason: describeFetchFailure(failure.reason) });
    }
  }
  return { documents, unreadable };
}

/**
 * Walks a sitemap breadth-first: `<urlset>` pages are collected (http(s) only, each once, up to
 * maxDocuments), `<sitemapindex>` entries are followed up to sitemapDepth levels down. A sitemap
 * below the first that cannot be fetched or parsed makes the listing incomplete (nothing is
 * removed this time); the first one failing fails the sync.
 */
async function sitemapPages(
  root: { url: string; body: string },
  tools: ConnectorTools,
): Promise<{ pages: string[]; complete: boolean }> {
  const { maxDocuments, sitemapDepth, maxBytes } = tools.limits;
  const pages: string[] = [];
  const seenPages = new Set<string>();
  const seenSitemaps = new Set<string>([root.url]);
  const pending: { url: string; depth: number; body?: string }[] = [{ ...root, depth: 0 }];
  let complete = true;
  let fetched = 0;
  while (pending.length > 0 && pages.length < maxDocuments) {
    const next = pending.shift() as { url: string; depth: number; body?: string };
    let body = next.body;
    if (body === undefined) {
      if (fetched >= MAX_SITEMAP_FILES) {
        complete = false;
        break;
      }
      fetched += 1;
      const raw = await tools.search.fetchRaw(next.url, maxBytes);
      if ('failure' in raw) {
        complete = false;
        continue;
      }
      body = raw.document.body;
    }
    const sitemap = parseSitemap(body);
    if (!sitemap) {
      if (next.depth === 0) {
        throw new SourceError(
          looksLikeFeed(body)
            ? `${next.url} is an RSS or Atom feed: add it as an "rss" connector`
            : `${next.url} is XML but not a sitemap (<urlset> or <sitemapindex>)`,
        );
      }
      complete = false;
      continue;
    }
    for (const loc of sitemap.locs) {
      if (!isHttpUrl(loc)) continue;
      if (sitemap.kind === 'urlset') {
        if (pages.length >= maxDocuments) break;
        if (seenPages.has(loc)) continue;
        seenPages.add(loc);
        pages.push(loc);
      } else if (next.depth < sitemapDepth && !seenSitemaps.has(loc)) {
        seenSitemaps.add(loc);
        pending.push({ url: loc, depth: next.depth + 1 });
      }
    }
  }
  return { pages, complete };
}

/**
 * `web`: a page URL (one document, its readable text), or a sitemap.xml URL (every page it lists,
 * following sitemap indexes), or a plain-text document. The URL is first read as a page; only
 * when it is not HTML is it fetched raw and looked at as a sitemap.
 */
export const webConnector: Connector = {
  type: 'web',
  async listDocuments(source, tools): Promise<SourceListing> {
    const first = await tools.search.readPages([source.url], tools.limits.maxChars);
    const page = first.pages[0];
    if (page) return { documents: [pageDocument(source.url, page)], unreadable: [], complete: true };
    const reason = first.failures[0]?.reason ?? 'network_error';
    if (reason !== 'not_html') throw new SourceError(`${source.url}: ${describeFetchFailure(reason)}`);

    const raw = await tools.search.fetchRaw(source.url, tools.limits.maxBytes);
    if ('failure' in raw) throw new SourceError(`${source.url}: ${describeFetchFailure(raw.failure.reason)}`);
    const { document } = raw;
    const type = mediaTypeOf(document.contentType);
    if (type === 'text/plain') {
      const text = document.body.trim().slice(0, tools.limits.maxChars);
      if (!text) return { documents: [], unreadable: [], complete: true };
      const name = fileNameOf(document.url);
      return {
        documents: [{ key: source.url, name, url: document.url, mediaType: 'text/plain', content: text }],
        unreadable: [],
        complete: true,
      };
    }
    if (type.endsWith('xml')) {
      const { pages, complete } = await sitemapPages({ url: document.url, body: document.body }, tools);
      const read = await readAll(pages, tools);
      return { ...read, complete };
    }
    throw new SourceError(`${source.url}: ${describeFetchFailure('not_text')}`);
  },
};
