import { createHash } from 'node:crypto';
import type { ChatModel } from '@perplexica/llm';
import type { SearchClient } from '../search/search-client.ts';
import type { ItineraryRequest } from '../wire-schemas.ts';
import { extractivePlan } from './extractive-plan.ts';
import { gatherSources } from './gather-sources.ts';
import type { Itinerary } from './itinerary-types.ts';
import { modelPlan } from './model-plan.ts';

export interface PlannerDeps {
  search: SearchClient;
  /** null: no model configured, plans are extractive. */
  model: ChatModel | null;
  modelTimeoutMs: number;
  now: () => number;
}

/**
 * The cache key of a plan: everything that shapes it (the destination and interests as a person
 * would mean them, so "Lisbon " and "lisbon" share a plan) and who writes it, so switching the
 * model on does not keep serving extractive plans for a day.
 */
export function itineraryKey(request: ItineraryRequest, model: ChatModel | null): string {
  const identity = JSON.stringify({
    destination: request.destination.toLowerCase(),
    start: request.startDate,
    end: request.endDate,
    interests: [...new Set(request.interests.map((interest) => interest.toLowerCase()))].sort(),
    pace: request.pace,
    writer: model?.name ?? 'extractive',
  });
  return `itinerary:${createHash('sha256').update(identity).digest('hex').slice(0, 40)}`;
}

/** Searches, then plans with the model, or extractively without one; cites every item. */
export async function planItinerary(deps: PlannerDeps, request: ItineraryRequest): Promise<Itinerary> {
  const candidates = await gatherSources(deps.search, request.destination, request.interests);
  const base = {
    destination: request.destination,
    startDate: request.startDate,
    endDate: request.endDate,
    pace: request.pace,
    interests: request.interests,
  };
  const planned = deps.model
    ? { days: await modelPlan(deps.model, request, candidates, deps.modelTimeoutMs), notice: undefined }
    : extractivePlan(request, candidates);
  const cited = citedNumbers(planned.days.flatMap((day) => day.items.map((item) => item.description)));
  return {
    ...base,
    days: planned.days,
    sources: candidates
      .filter((source) => cited.has(source.n))
      .map((source) => ({ n: source.n, title: source.title, url: source.url })),
    model: deps.model?.name ?? null,
    mode: deps.model ? 'model' : 'extractive',
    ...(planned.notice ? { notice: planned.notice } : {}),
    generatedAt: new Date(deps.now()).toISOString(),
  };
}

function citedNumbers(descriptions: readonly string[]): Set<number> {
  const numbers = new Set<number>();
  for (const description of descriptions) {
    for (const match of description.matchAll(/\[(\d+)\]/g)) numbers.add(Number(match[1]));
  }
  return numbers;
}
