import type { MediaDetails, SearchResult, TimeRange, UnresponsiveEngine } from '../search/types.ts';
import { describeInstance, jsonFormatHint, SearxngError } from './searxng-errors.ts';

export interface SearxngQuery {
  query: string;
  categories?: string[] | undefined;
  engines?: string[] | undefined;
  language?: string | undefined;
  timeRange?: TimeRange | undefined;
  safesearch?: 0 | 1 | 2 | undefined;
  pageno: number;
}

export interface SearxngAnswer {
  results: SearchResult[];
  unresponsiveEngines: UnresponsiveEngine[];
}

/** The parts of SearXNG's /search?format=json we read; everything is optional on the wire. */
interface SearxngWireResult {
  url?: unknown;
  title?: unknown;
  content?: unknown;
  engine?: unknown;
  engines?: unknown;
  publishedDate?: unknown;
  pubdate?: unknown;
  thumbnail?: unknown;
  thumbnail_src?: unknown;
  img_src?: unknown;
  iframe_src?: unknown;
  resolution?: unknown;
  img_format?: unknown;
  length?: unknown;
  author?: unknown;
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
const nonEmpty = (value: unknown): string | null => text(value) || null;

function isoDate(value: unknown): string | null {
  if (typeof value !== 'string' || !value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** What image and video engines add; absent (not an empty object) for ordinary results. */
function mediaDetails(raw: SearxngWireResult): MediaDetails | undefined {
  const details: MediaDetails = {};
  const imageUrl = nonEmpty(raw.img_src);
  if (imageUrl && /^https?:\/\//i.test(imageUrl)) details.imageUrl = imageUrl;
  const embedUrl = nonEmpty(raw.iframe_src);
  if (embedUrl && /^https:\/\//i.test(embedUrl)) details.embedUrl = embedUrl;
  const resolution = nonEmpty(raw.resolution);
  if (resolution) details.resolution = resolution;
  const format = nonEmpty(raw.img_format);
  if (format) details.format = format;
  const duration = typeof raw.length === 'number' ? String(raw.length) : nonEmpty(raw.length);
  if (duration) details.duration = duration;
  const author = nonEmpty(raw.author);
  if (author) details.author = author;
  return Object.keys(details).length > 0 ? details : undefined;
}

export function normaliseSearxngResult(raw: SearxngWireResult): SearchResult | null {
  const url = text(raw.url);
  if (!/^https?:\/\//i.test(url)) return null;
  const engines = Array.isArray(raw.engines) ? raw.engines.filter((e) => typeof e === 'string') : [];
  if (engines.length === 0 && typeof raw.engine === 'string') engines.push(raw.engine);
  const media = mediaDetails(raw);
  return {
    title: text(raw.title) || url,
    url,
    snippet: text(raw.content),
    engines,
    publishedDate: isoDate(raw.publishedDate) ?? isoDate(raw.pubdate),
    thumbnail: nonEmpty(raw.thumbnail) ?? nonEmpty(raw.thumbnail_src) ?? nonEmpty(raw.img_src),
    ...(media ? { media } : {}),
  };
}

function searchUrl(baseUrl: string, query: SearxngQuery): URL {
  const url = new URL('search', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  url.searchParams.set('q', query.query);
  url.searchParams.set('format', 'json');
  url.searchParams.set('pageno', String(query.pageno));
  if (query.categories?.length) url.searchParams.set('categories', query.categories.join(','));
  if (query.engines?.length) url.searchParams.set('engines', query.engines.join(','));
  if (query.language) url.searchParams.set('language', query.language);
  if (query.timeRange) url.searchParams.set('time_range', query.timeRange);
  if (query.safesearch !== undefined) url.searchParams.set('safesearch', String(query.safesearch));
  return url;
}

/**
 * One call to one SearXNG instance. Throws SearxngError: `misconfigured` when the instance
 * answers 403 or HTML (JSON output not enabled, the most common self-hosting mistake), `failed`
 * for everything else (network, timeout, 5xx, 429 from its limiter, bad JSON).
 */
export async function searchSearxng(
  baseUrl: string,
  query: SearxngQuery,
  timeoutMs: number,
): Promise<SearxngAnswer> {
  const instance = describeInstance(baseUrl);
  let response: Response;
  try {
    response = await fetch(searchUrl(baseUrl, query), {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    throw new SearxngError(
      instance,
      'failed',
      timedOut
        ? `SearXNG at ${instance} did not answer within ${timeoutMs} ms`
        : `SearXNG at ${instance} is unreachable`,
      error,
    );
  }
  const type = response.headers.get('content-type') ?? '';
  if (response.status === 403) {
    await response.body?.cancel();
    throw new SearxngError(
      instance,
      'misconfigured',
      `SearXNG at ${instance} answered 403 Forbidden to format=json: ${jsonFormatHint}`,
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new SearxngError(instance, 'failed', `SearXNG at ${instance} answered ${response.status}`);
  }
  if (!type.toLowerCase().includes('json')) {
    await response.body?.cancel();
    throw new SearxngError(
      instance,
      'misconfigured',
      `SearXNG at ${instance} answered ${type.split(';')[0] || 'a non-JSON body'} instead of JSON: ${jsonFormatHint}`,
    );
  }
  let body: { results?: unknown; unresponsive_engines?: unknown };
  try {
    body = (await response.json()) as typeof body;
  } catch (error) {
    throw new SearxngError(instance, 'failed', `SearXNG at ${instance} answered invalid JSON`, error);
  }
  const rawResults = Array.isArray(body.results) ? (body.results as SearxngWireResult[]) : [];
  const unresponsive = Array.isArray(body.unresponsive_engines) ? body.unresponsive_engines : [];
  return {
    results: rawResults.map(normaliseSearxngResult).filter((r): r is SearchResult => r !== null),
    unresponsiveEngines: unresponsive
      .filter((entry): entry is [unknown, unknown] => Array.isArray(entry) && typeof entry[0] === 'string')
      .map(([engine, reason]) => ({ engine: engine as string, reason: text(reason) || 'unknown' })),
  };
}
