import { bm25Scores, terms } from './bm25.ts';
import type { PickedContext } from './context-budget.ts';

const MAX_SENTENCES = 5;

interface Sentence {
  text: string;
  n: number;
}

function sentencesOf(text: string, n: number, title: string): Sentence[] {
  return (
    text
      .split(/(?<=[.!?])\s+|\n+/)
      .map((sentence) => sentence.trim().replace(/…$/, ''))
      // Snippets often open with the page's heading run into the first sentence ("Solar panels
      // Solar panels convert ..."): the heading is dropped, the sentence kept.
      .map((sentence) =>
        title && sentence.startsWith(`${title} `) && /^\p{Lu}/u.test(sentence.slice(title.length + 1))
          ? sentence.slice(title.length + 1)
          : sentence,
      )
      .filter((sentence) => {
        // A snippet joins fragments with "…": text around one is not a sentence anyone wrote.
        if (sentence.includes('…')) return false;
        const words = sentence.split(/\s+/).length;
        return words >= 5 && words <= 60 && /[.!?]$/.test(sentence);
      })
      .map((sentence) => ({ text: sentence, n }))
  );
}

/**
 * The answer without a model: the sentences of the sources most relevant to the question (BM25),
 * at most one near-duplicate each, in source order, each followed by its citation.
 */
export function extractiveAnswer(question: string, context: PickedContext): string {
  const sentences = context.texts.flatMap((text, index) =>
    sentencesOf(text, index + 1, context.sources[index]?.title ?? ''),
  );
  if (sentences.length === 0) {
    return context.sources.length
      ? context.sources.map((source) => `${source.title} [${source.n}].`).join(' ')
      : '';
  }
  const scores = bm25Scores(
    question,
    sentences.map((sentence) => sentence.text),
  );
  const seenTerms = new Set<string>();
  const picked = sentences
    .map((sentence, index) => ({ sentence, index, score: scores[index] ?? 0 }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .filter(({ sentence }) => {
      // Skip a sentence that adds almost nothing new (mirrors and syndicated copies of one text).
      const words = terms(sentence.text);
      const fresh = words.filter((word) => !seenTerms.has(word)).length;
      if (words.length > 0 && fresh / words.length < 0.3) return false;
      for (const word of words) seenTerms.add(word);
      return true;
    })
    .slice(0, MAX_SENTENCES)
    .sort((a, b) => a.sentence.n - b.sentence.n || a.index - b.index);
  return picked.map(({ sentence }) => `${sentence.text} [${sentence.n}]`).join(' ');
}

/** Word-sized pieces that join back to the text, to stream a composed answer like a model would. */
export function pieces(text: string, wordsPerPiece = 8): string[] {
  const words = text.match(/\S+\s*/g) ?? [];
  const out: string[] = [];
  for (let i = 0; i < words.length; i += wordsPerPiece) out.push(words.slice(i, i + wordsPerPiece).join(''));
  return out;
}
