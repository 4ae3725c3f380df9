import type { Recency, SearchFilters, SearchResult, TimeRange } from './types.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** How far back each recency reaches: Sonar's definitions (past hour, 24 hours, 7, 30, 365 days). */
export const recencyMs: Record<Recency, number> = {
  hour: HOUR_MS,
  day: DAY_MS,
  week: 7 * DAY_MS,
  month: 30 * DAY_MS,
  year: 365 * DAY_MS,
};

// SearXNG's time ranges, narrowest first, with the span each covers at least.
const searxngRanges: [TimeRange, number][] = [
  ['day', DAY_MS],
  ['week', 7 * DAY_MS],
  ['month', 30 * DAY_MS],
  ['year', 365 * DAY_MS],
];

/**
 * Up to this many allowed domains are sent to the engines as `site:` terms. A longer OR-list is one
 * most engines mangle or refuse, so it is left to the post-filter alone.
 */
export const MAX_SITE_TERMS = 5;

/** A host as filters compare it: lower-case, no trailing dot, no `www.` (so www.nasa.gov is nasa.gov). */
export function bareHost(host: string): string {
  return host
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^www\./, '');
}

function hostOf(url: string): string | null {
  try {
    return bareHost(new URL(url).hostname);
  } catch {
    return null;
  }
}

/** The host is the domain or one of its subdomains; a look-alike (notnasa.gov, nasa.gov.evil.net) is not. */
export function onDomain(host: string, domain: string): boolean {
  const bare = bareHost(domain);
  return host === bare || host.endsWith(`.${bare}`);
}

export const hasFilters = (filters: SearchFilters | undefined): filters is SearchFilters =>
  !!filters &&
  ((filters.allowDomains?.length ?? 0) > 0 ||
    (filters.denyDomains?.length ?? 0) > 0 ||
    !!filters.recency ||
    !!filters.publishedAfter ||
    !!filters.publishedBefore);

/** The publication window the filters ask for (epoch ms, inclusive), or null for any date. */
export function publishedWindow(
  filters: SearchFilters,
  now: number,
): { start: number | null; end: number | null } | null {
  const starts: number[] = [];
  const ends: number[] = [];
  if (filters.recency) starts.push(now - recencyMs[filters.recency]);
  if (filters.publishedAfter) starts.push(Date.parse(`${filters.publishedAfter}T00:00:00.000Z`));
  if (filters.publishedBefore) ends.push(Date.parse(`${filters.publishedBefore}T00:00:00.000Z`) + DAY_MS - 1);
  if (starts.length === 0 && ends.length === 0) return null;
  return {
    start: starts.length > 0 ? Math.max(...starts) : null,
    end: ends.length > 0 ? Math.min(...ends) : null,
  };
}

/**
 * Whether one result may be shown. A result without a date is dropped whenever a date or recency
 * filter is given: nothing shows it is inside the window.
 */
export function passesFilters(result: SearchResult, filters: SearchFilters, now: number): boolean {
  const allow = filters.allowDomains ?? [];
  const deny = filters.denyDomains ?? [];
  if (allow.length > 0 || deny.length > 0) {
    const host = hostOf(result.url);
    if (host === null) return allow.length === 0;
    if (allow.length > 0 && !allow.some((domain) => onDomain(host, domain))) return false;
    if (deny.some((domain) => onDomain(host, domain))) return false;
  }
  const window = publishedWindow(filters, now);
  if (window) {
    const published = result.publishedDate ? Date.parse(result.publishedDate) : Number.NaN;
    if (Number.isNaN(published)) return false;
    if (window.start !== null && published < window.start) return false;
    if (window.end !== null && published > window.end) return false;
  }
  return true;
}

/** The post-filter every answer goes through, cached or not: what is outside never leaves search-svc. */
export function applySearchFilters(
  results: SearchResult[],
  filters: SearchFilters | undefined,
  now: number,
): { results: SearchResult[]; filteredOut: number } {
  if (!hasFilters(filters)) return { results, filteredOut: 0 };
  const kept = results.filter((result) => passesFilters(result, filters, now));
  return { results: kept, filteredOut: results.length - kept.length };
}

/**
 * The narrowest SearXNG time_range that still covers the window's start, so engines spend their
 * few results on pages that can pass (SearXNG has no `hour`: it asks for `day`, and the
 * post-filter does the rest). None when the window reaches back more than a year, or has no start.
 */
export function searxngTimeRange(filters: SearchFilters, now: number): TimeRange | undefined {
  const start = publishedWindow(filters, now)?.start;
  if (start === null || start === undefined) return undefined;
  const reach = now - start;
  return searxngRanges.find(([, span]) => span >= reach)?.[0];
}

/**
 * The query with `site:` terms for the engines (Google, Bing and most others read them):
 * `site:a OR site:b` for a short allow-list, `-site:c` for each denied domain. Only for recall:
 * engines that ignore them are covered by the post-filter.
 */
export function withSiteTerms(query: string, filters: SearchFilters | undefined): string {
  const allow = filters?.allowDomains ?? [];
  const deny = filters?.denyDomains ?? [];
  const terms: string[] = [];
  if (allow.length > 0 && allow.length <= MAX_SITE_TERMS) {
    terms.push(allow.map((domain) => `site:${domain}`).join(' OR '));
  }
  for (const domain of deny) terms.push(`-site:${domain}`);
  return terms.length > 0 ? `${query} ${terms.join(' ')}` : query;
}
