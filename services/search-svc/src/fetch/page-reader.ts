import { readableText } from '@perplexica/documents';
import { createGuardedFetcher, FetchRefused, type FetchRequest } from './guarded-fetch.ts';

export interface PageReaderOptions {
  /** host:port pairs that may be private (FETCH_ALLOW_PRIVATE_HOSTS); "*" allows everything. */
  allowPrivateHosts: string[];
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
}

export interface ReadPage {
  url: string;
  title: string;
  text: string;
  truncated: boolean;
}

export interface FetchFailure {
  url: string;
  reason: string;
}

export type ReadOutcome = { page: ReadPage } | { failure: FetchFailure };

/** A text document as it was served: what connectors parse themselves (feeds, sitemaps). */
export interface RawDocument {
  /** The final URL, after redirects. */
  url: string;
  status: number;
  /** The Content-Type header as sent. */
  contentType: string;
  body: string;
}

export type RawOutcome = { document: RawDocument } | { failure: FetchFailure };

export interface PageReader {
  read(url: string, maxChars: number): Promise<ReadOutcome>;
  /** The body of a text document (HTML, XML, feeds, plain text), at most maxBytes of it. */
  readRaw(url: string, maxBytes?: number): Promise<RawOutcome>;
  close(): Promise<void>;
}

const htmlPage: FetchRequest = {
  accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1',
  types: ['text/html', 'application/xhtml+xml'],
  wrongTypeReason: 'not_html',
};

/** The text types a raw fetch hands back: pages, sitemaps, RSS and Atom feeds, plain text. */
export const rawTextTypes = [
  'text/html',
  'application/xhtml+xml',
  'application/xml',
  'text/xml',
  'application/rss+xml',
  'application/atom+xml',
  'text/plain',
] as const;

const rawText: FetchRequest = {
  accept:
    'application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,text/html;q=0.8,text/plain;q=0.5',
  types: rawTextTypes,
  wrongTypeReason: 'not_text',
};

/**
 * Reads web pages for the researcher through the guarded fetch (SSRF guard, redirects re-checked,
 * size and time limits; see guarded-fetch.ts) and returns each page's readable text. readRaw
 * returns a text document as served, for callers that parse it themselves.
 */
export function createPageReader(options: PageReaderOptions): PageReader {
  const fetcher = createGuardedFetcher(options);

  return {
    async read(url, maxChars) {
      try {
        const fetched = await fetcher.fetchText(url, htmlPage);
        const { title, text } = readableText(fetched.text, fetched.url.href);
        const truncated = text.length > maxChars;
        return { page: { url, title, text: truncated ? text.slice(0, maxChars) : text, truncated } };
      } catch (error) {
        if (error instanceof FetchRefused) return { failure: { url, reason: error.reason } };
        throw error;
      }
    },
    async readRaw(url, maxBytes) {
      try {
        const fetched = await fetcher.fetchText(url, {
          ...rawText,
          ...(maxBytes === undefined ? {} : { maxBytes }),
        });
        return {
          document: {
            url: fetched.url.href,
            status: fetched.status,
            contentType: fetched.contentType,
            body: fetched.text,
          },
        };
      } catch (error) {
        if (error instanceof FetchRefused) return { failure: { url, reason: error.reason } };
        throw error;
      }
    },
    close: () => fetcher.close(),
  };
}
