import { ApiError } from '@perplexica/errors';
import { type ChatModel, ModelError, type ModelMessage } from '@perplexica/llm';
import { z } from 'zod';
import { datesFrom } from '../dates.ts';
import type { ItineraryRequest } from '../wire-schemas.ts';
import { slotsByPace } from './day-slots.ts';
import { type CandidateSource, type ItineraryDay, timesOfDay } from './itinerary-types.ts';

/**
 * The JSON schema the model must answer with (OpenAI structured output, strict: every property
 * required, no others; Ollama's `format`). `place` may be null when an item is not one place.
 */
export const itinerarySchema = {
  name: 'itinerary',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['days'],
    properties: {
      days: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['date', 'items'],
          properties: {
            date: { type: 'string', description: 'YYYY-MM-DD, one of the trip dates' },
            items: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['time', 'title', 'description', 'place'],
                properties: {
                  time: { type: 'string', enum: [...timesOfDay] },
                  title: { type: 'string' },
                  description: {
                    type: 'string',
                    description: 'One to three sentences citing sources as [n]',
                  },
                  place: { type: ['string', 'null'] },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;

/** What we accept back: lenient about extras, strict about what we serve. */
const modelAnswer = z.object({
  days: z.array(
    z.object({
      date: z.string().optional(),
      items: z.array(
        z.object({
          time: z.enum(timesOfDay),
          title: z.string().trim().min(1).max(200),
          description: z.string().trim().min(1).max(2_000),
          place: z.string().trim().max(200).nullish(),
        }),
      ),
    }),
  ),
});

const SOURCE_SNIPPET_CHARS = 500;

export function itineraryPrompt(
  request: ItineraryRequest,
  sources: readonly CandidateSource[],
): ModelMessage[] {
  const dates = datesFrom(request.startDate, request.endDate);
  const perDay = slotsByPace[request.pace].map((slot) => slot.time).join(', ');
  const system = [
    'You are a careful travel planner. You plan day by day from the numbered search results given, and from nothing else.',
    'Every description cites the results it relies on as [n] (for example "[2]" or "[1][4]"), using only the numbers given.',
    'Do not invent places, opening hours or prices that the results do not support.',
    'Answer with JSON matching the schema: one entry in "days" per trip date, in order.',
  ].join(' ');
  const user = [
    `Destination: ${request.destination}`,
    `Trip dates: ${dates.join(', ')}`,
    `Pace: ${request.pace} (each day: ${perDay})`,
    `Interests: ${request.interests.length > 0 ? request.interests.join(', ') : 'none given'}`,
    '',
    'Search results:',
    ...sources.map(
      (source) =>
        `[${source.n}] ${source.title}\nURL: ${source.url}\n${source.snippet.slice(0, SOURCE_SNIPPET_CHARS)}`,
    ),
  ].join('\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}

/**
 * Asks the model for the plan and keeps only what is grounded: citations of numbers we did not
 * give are removed, an item left citing nothing is dropped, days are matched to the trip's dates.
 * A model that fails or times out is 502/504 (the cache keeps serving a stale plan meanwhile); an
 * answer with no grounded item at all is 502.
 */
export async function modelPlan(
  model: ChatModel,
  request: ItineraryRequest,
  sources: readonly CandidateSource[],
  timeoutMs: number,
): Promise<ItineraryDay[]> {
  let text: string;
  try {
    const reply = await model.complete({
      messages: itineraryPrompt(request, sources),
      schema: itinerarySchema as unknown as { name: string; schema: Record<string, unknown> },
      temperature: 0.2,
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = reply.text;
  } catch (error) {
    throw modelFailure(error);
  }
  const parsed = modelAnswer.safeParse(parseJson(text));
  if (!parsed.success)
    throw new ApiError('bad_gateway', 'The model answered with something other than a plan');
  const known = new Set(sources.map((source) => source.n));
  const dates = datesFrom(request.startDate, request.endDate);
  // Days are matched by date when the model used our dates, else taken in order.
  const byDate = new Map(parsed.data.days.flatMap((day) => (day.date ? [[day.date, day] as const] : [])));
  const datedRight = dates.some((date) => byDate.has(date));
  const days = dates.map((date, index) => {
    const answered = datedRight ? byDate.get(date) : parsed.data.days[index];
    const items = (answered?.items ?? []).flatMap((item) => {
      const description = keepKnownCitations(item.description, known);
      if (!description) return [];
      return [{ time: item.time, title: item.title, description, place: item.place || null }];
    });
    return { date, items };
  });
  if (days.every((day) => day.items.length === 0)) {
    throw new ApiError('bad_gateway', 'The model answered with a plan citing none of the search results');
  }
  return days;
}

/**
 * The description with every citation of an unknown number removed ("[1, 2]" becomes "[1][2]"),
 * or null when no known citation is left: an item that cites nothing is not grounded.
 */
export function keepKnownCitations(description: string, known: ReadonlySet<number>): string | null {
  let cited = 0;
  const text = description
    .replace(/\[(\d+(?:\s*,\s*\d+)*)\]/g, (_, list: string) => {
      const kept = list
        .split(',')
        .map((entry) => Number(entry.trim()))
        .filter((n) => known.has(n));
      cited += kept.length;
      return kept.map((n) => `[${n}]`).join('');
    })
    .replace(/\s+([.,;:!?])/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return cited > 0 ? text : null;
}

function parseJson(text: string): unknown {
  // Some models wrap JSON in a code fence even when asked for JSON only.
  const body = text
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/\s*```$/, '');
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
}

function modelFailure(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof ModelError) {
    return error.kind === 'timeout'
      ? new ApiError('gateway_timeout', `The model did not answer in time: ${error.message}`)
      : new ApiError('bad_gateway', `The model failed: ${error.message}`);
  }
  if ((error as Error)?.name === 'TimeoutError' || (error as Error)?.name === 'AbortError') {
    return new ApiError('gateway_timeout', 'The model did not answer in time');
  }
  return new ApiError('bad_gateway', 'The model failed');
}
