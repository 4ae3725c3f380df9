import type { Kysely } from 'kysely';
import type { SearchDatabase } from './db/schema.ts';
import type { FetchFailure, PageReader, ReadPage } from './fetch/page-reader.ts';
import { documentsByUrl } from './local/local-documents.ts';
import { interleave, mergeResults, mergeUnresponsive } from './search/merge-results.ts';
import type { SearchService } from './search/search-service.ts';
import type { Backend, Focus, SearchFilters, SearchResult, UnresponsiveEngine } from './search/types.ts';

export interface ResearchRequest {
  queries: string[];
  focus: Focus;
  language?: string | undefined;
  readPages: number;
  maxCharsPerPage: number;
  /** Applied to every query's results before any page is chosen for reading. */
  filters?: SearchFilters | undefined;
}

export interface ResearchResponse {
  results: SearchResult[];
  pages: ReadPage[];
  failures: FetchFailure[];
  unresponsiveEngines: UnresponsiveEngine[];
  backend: Backend;
  notice?: string;
  /** With filters: results removed by them, summed over the queries. */
  filteredOut?: number;
}

const RESULTS_PER_QUERY = 10;

/** Reads several pages at once; each one fails on its own without failing the others. */
export async function readPages(
  reader: PageReader,
  urls: string[],
  maxChars: number,
): Promise<{ pages: ReadPage[]; failures: FetchFailure[] }> {
  const outcomes = await Promise.all([...new Set(urls)].map((url) => reader.read(url, maxChars)));
  return {
    pages: outcomes.flatMap((o) => ('page' in o ? [o.page] : [])),
    failures: outcomes.flatMap((o) => ('failure' in o ? [o.failure] : [])),
  };
}

/**
 * Reads the best `wanted` pages: the top ones in parallel, and for each that cannot be read
 * (refused, too big, slow, not HTML…) the next candidate, so the answer still gets `wanted` sources.
 * Bounded: at most 2 × wanted candidates are tried in all.
 */
export async function readBestPages(
  reader: PageReader,
  candidates: string[],
  wanted: number,
  maxChars: number,
): Promise<{ pages: ReadPage[]; failures: FetchFailure[] }> {
  const budget = candidates.slice(0, wanted * 2);
  const pages: ReadPage[] = [];
  const failures: FetchFailure[] = [];
  let tried = 0;
  while (pages.length < wanted && tried < budget.length) {
    const batch = budget.slice(tried, tried + (wanted - pages.length));
    tried += batch.length;
    const read = await readPages(reader, batch, maxChars);
    pages.push(...read.pages);
    failures.push(...read.failures);
  }
  return { pages, failures };
}

async function readLocalPages(db: Kysely<SearchDatabase>, urls: string[], maxChars: number) {
  const byUrl = new Map((await documentsByUrl(db, urls)).map((doc) => [doc.url, doc]));
  // In rank order, as for web pages.
  const documents = urls.flatMap((url) => byUrl.get(url) ?? []);
  return documents.map((doc) => ({
    url: doc.url,
    title: doc.title,
    text: doc.content.slice(0, maxChars),
    truncated: doc.content.length > maxChars,
  }));
}

/**
 * The researcher's step for deep answers: every query searched in parallel, results merged
 * (best of each query first, duplicates by canonical URL merged), then the top pages read.
 * One failing query does not sink the others; all failing surfaces the first error.
 */
export async function research(
  deps: { search: SearchService; reader: PageReader; db: Kysely<SearchDatabase> },
  request: ResearchRequest,
): Promise<ResearchResponse> {
  const settled = await Promise.allSettled(
    request.queries.map((query) =>
      deps.search.search({
        query,
        focus: request.focus,
        language: request.language,
        pageno: 1,
        limit: RESULTS_PER_QUERY,
        filters: request.filters,
      }),
    ),
  );
  const answers = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  if (answers.length === 0) throw (settled[0] as PromiseRejectedResult).reason;
  const results = mergeResults(interleave(answers.map((a) => a.results)));
  const backend = answers[0]?.backend ?? deps.search.backendFor(request.focus);
  const read =
    backend === 'local'
      ? {
          pages: await readLocalPages(
            deps.db,
            results.slice(0, request.readPages).map((r) => r.url),
            request.maxCharsPerPage,
          ),
          failures: [],
        }
      : await readBestPages(
          deps.reader,
          results.map((r) => r.url),
          request.readPages,
          request.maxCharsPerPage,
        );
  return {
    results,
    ...read,
    unresponsiveEngines: mergeUnresponsive(answers.map((a) => a.unresponsiveEngines)),
    backend,
    ...(answers[0]?.notice ? { notice: answers[0].notice } : {}),
    ...(request.filters
      ? { filteredOut: answers.reduce((sum, answer) => sum + (answer.filteredOut ?? 0), 0) }
      : {}),
  };
}
