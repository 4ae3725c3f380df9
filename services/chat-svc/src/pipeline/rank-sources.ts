import type { ChatModel } from '@perplexica/llm';
import { bm25Scores } from './bm25.ts';
import {
  assessCredibility,
  bareDomain,
  type Credibility,
  defaultsOnly,
  domainOf,
  freshnessOf,
  isOnDomain,
} from './credibility.ts';
import type { Candidate } from './sources.ts';
import { truncateToTokens } from './tokens.ts';

const textForRanking = (candidate: Candidate) =>
  `${candidate.result.title}\n${candidate.result.snippet}\n${candidate.pageText.slice(0, 2_000)}`;

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return normA && normB ? dot / Math.sqrt(normA * normB) : 0;
}

/** A space's standing orders on domains: never show blocked ones, show pinned ones first. */
export interface DomainPreferences {
  pinned: readonly string[];
  blocked: readonly string[];
}

/**
 * How much credibility and freshness can lift a source: its relevance is scaled by 0.75..1, so
 * between equally relevant sources the more credible (then fresher) wins, but a source must be at
 * least 3/4 as relevant as another to overtake it, and an irrelevant one (relevance 0) never does.
 */
const QUALITY_WEIGHT = 0.25;
const FRESHNESS_SHARE = 0.2;

const onAny = (url: string, domains: readonly string[]) => {
  const domain = domainOf(url);
  return domain !== null && domains.some((listed) => isOnDomain(domain, bareDomain(listed)));
};

/** Relevance scores rescaled to 0..1 (all equal: all 1), so cosine and BM25 blend alike. */
function normalised(scores: number[]): number[] {
  const min = Math.min(...scores);
  const max = Math.max(...scores);
  return scores.map((score) => (max > min ? (score - min) / (max - min) : 1));
}

/**
 * Orders candidates by relevance to the question (embedding similarity when the model can embed
 * and `useEmbeddings`, else BM25; an embedding failure falls back to BM25 rather than failing the
 * answer), lifted a little by credibility and freshness. A space's blocked domains are dropped;
 * its pinned domains come first when they share a word with the question. Search engines' own
 * order breaks what ties remain. Every candidate returned carries its credibility.
 */
export async function rankCandidates(
  question: string,
  candidates: Candidate[],
  options: {
    model: ChatModel | null;
    useEmbeddings: boolean;
    signal: AbortSignal;
    domains?: DomainPreferences;
    now?: number;
  },
): Promise<Candidate[]> {
  const now = options.now ?? Date.now();
  const blocked = options.domains?.blocked ?? [];
  const pinned = options.domains?.pinned ?? [];
  const kept = candidates
    .filter((candidate) => !onAny(candidate.result.url, blocked))
    .map((candidate) => ({
      ...candidate,
      result: {
        ...candidate.result,
        credibility: candidate.result.credibility ?? assessCredibility(candidate.result, defaultsOnly, now),
      },
    }));
  if (kept.length < 2) return kept;
  const texts = kept.map(textForRanking);
  const lexical = bm25Scores(question, texts);
  let scores: number[] | null = null;
  if (options.useEmbeddings && options.model?.embed) {
    try {
      const vectors = await options.model.embed(
        [question, ...texts.map((text) => truncateToTokens(text, 512))],
        options.signal,
      );
      const [queryVector, ...documentVectors] = vectors;
      if (queryVector && documentVectors.length === kept.length) {
        scores = documentVectors.map((vector) => cosine(queryVector, vector));
      }
    } catch (error) {
      if (options.signal.aborted) throw error;
    }
  }
  const relevance = normalised(scores ?? lexical);
  return kept
    .map((candidate, index) => {
      const credibility = candidate.result.credibility as Credibility;
      const quality = (1 - FRESHNESS_SHARE) * credibility.score + FRESHNESS_SHARE * freshnessOf(credibility);
      return {
        candidate,
        index,
        first: pinned.length > 0 && (lexical[index] ?? 0) > 0 && onAny(candidate.result.url, pinned),
        score: (relevance[index] ?? 0) * (1 - QUALITY_WEIGHT + QUALITY_WEIGHT * quality),
      };
    })
    .sort((a, b) => Number(b.first) - Number(a.first) || b.score - a.score || a.index - b.index)
    .map((entry) => entry.candidate);
}
