import { ApiError } from '@perplexica/errors';
import type { Logger } from '@perplexica/observability';
import { clip } from '../clip-text.ts';
import { mentionsPlace } from '../place-mentions.ts';
import type { SearchClient, SearchHit } from '../search/search-client.ts';
import type { Season, Theme } from '../wire-schemas.ts';
import { type CuratedDestination, destinationsFor } from './curated-destinations.ts';

const BLURB_CHARS = 240;

export interface InspirationCard {
  destination: string;
  country: string;
  /** A search result's own words about the place, not ours. */
  blurb: string;
  /** Where the blurb comes from. */
  source: { title: string; url: string };
  imageUrl: string | null;
  /** The page the picture is on. */
  imageSource: string | null;
}

/**
 * The cards of one season and theme: for each curated destination, the first web result that
 * names the place gives the blurb, and the first image result a picture. A failed web search
 * fails the whole key (the cache keeps the previous complete set); a failed image search only
 * leaves that card without a picture; a destination no result names is left out.
 */
export async function buildInspiration(
  search: SearchClient,
  logger: Logger,
  season: Season,
  theme: Theme,
  now: number,
) {
  const destinations = destinationsFor(season, theme);
  const cards = await Promise.all(
    destinations.map((destination) => cardFor(search, logger, destination, season, theme)),
  );
  const found = cards.filter((card): card is InspirationCard => card !== null);
  if (found.length === 0) {
    throw new ApiError('bad_gateway', `Search found nothing about any ${season} ${theme} destination`);
  }
  return { season, theme, cards: found, generatedAt: new Date(now).toISOString() };
}

async function cardFor(
  search: SearchClient,
  logger: Logger,
  destination: CuratedDestination,
  season: Season,
  theme: Theme,
): Promise<InspirationCard | null> {
  const [web, images] = await Promise.all([
    search.search({
      query: `${destination.name} ${destination.country} ${theme} travel ${season}`,
      limit: 8,
    }),
    search
      .search({ query: `${destination.name} ${destination.country}`, categories: ['images'], limit: 8 })
      .catch((error: Error) => {
        logger.warn(
          { destination: destination.name, reason: error.message },
          'inspiration image search failed',
        );
        return [] as SearchHit[];
      }),
  ]);
  const about = web.find((hit) => hit.snippet && names(destination, `${hit.title} ${hit.snippet}`));
  if (!about) return null;
  const picture = images.find((hit) => hit.media?.imageUrl || hit.thumbnail);
  return {
    destination: destination.name,
    country: destination.country,
    blurb: clip(about.snippet, BLURB_CHARS),
    source: { title: about.title, url: about.url },
    imageUrl: picture?.media?.imageUrl ?? picture?.thumbnail ?? null,
    imageSource: picture?.url ?? null,
  };
}

/** Whether the text speaks of the destination, by its name or an alias. */
const names = (destination: CuratedDestination, text: string) =>
  mentionsPlace(text, [destination.name, ...(destination.aliases ?? [])]);
