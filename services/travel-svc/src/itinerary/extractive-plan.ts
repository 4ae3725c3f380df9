import { clip } from '../clip-text.ts';
import { datesFrom } from '../dates.ts';
import type { ItineraryRequest } from '../wire-schemas.ts';
import { slotsByPace } from './day-slots.ts';
import type { CandidateSource, ItineraryDay } from './itinerary-types.ts';

const DESCRIPTION_CHARS = 320;

export const EXTRACTIVE_NOTICE =
  'No language model is configured (LLM_PROVIDER), so this plan is extractive: each slot is one search result, its own snippet as the description.';
export const SHORT_NOTICE = 'Search found too few results to fill every slot: some are left empty.';

/**
 * A plan without a model, honest about it: each slot of each day gets one search result not used
 * before (preferring the slot's topics: a sight in the morning, food in the evening), titled with
 * the result's title and described by its snippet, cited. Nothing is invented; when results run
 * out, the remaining slots stay empty rather than repeating a place.
 */
export function extractivePlan(request: ItineraryRequest, sources: readonly CandidateSource[]) {
  const unused = [...sources];
  const take = (topics: readonly string[]): CandidateSource | undefined => {
    for (const topic of topics) {
      const index = unused.findIndex((source) => source.topic === topic && usable(source));
      if (index >= 0) return unused.splice(index, 1)[0];
    }
    const index = unused.findIndex(usable);
    return index >= 0 ? unused.splice(index, 1)[0] : undefined;
  };

  const slots = slotsByPace[request.pace];
  let short = false;
  const days: ItineraryDay[] = datesFrom(request.startDate, request.endDate).map((date) => ({
    date,
    items: slots.flatMap((slot) => {
      const source = take(slot.topics);
      if (!source) {
        short = true;
        return [];
      }
      return [
        {
          time: slot.time,
          title: titleOf(source.title),
          description: `${clip(source.snippet, DESCRIPTION_CHARS)} [${source.n}]`,
          place: null,
        },
      ];
    }),
  }));
  return { days, notice: short ? `${EXTRACTIVE_NOTICE} ${SHORT_NOTICE}` : EXTRACTIVE_NOTICE };
}

/** A result without a snippet has nothing to describe the slot with. */
const usable = (source: CandidateSource) => source.snippet.length > 0;

/** "Belém Tower | Visit Lisboa" → "Belém Tower": the site's name is not part of the place. */
export function titleOf(title: string): string {
  const [first = title] = title.split(/\s+[|–—-]\s+/);
  return first.trim().length >= 4 ? first.trim() : title.trim();
}
