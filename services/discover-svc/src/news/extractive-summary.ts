import type { StoryDraft } from './story.ts';
import { termSet } from './terms.ts';

const MAX_SENTENCES = 3;
const MAX_CHARS = 480;
/** Shorter "sentences" are bylines, datelines or fragments, not news. */
const MIN_SENTENCE_CHARS = 30;
/** A sentence must bring at least this share of terms the picked ones have not used, or it repeats them. */
const MIN_NOVELTY = 0.4;

/** "WASHINGTON (Reuters) - The Fed…" → "The Fed…": a dateline is not part of the news. */
const stripDateline = (text: string) =>
  text.replace(/^[A-Z][A-Z .,'-]{2,40}(\([^)]{1,40}\))?\s*[-–—]\s+/, '');

/** A snippet's first sentences (its lede); a snippet cut mid-sentence keeps its "…". */
export function ledeSentences(snippet: string, count = 2): string[] {
  const text = stripDateline(snippet.replace(/\s+/g, ' ').trim());
  const sentences = text.split(/(?<=[.!?])\s+(?=["“‘'(]?[\p{Lu}\p{N}])/u);
  return sentences
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length >= MIN_SENTENCE_CHARS)
    .slice(0, count);
}

/** The share of `words` not already in `used`. */
const novelty = (words: Set<string>, used: Set<string>) => {
  if (words.size === 0) return 0;
  let fresh = 0;
  for (const term of words) if (!used.has(term)) fresh++;
  return fresh / words.size;
};

/**
 * The summary without a model: up to three lede sentences taken word for word from the sources'
 * snippets, at most one per source, each followed by its [n]. A sentence scores by how many of
 * its terms other reports of the story also use (what the outlets agree on is the news), with a
 * small bonus for being a snippet's first sentence; a sentence whose terms are mostly in the ones
 * already picked is skipped (outlets retell the same lede in other words).
 * Picked sentences are given in source order, so the lead's account comes first.
 */
export function extractiveSummary(story: StoryDraft): string {
  const perSource = story.articles.map((article) => termSet(`${article.title} ${article.snippet}`));
  const candidates = story.articles.flatMap((article, index) =>
    ledeSentences(article.snippet).map((sentence, position) => {
      const words = termSet(sentence);
      let agreed = 0;
      for (const term of words) {
        if (perSource.some((other, otherIndex) => otherIndex !== index && other.has(term))) agreed++;
      }
      return { n: index + 1, sentence, words, score: agreed + (position === 0 ? 0.5 : 0) };
    }),
  );
  candidates.sort((a, b) => b.score - a.score || a.n - b.n);

  const picked: typeof candidates = [];
  const used = new Set<string>();
  let length = 0;
  for (const candidate of candidates) {
    if (picked.length >= MAX_SENTENCES) break;
    if (picked.some((chosen) => chosen.n === candidate.n)) continue;
    if (picked.length > 0 && novelty(candidate.words, used) < MIN_NOVELTY) continue;
    if (picked.length > 0 && length + candidate.sentence.length > MAX_CHARS) continue;
    picked.push(candidate);
    for (const term of candidate.words) used.add(term);
    length += candidate.sentence.length;
  }
  return picked
    .sort((a, b) => a.n - b.n)
    .map((chosen) => `${chosen.sentence} [${chosen.n}]`)
    .join(' ');
}
