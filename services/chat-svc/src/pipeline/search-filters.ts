import { domainToASCII } from 'node:url';
import { z } from 'zod';
import type { SearchResult } from './sources.ts';

/**
 * Perplexity Sonar's search controls (search_domain_filter, search_recency_filter, the date
 * filters, search_mode, return_images, return_related_questions, search_context_size), checked
 * once here for both /api/v1/chat and /api/v1/chat/completions, which only name them differently.
 */

export const recencies = ['hour', 'day', 'week', 'month', 'year'] as const;
export const searchModes = ['web', 'academic', 'sec', 'patents'] as const;
export const contextSizes = ['low', 'medium', 'high'] as const;
export type Recency = (typeof recencies)[number];
export type SearchMode = (typeof searchModes)[number];
export type ContextSize = (typeof contextSizes)[number];

/** Sonar's limit. */
export const MAX_FILTER_DOMAINS = 20;
/** search_mode "sec": Perplexity restricts it to the SEC's filings; EDGAR lives on sec.gov. */
export const SEC_DOMAIN = 'sec.gov';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Sonar's recency windows: the past hour, 24 hours, 7, 30 and 365 days. */
const recencyMs: Record<Recency, number> = {
  hour: HOUR_MS,
  day: DAY_MS,
  week: 7 * DAY_MS,
  month: 30 * DAY_MS,
  year: 365 * DAY_MS,
};

/** What search-svc is asked to keep (the `filters` of its internal search and research routes). */
export interface SearchFilters {
  allowDomains?: string[];
  denyDomains?: string[];
  recency?: Recency;
  /** YYYY-MM-DD, UTC, inclusive. */
  publishedAfter?: string;
  publishedBefore?: string;
}

/** How much one answer searches and reads (answer-pipeline.ts has one per mode). */
export interface SearchPlan {
  queries: number;
  results: number;
  readPages: number;
  sources: number;
}

/**
 * web_search_options.search_context_size: how many sources the answer reads. It replaces the
 * mode's results, pages and sources; the number of queries stays the mode's.
 */
export const contextSizePlans: Record<ContextSize, Omit<SearchPlan, 'queries'>> = {
  low: { results: 5, readPages: 0, sources: 3 },
  medium: { results: 10, readPages: 3, sources: 8 },
  high: { results: 20, readPages: 6, sources: 15 },
};

/** The search controls of one answer, decided. */
export interface SearchControls {
  filters: SearchFilters | null;
  /** The focus search_mode asks for (sec searches the web, restricted to sec.gov). */
  focus?: 'web' | 'academic' | 'patents';
  contextSize?: ContextSize;
  returnImages: boolean;
  returnRelatedQuestions: boolean;
}

// A DNS name: dot-separated labels of letters, digits and inner hyphens; IDNs become punycode first.
const hostnamePattern = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

/** "example.com" (allow) or "-example.com" (deny), lower-cased, `www.` and a trailing dot dropped. */
const domainEntry = z
  .string()
  .trim()
  .transform((entry, ctx) => {
    const deny = entry.startsWith('-');
    const ascii = domainToASCII(
      entry
        .slice(deny ? 1 : 0)
        .toLowerCase()
        .replace(/\.$/, ''),
    );
    if (!hostnamePattern.test(ascii)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'must be a domain like example.com, or -example.com to exclude it (no scheme, path or port: URLs are not filters here)',
      });
      return z.NEVER;
    }
    return `${deny ? '-' : ''}${ascii.replace(/^www\./, '')}`;
  });

export const domainFilterSchema = z
  .array(domainEntry)
  .max(MAX_FILTER_DOMAINS, `at most ${MAX_FILTER_DOMAINS} domains`)
  .transform((entries) => [...new Set(entries)]);

/** Sonar's date format, "%m/%d/%Y" ("3/1/2025" or "03/01/2025"), as YYYY-MM-DD. */
export const sonarDateSchema = z
  .string()
  .trim()
  .transform((text, ctx) => {
    const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
    const [month, day, year] = match ? match.slice(1).map(Number) : [];
    const date = match ? new Date(Date.UTC(year as number, (month as number) - 1, day as number)) : null;
    if (
      !date ||
      date.getUTCFullYear() !== year ||
      date.getUTCMonth() !== (month as number) - 1 ||
      date.getUTCDate() !== day
    ) {
      ctx.addIssue({
        code: 'custom',
        message: match ? 'is not a real date' : 'must be a date as %m/%d/%Y, e.g. 3/1/2025',
      });
      return z.NEVER;
    }
    return date.toISOString().slice(0, 10);
  });

export const recencySchema = z.enum(recencies);
export const searchModeSchema = z.enum(searchModes);
export const contextSizeSchema = z.enum(contextSizes);

/** The controls as one request gave them, each already valid on its own. */
export interface GivenSearchControls {
  domainFilter?: string[] | undefined;
  recency?: Recency | undefined;
  afterDate?: string | undefined;
  beforeDate?: string | undefined;
  searchMode?: SearchMode | undefined;
  contextSize?: ContextSize | undefined;
  returnImages?: boolean | undefined;
  returnRelatedQuestions?: boolean | undefined;
}

/** Where each control sits in the request body, for errors that name it. */
export type ControlPaths = Record<
  'domainFilter' | 'recency' | 'afterDate' | 'beforeDate' | 'searchMode',
  (string | number)[]
>;

const startOfDay = (day: string) => Date.parse(`${day}T00:00:00.000Z`);

