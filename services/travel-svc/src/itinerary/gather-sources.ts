import { ApiError } from '@perplexica/errors';
import { mentionsPlace } from '../place-mentions.ts';
import type { SearchClient, SearchHit } from '../search/search-client.ts';
import type { CandidateSource, SourceTopic } from './itinerary-types.ts';

/** Results asked per query, and the most sources a plan is built from (and a prompt holds). */
const RESULTS_PER_QUERY = 8;
const MAX_SOURCES = 30;

interface TripQuery {
  topic: SourceTopic;
  query: string;
}

/** The searches a plan is grounded in: the sights, the food, the neighbourhoods, each interest. */
export function tripQueries(destination: string, interests: readonly string[]): TripQuery[] {
  return [
    { topic: 'sights', query: `top sights and things to do in ${destination}` },
    { topic: 'food', query: `best food and restaurants in ${destination}` },
    { topic: 'neighbourhoods', query: `best neighbourhoods to explore in ${destination}` },
    ...interests.map((interest) => ({ topic: 'interest' as const, query: `${interest} in ${destination}` })),
  ];
}

/**
 * Runs the trip's searches at once and numbers what they found: only results that name the
 * place, each page once (under the first query that found it). Any failed search fails the plan:
 * a plan missing its food or an interest is worse than the stale plan the cache keeps serving.
 * Nothing found at all is 404, not an empty plan cached for a day.
 */
export async function gatherSources(
  search: SearchClient,
  destination: string,
  interests: readonly string[],
): Promise<CandidateSource[]> {
  const queries = tripQueries(destination, interests);
  const answers = await Promise.all(
    queries.map((entry) => search.search({ query: entry.query, limit: RESULTS_PER_QUERY })),
  );
  const seen = new Set<string>();
  const sources: CandidateSource[] = [];
  answers.forEach((hits, index) => {
    const topic = (queries[index] as TripQuery).topic;
    for (const hit of hits) {
      if (seen.has(hit.url) || sources.length >= MAX_SOURCES || !names(destination, hit)) continue;
      seen.add(hit.url);
      sources.push({
        n: sources.length + 1,
        title: hit.title.trim(),
        url: hit.url,
        snippet: hit.snippet.trim(),
        topic,
      });
    }
  });
  if (sources.length === 0) {
    throw new ApiError('not_found', `Search found nothing about "${destination}" to plan a trip with`);
  }
  return sources;
}

/** "Lisbon, Portugal" is looked for as "Lisbon", in the title, the snippet and the address. */
function names(destination: string, hit: SearchHit): boolean {
  const place = destination.split(',')[0] ?? destination;
  return mentionsPlace(`${hit.title} ${hit.snippet} ${decodedUrl(hit.url)}`, [place]);
}

function decodedUrl(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}
