import type { Source } from '../api/types.ts';
import { Citation } from './citation.tsx';

/**
 * Plain text whose "[n]" markers cite `sources` (a Discover summary, an itinerary item): each
 * marker becomes the same citation chip as in answers, linking to that source.
 */
export function CitedText({ text, sources }: { text: string; sources: Source[] }) {
  const parts = text.split(/\[(\d{1,3})\]/);
  return (
    <>
      {parts.map((part, index) => {
        if (index % 2 === 0) return part;
        const n = Number(part);
        // The index keeps keys unique when the same source is cited twice.
        return <Citation key={`${index}-${n}`} n={n} source={sources.find((source) => source.n === n)} />;
      })}
    </>
  );
}