/**
 * The rules that span several controls, as zod issues on the field that breaks them: allow and
 * deny entries mixed; after later than before; a recency window that starts after the before
 * date or an after date in the future (nothing could ever match); search_mode sec with an
 * allow-list that has no sec.gov domain.
 */
export function checkSearchControls(
  given: GivenSearchControls,
  paths: ControlPaths,
  ctx: z.RefinementCtx,
  now = Date.now(),
): void {
  const name = (path: (string | number)[]) => path.join('.');
  const domains = given.domainFilter ?? [];
  const denied = domains.filter((entry) => entry.startsWith('-'));
  const allowed = domains.filter((entry) => !entry.startsWith('-'));
  if (denied.length > 0 && allowed.length > 0) {
    ctx.addIssue({
      code: 'custom',
      path: paths.domainFilter,
      message: 'use either domains to search (example.com) or domains to exclude (-example.com), not both',
    });
  }
  if (given.afterDate && given.beforeDate && given.afterDate > given.beforeDate) {
    ctx.addIssue({
      code: 'custom',
      path: paths.afterDate,
      message: 'must not be later than the before date',
    });
  }
  // A day ahead of UTC's today is still "today" somewhere.
  if (given.afterDate && startOfDay(given.afterDate) > now + DAY_MS) {
    ctx.addIssue({
      code: 'custom',
      path: paths.afterDate,
      message: 'is in the future: nothing is published yet',
    });
  }
  if (
    given.recency &&
    given.beforeDate &&
    startOfDay(given.beforeDate) + DAY_MS <= now - recencyMs[given.recency]
  ) {
    ctx.addIssue({
      code: 'custom',
      path: paths.recency,
      message: `the past ${given.recency} starts after ${name(paths.beforeDate)}: nothing could match both`,
    });
  }
  if (given.searchMode === 'sec' && allowed.length > 0 && !allowed.some(isSecDomain)) {
    ctx.addIssue({
      code: 'custom',
      path: paths.searchMode,
      message: `sec searches sec.gov only, and ${name(paths.domainFilter)} allows none of it`,
    });
  }
}

const isSecDomain = (domain: string) => domain === SEC_DOMAIN || domain.endsWith(`.${SEC_DOMAIN}`);

/** The controls decided, after checkSearchControls passed; defaults differ per endpoint. */
export function decideSearchControls(
  given: GivenSearchControls,
  defaults: { returnImages: boolean; returnRelatedQuestions: boolean },
): SearchControls {
  const domains = given.domainFilter ?? [];
  let allowDomains = domains.filter((entry) => !entry.startsWith('-'));
  const denyDomains = domains.filter((entry) => entry.startsWith('-')).map((entry) => entry.slice(1));
  if (given.searchMode === 'sec') {
    allowDomains = allowDomains.length > 0 ? allowDomains.filter(isSecDomain) : [SEC_DOMAIN];
  }
  const filters: SearchFilters = {
    ...(allowDomains.length > 0 ? { allowDomains } : {}),
    ...(denyDomains.length > 0 ? { denyDomains } : {}),
    ...(given.recency ? { recency: given.recency } : {}),
    ...(given.afterDate ? { publishedAfter: given.afterDate } : {}),
    ...(given.beforeDate ? { publishedBefore: given.beforeDate } : {}),
  };
  const mode = given.searchMode;
  return {
    filters: Object.keys(filters).length > 0 ? filters : null,
    ...(mode ? { focus: mode === 'sec' ? 'web' : mode } : {}),
    ...(given.contextSize ? { contextSize: given.contextSize } : {}),
    returnImages: given.returnImages ?? defaults.returnImages,
    returnRelatedQuestions: given.returnRelatedQuestions ?? defaults.returnRelatedQuestions,
  };
}

/** Whether the request restricts what may be searched (filters or a search mode). */
export const restrictsSearch = (given: GivenSearchControls) =>
  (given.domainFilter?.length ?? 0) > 0 ||
  !!given.recency ||
  !!given.afterDate ||
  !!given.beforeDate ||
  !!given.searchMode;

const bareHost = (host: string) =>
  host
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^www\./, '');

const onDomain = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);

/**
 * search-svc's post-filter, again, on what it answered. search-svc guarantees it; this keeps the
 * guarantee through a rolling deploy, when an older search-svc still ignores the filters.
 */
export function passesSearchFilters(result: SearchResult, filters: SearchFilters, now = Date.now()): boolean {
  const allow = filters.allowDomains ?? [];
  const deny = filters.denyDomains ?? [];
  if (allow.length > 0 || deny.length > 0) {
    let host = '';
    try {
      host = bareHost(new URL(result.url).hostname);
    } catch {
      // not a URL: on no domain
    }
    if (allow.length > 0 && !allow.some((domain) => onDomain(host, domain))) return false;
    if (deny.some((domain) => onDomain(host, domain))) return false;
  }
  const starts: number[] = [];
  const ends: number[] = [];
  if (filters.recency) starts.push(now - recencyMs[filters.recency]);
  if (filters.publishedAfter) starts.push(startOfDay(filters.publishedAfter));
  if (filters.publishedBefore) ends.push(startOfDay(filters.publishedBefore) + DAY_MS - 1);
  if (starts.length > 0 || ends.length > 0) {
    const published = result.publishedDate ? Date.parse(result.publishedDate) : Number.NaN;
    if (Number.isNaN(published)) return false;
    if (starts.some((start) => published < start) || ends.some((end) => published > end)) return false;
  }
  return true;
}
