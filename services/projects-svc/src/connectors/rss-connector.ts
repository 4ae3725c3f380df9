import { extractFromXml, type FeedData } from '@extractus/feed-extractor';
import { htmlToText } from '@perplexica/documents';
import { type Connector, type SourceDocument, SourceError } from './connector.ts';
import { describeFetchFailure } from './fetch-reasons.ts';
import { isHttpUrl } from './sitemap.ts';

/** The text of an XML node as fast-xml-parser gives it: a string, or an object holding "#text". */
function nodeText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  const text = (value as { '#text'?: unknown } | null)?.['#text'];
  return typeof text === 'string' ? text : '';
}

/** An Atom feed without entries is still a feed (feed-extractor calls it unrecognized). */
const isEmptyAtom = (xml: string) => /<feed[\s>]/.test(xml) && !/<entry[\s>]/.test(xml);

function parseFeed(xml: string, baseUrl: string): FeedData {
  return extractFromXml(xml, {
    // Whole descriptions, not the first 250 characters.
    descriptionMaxLen: 0,
    baseUrl,
    // The full body when the feed carries one: RSS content:encoded, Atom content.
    getExtraEntryFields: (entry) => ({ body: nodeText(entry['content:encoded'] ?? entry.content) }),
  });
}

/**
 * `rss`: an RSS 2.0 or Atom feed (RDF too); every item becomes a document made of its title, date
 * and body (the full content when the feed has it, else its description). Items are keyed by their
 * guid / Atom id, so an edited item replaces its earlier copy and a dropped one is removed.
 */
export const rssConnector: Connector = {
  type: 'rss',
  async listDocuments(source, tools) {
    const raw = await tools.search.fetchRaw(source.url, tools.limits.maxBytes);
    if ('failure' in raw) throw new SourceError(`${source.url}: ${describeFetchFailure(raw.failure.reason)}`);
    const { document } = raw;
    let feed: FeedData;
    try {
      feed = parseFeed(document.body, document.url);
    } catch (error) {
      if (isEmptyAtom(document.body)) return { documents: [], unreadable: [], complete: true };
      throw new SourceError(`${source.url} is not an RSS or Atom feed (${(error as Error).message})`);
    }
    const documents: SourceDocument[] = [];
    const keys = new Set<string>();
    for (const entry of feed.entries ?? []) {
      if (documents.length >= tools.limits.maxDocuments) break;
      const link = typeof entry.link === 'string' && isHttpUrl(entry.link) ? entry.link : '';
      const key = (typeof entry.id === 'string' && entry.id.trim()) || link;
      if (!key || keys.has(key)) continue;
      keys.add(key);
      const title = (entry.title ?? '').trim() || link || 'Untitled item';
      const body = htmlToText(
        typeof entry.body === 'string' && entry.body.trim() ? entry.body : (entry.description ?? ''),
      );
      const header = entry.published ? `${title}\nPublished ${entry.published}` : title;
      documents.push({
        key,
        name: title,
        url: link || document.url,
        mediaType: 'text/plain',
        content: `${header}\n\n${body}`.trim().slice(0, tools.limits.maxChars),
      });
    }
    return { documents, unreadable: [], complete: true };
  },
};
