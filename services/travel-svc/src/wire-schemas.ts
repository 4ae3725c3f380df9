import { z } from 'zod';
import { daysBetween, earliestStart, isIsoDate } from './dates.ts';

export const limits = {
  /** Longest itinerary, in days (both ends included). */
  itineraryDays: 21,
  /** Longest hotel stay, in nights (Amadeus' own limit is around a month). */
  stayNights: 30,
  /** How far ahead a trip may start. */
  daysAhead: 730,
  interests: 8,
  interestChars: 60,
} as const;

/** Control characters (NUL, newlines, escapes) have no place in a place name or an interest. */
const withoutControl = (value: string) => value.replace(/\p{Cc}/gu, ' ');
const tidy = (value: string) => withoutControl(value).replace(/\s+/g, ' ').trim();

export const destination = z
  .string({ error: 'a place name is required' })
  .transform(tidy)
  .pipe(z.string().min(2, 'must be 2 to 100 characters').max(100, 'must be 2 to 100 characters'));

const isoDate = z.string().refine(isIsoDate, 'must be a date written YYYY-MM-DD');

/**
 * Start and end of a trip, checked against the clock: not in the past (see earliestStart), not
 * reversed, not too far ahead, not too long. Each problem is reported on the field it concerns.
 */
function checkStay(
  now: () => number,
  fields: { start: string; end: string },
  length: { max: number; unit: 'days' | 'nights' },
) {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const start = value[fields.start] as string;
    const end = value[fields.end] as string;
    // A malformed date is already reported by its own field; nothing to compare then.
    if (!isIsoDate(start) || !isIsoDate(end)) return;
    const earliest = earliestStart(now());
    if (start < earliest) {
      ctx.addIssue({ code: 'custom', path: [fields.start], message: `must not be in the past (${start})` });
      return;
    }
    if (daysBetween(earliest, start) > limits.daysAhead) {
      ctx.addIssue({
        code: 'custom',
        path: [fields.start],
        message: `must be within ${limits.daysAhead} days from today`,
      });
      return;
    }
    const span = daysBetween(start, end);
    const nights = length.unit === 'nights';
    if (nights ? span < 1 : span < 0) {
      ctx.addIssue({
        code: 'custom',
        path: [fields.end],
        message: nights ? `must be after ${fields.start}` : `must not be before ${fields.start}`,
      });
      return;
    }
    const size = nights ? span : span + 1;
    if (size > length.max) {
      ctx.addIssue({
        code: 'custom',
        path: [fields.end],
        message: `the trip may last at most ${length.max} ${length.unit} (this is ${size})`,
      });
    }
  };
}

export const paces = ['relaxed', 'moderate', 'packed'] as const;
export type Pace = (typeof paces)[number];

export function itineraryBody(now: () => number) {
  return z
    .strictObject({
      destination,
      startDate: isoDate,
      endDate: isoDate,
      interests: z
        .array(
          z.string().transform(tidy).pipe(z.string().min(1, 'must not be empty').max(limits.interestChars)),
        )
        .max(limits.interests)
        .default([]),
      pace: z.enum(paces).default('moderate'),
    })
    .superRefine(
      checkStay(now, { start: 'startDate', end: 'endDate' }, { max: limits.itineraryDays, unit: 'days' }),
    );
}
export type ItineraryRequest = z.infer<ReturnType<typeof itineraryBody>>;

export const seasons = ['spring', 'summer', 'autumn', 'winter'] as const;
export type Season = (typeof seasons)[number];
export const themes = ['beach', 'city', 'nature', 'food', 'culture', 'adventure'] as const;
export type Theme = (typeof themes)[number];

export const inspirationQuery = z.object({
  season: z.enum(seasons).optional(),
  theme: z.enum(themes).default('city'),
});

/** Tripadvisor's search categories. */
export const locationCategories = ['hotels', 'attractions', 'restaurants', 'geos'] as const;
export type LocationCategory = (typeof locationCategories)[number];

/** Tripadvisor's language codes: "en", "fr", "pt", "zh_TW", "es_AR"... */
const language = z.string().regex(/^[a-z]{2}(_[A-Z]{2})?$/, 'a language code such as "en" or "zh_TW"');

export const locationSearchQuery = z.object({
  query: z
    .string({ error: 'what to look for is required' })
    .transform(tidy)
    .pipe(z.string().min(2, 'must be 2 to 100 characters').max(100, 'must be 2 to 100 characters')),
  category: z.enum(locationCategories).optional(),
  language: language.optional(),
});

export const locationPath = z.object({
  id: z.string().regex(/^\d{1,12}$/, 'a Tripadvisor location id is a number'),
});

export const languageQuery = z.object({ language: language.optional() });

/** A 3-letter IATA city code ("PAR"), or a city name Amadeus' City Search resolves. */
export function hotelQuery(now: () => number) {
  return z
    .object({
      destination,
      checkIn: isoDate,
      checkOut: isoDate,
      adults: z.coerce.number().int().min(1).max(9).default(1),
    })
    .superRefine(
      checkStay(now, { start: 'checkIn', end: 'checkOut' }, { max: limits.stayNights, unit: 'nights' }),
    );
}
export type HotelRequest = z.infer<ReturnType<typeof hotelQuery>>;

export const refreshBody = z
  .strictObject({ deadlineMs: z.number().int().min(0).max(3_600_000).optional() })
  .default({});
