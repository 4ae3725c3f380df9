import { tidyMemory } from '../memory-text.ts';
import { limits } from '../wire-schemas.ts';

/** Filler a sentence may start with before the request: "Hey, please remember that …". */
const LEAD = String.raw`^(?:(?:hey|hi|ok|okay|so|also|and|oh|btw|by the way)[\s,]+)*`;

/**
 * "remember that …", "remember: …", "please remember …", "remember I/my …", "don't forget that …".
 * Only at the start of a sentence, so "Do you remember that film?" is not a request.
 */
const REMEMBER = new RegExp(
  `${LEAD}(?:(please)[\\s,]+)?(?:remember\\s+that\\b|remember\\s*:|(?:do\\s+not|don'?t|don’t)\\s+forget(?:\\s+that\\b|\\s*:)|(?<=please[\\s,]+)remember\\b|remember(?=\\s+(?:i|i'm|i’m|i've|my|we|we're|our)\\b))\\s*(.+)$`,
  'isu',
);

/** "forget that …", "forget about …", "forget: …", "please forget …". */
const FORGET = new RegExp(
  `${LEAD}(?:(please)[\\s,]+)?forget(?:\\s+that\\b|\\s+about\\b|\\s*:|(?<=please[\\s,]+forget))\\s*(.+)$`,
  'isu',
);

/** Titles and abbreviations whose full stop does not end a sentence ("St. Petersburg"). */
const ABBREVIATION = /\b(?:st|dr|mr|mrs|ms|prof|mt|jr|sr|vs|e\.g|i\.e|approx|no)\.\s*$/i;

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** The question's sentences, with ones split after an abbreviation joined back. */
function sentences(text: string): string[] {
  const result: string[] = [];
  let pending = '';
  for (const { segment } of segmenter.segment(text)) {
    pending += segment;
    if (ABBREVIATION.test(pending)) continue;
    if (pending.trim()) result.push(pending.trim());
    pending = '';
  }
  if (pending.trim()) result.push(pending.trim());
  return result;
}

export interface ExplicitRequests {
  /** Facts the user asked to be remembered, as said (trimmed, first letter capitalised). */
  remember: string[];
  /** What the user asked to be forgotten, to be matched against their memories. */
  forget: string[];
}

/**
 * The memory requests a user states outright. A sentence that is itself a question ("Remember that
 * film with …?") asks nothing, unless it says please.
 */
export function explicitRequests(question: string): ExplicitRequests {
  const remember: string[] = [];
  const forget: string[] = [];
  for (const sentence of sentences(question)) {
    const isQuestion = sentence.endsWith('?');
    const asked = (match: RegExpExecArray | null) => {
      if (!match) return null;
      const [, please, rest = ''] = match;
      if (isQuestion && !please) return null;
      const fact = tidyMemory(rest.replace(/[?!]+$/u, ''));
      return fact.length > 0 && fact.length <= limits.memoryChars ? fact : null;
    };
    const forgotten = asked(FORGET.exec(sentence));
    if (forgotten) {
      forget.push(forgotten);
      continue;
    }
    const fact = asked(REMEMBER.exec(sentence));
    if (fact) remember.push(fact);
  }
  return { remember, forget };
}
