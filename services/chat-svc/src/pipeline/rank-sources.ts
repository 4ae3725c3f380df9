import type { ChatModel } from '@perplexica/llm';
import { bm25Scores } from './bm25.ts';
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

/**
 * Orders candidates by relevance to the question: by embedding similarity when the model can
 * embed (and `useEmbeddings`), else BM25. Search engines' own order breaks ties, and an embedding
 * failure falls back to BM25 rather than failing the answer.
 */
export async function rankCandidates(
  question: string,
  candidates: Candidate[],
  options: { model: ChatModel | null; useEmbeddings: boolean; signal: AbortSignal },
): Promise<Candidate[]> {
  if (candidates.length < 2) return candidates;
  const texts = candidates.map(textForRanking);
  let scores: number[] | null = null;
  if (options.useEmbeddings && options.model?.embed) {
    try {
      const vectors = await options.model.embed(
        [question, ...texts.map((text) => truncateToTokens(text, 512))],
        options.signal,
      );
      const [queryVector, ...documentVectors] = vectors;
      if (queryVector && documentVectors.length === candidates.length) {
        scores = documentVectors.map((vector) => cosine(queryVector, vector));
      }
    } catch (error) {
      if (options.signal.aborted) throw error;
    }
  }
  scores ??= bm25Scores(question, texts);
  return candidates
    .map((candidate, index) => ({ candidate, index, score: scores[index] ?? 0 }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((entry) => entry.candidate);
}
