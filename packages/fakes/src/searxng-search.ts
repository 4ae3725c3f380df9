import type { FixtureDocument } from './searxng-corpus.ts';
import { keywords } from './words.ts';

/** One result exactly as SearXNG's `format=json` writes it. */
export interface SearxngResult {
  url: string;
  title: string;
  content: string;
  engine: string;
  engines: string[];
  /** Python's urlparse tuple: scheme, netloc, path, params, query, fragment. */
  parsed_url: [string, string, string, string, string, string];
  template: string;
  positions: number[];
  score: number;
  category: string;
  publishedDate: string | null;
  thumbnail?: string;
  img_src?: string;
  iframe_src?: string;
  thumbnail_src?: string;
  resolution?: string;
  img_format?: string;
  length?: string;
  author?: string;
}

export interface SearxngParams {
  q: string;
  categories?: string | undefined;
  engines?: string | undefined;
  time_range?: string | undefined;
  pageno?: string | undefined;
  /** 0 off (SearXNG's default), 1 moderate, 2 strict; either of the last two drops adult documents. */
  safesearch?: string | undefined;
}

export const PAGE_SIZE = 10;
/** Real instances keep google_patents off unless asked for by name. */
const OPT_IN_ENGINES = new Set(['google_patents']);
const RANGE_MS: Record<string, number> = {
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 31 * 86_400_000,
  year: 366 * 86_400_000,
};

/** A document with its keywords worked out once, not per query. */
export interface IndexedDocument {
  doc: FixtureDocument;
  terms: Set<string>;
  titleTerms: Set<string>;
}

export function indexCorpus(corpus: readonly FixtureDocument[]): IndexedDocument[] {
  return corpus.map((doc) => ({
    doc,
    terms: new Set(keywords(`${doc.title} ${doc.content}`)),
    titleTerms: new Set(keywords(doc.title)),
  }));
}

/** A host without `www.` and a trailing dot, lower-case, so `www.nasa.gov` and `nasa.gov` compare equal. */
const bareHost = (host: string) =>
  host
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^www\./, '');

/**
 * The `site:` operators of a query, as Google and Bing read them: `site:a OR site:b` keeps pages
 * on either site (or their subdomains), `-site:c` drops pages on c. `text` is the query without
 * them (and without `OR`), so the operators never count as words to match.
 */
export function siteOperators(q: string): { text: string; allow: string[]; deny: string[] } {
  const allow: string[] = [];
  const deny: string[] = [];
  const rest: string[] = [];
  for (const token of q.split(/\s+/).filter(Boolean)) {
    const match = /^\(?(-?)site:([^\s()]+)\)?$/i.exec(token);
    if (match) (match[1] ? deny : allow).push(bareHost(match[2] as string));
    else if (token !== 'OR') rest.push(token);
  }
  return { text: rest.join(' '), allow, deny };
}

function onSites(url: string, sites: string[]): boolean {
  const host = bareHost(new URL(url).hostname);
  return sites.some((site) => host === site || host.endsWith(`.${site}`));
}

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);

/**
 * Every match for the query, best first (score ties keep corpus order). `site:` operators are
 * honoured unless `honourSiteOperators` is false (an engine that ignores them, as some do).
 */
export function matchDocuments(
  index: readonly IndexedDocument[],
  params: SearxngParams,
  now = Date.now(),
  honourSiteOperators = true,
): { doc: FixtureDocument; score: number }[] {
  const sites = siteOperators(params.q);
  const queryTerms = [...new Set(keywords(sites.text))];
  if (queryTerms.length === 0) return [];
  const engines = list(params.engines);
  const categories = list(params.categories);
  const maxAge = params.time_range ? RANGE_MS[params.time_range] : undefined;
  const safe = (Number.parseInt(params.safesearch ?? '0', 10) || 0) >= 1;
  const matches: { doc: FixtureDocument; score: number }[] = [];
  for (const { doc, terms, titleTerms } of index) {
    if (engines.length > 0) {
      if (!doc.engines.some((engine) => engines.includes(engine))) continue;
    } else {
      if (doc.engines.every((engine) => OPT_IN_ENGINES.has(engine))) continue;
      if (categories.length > 0 && !categories.includes(doc.category)) continue;
    }
    if (safe && doc.adult) continue;
    if (honourSiteOperators && sites.allow.length > 0 && !onSites(doc.url, sites.allow)) continue;
    if (honourSiteOperators && onSites(doc.url, sites.deny)) continue;
    if (maxAge !== undefined && doc.publishedDate && now - Date.parse(doc.publishedDate) > maxAge) continue;
    let hits = 0;
    let titleHits = 0;
    for (const term of queryTerms) {
      if (terms.has(term)) hits++;
      if (titleTerms.has(term)) titleHits++;
    }
    if (hits === 0) continue;
    // Fraction of the query covered, plus a little for title hits and for being found by many engines,
    // roughly like SearXNG's own score (which grows with engine count and falls with position).
    const score =
      hits / queryTerms.length + 0.25 * (titleHits / queryTerms.length) + 0.05 * doc.engines.length;
    matches.push({ doc, score: Math.round(score * 1000) / 1000 });
  }
  return matches.sort((a, b) => b.score - a.score);
}

export function pageOf<T>(items: readonly T[], pageno: string | undefined): T[] {
  const page = Math.max(1, Number.parseInt(pageno ?? '1', 10) || 1);
  return items.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
}

export function toSearxngResult(doc: FixtureDocument, score: number, position: number): SearxngResult {
  const parsed = new URL(doc.url);
  const result: SearxngResult = {
    url: doc.url,
    title: doc.title,
    content: doc.content,
    engine: doc.engines[0] ?? 'google',
    engines: [...doc.engines],
    parsed_url: [
      parsed.protocol.replace(':', ''),
      parsed.host,
      parsed.pathname,
      '',
      parsed.search.replace('?', ''),
      parsed.hash.replace('#', ''),
    ],
    // SearXNG renders (and names) image and video results with their own templates.
    template:
      doc.category === 'images' ? 'images.html' : doc.category === 'videos' ? 'videos.html' : 'default.html',
    positions: doc.engines.map(() => position),
    score,
    category: doc.category,
    publishedDate: doc.publishedDate,
  };
  if (doc.thumbnail) result.thumbnail = doc.thumbnail;
  if (doc.img_src) result.img_src = doc.img_src;
  if (doc.iframe_src) result.iframe_src = doc.iframe_src;
  for (const field of ['thumbnail_src', 'resolution', 'img_format', 'length', 'author'] as const) {
    const value = doc[field];
    if (value) result[field] = value;
  }
  return result;
}
