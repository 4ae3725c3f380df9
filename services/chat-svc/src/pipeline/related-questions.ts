import type { ChatModel, ModelUsage } from '@perplexica/llm';
import { terms } from './bm25.ts';
import type { Source } from './sources.ts';

const STOP = new Set(
  'the a an and or of to in on for with is are was were be been how what why when where which who whom does do did can could should would will about from into than then that this these those it its as at by vs versus i me my you your we us please tell explain give show'.split(
    ' ',
  ),
);

// A question usually opens "how/why/what (+ a word) + auxiliary", then its subject, then a verb:
// "How efficient are | home solar panels", "Why does | the moon | cause tides".
const OPENING =
  /^(?:how|why|what|when|where|which|who)(?:\s+[\p{L}-]+){0,2}?\s+(?:do|does|did|is|are|was|were|can|could|should|would|will|has|have|had)\s+/iu;
const QUESTION_WORD = /^(?:how|why|what|when|where|which|who|is|are|do|does|can|should)\b/i;
const COMMON_VERBS = new Set(
  'make makes work works turn turns convert converts cause causes affect affects use uses help helps mean means get gets become becomes happen happens compare differ produce produces generate generates change changes lead leads need needs impact impacts improve reduce increase decrease cost costs take takes have has had'.split(
    ' ',
  ),
);

/**
 * The question's subject, e.g. "solar panels" in "How do solar panels make electricity?": the words
 * after the opening, up to the first common verb. A topic typed without a question ("solar panel
 * efficiency") is its own subject; otherwise the question's content words stand in.
 */
export function subjectOf(question: string): string {
  const trimmed = question.trim().replace(/[?!.]+$/, '');
  const opening = OPENING.exec(trimmed);
  const body = opening ? trimmed.slice(opening[0].length) : QUESTION_WORD.test(trimmed) ? '' : trimmed;
  let words = body.split(/\s+/).filter(Boolean);
  const verbAt = words.findIndex((word, index) => index > 0 && COMMON_VERBS.has(word.toLowerCase()));
  if (verbAt > 0) words = words.slice(0, verbAt);
  // "… does a home battery hold": after do/does/did the question ends on its main verb.
  else if (opening && /\b(?:do|does|did)\s+$/i.test(opening[0]) && words.length > 1)
    words = words.slice(0, -1);
  words = words.slice(0, 6);
  while (words.length > 1 && STOP.has((words.at(-1) as string).toLowerCase())) words = words.slice(0, -1);
  const phrase = words.join(' ').replace(/^(?:the|a|an)\s+/i, '');
  const meaningful = terms(phrase).some((word) => !STOP.has(word));
  if (meaningful && phrase.length <= 60) return phrase;
  const keywords = terms(question).filter((word) => !STOP.has(word));
  return keywords.slice(0, 4).join(' ') || question.slice(0, 60);
}

/**
 * Follow-up questions without a model call (speed mode and the extractive answerer): templated
 * from the subject of the thread (its first question, so follow-ups of follow-ups stay on topic)
 * and the top sources' titles, leaving out what was already asked. Templates avoid verbs that
 * would have to agree with the subject ("has"/"have"), since it may be singular or plural.
 */
export function heuristicRelated(question: string, sources: Source[], asked: string[] = []): string[] {
  const subject = subjectOf(asked[0] ?? question);
  const candidates = [
    `What are the main benefits and drawbacks of ${subject}?`,
    `What are the latest developments in ${subject}?`,
    ...sources
      .slice(0, 2)
      .map((source) => source.title.replace(/\s*[|–—-]\s*[^|–—-]*$/, '').trim())
      .filter((title) => title.length >= 8 && title.length <= 90)
      .map((title) => `What does "${title}" say about ${subject}?`),
    `What are common misconceptions about ${subject}?`,
    `How do the alternatives to ${subject} compare?`,
  ];
  const seen = new Set([question, ...asked].map((text) => text.trim().toLowerCase()));
  return candidates.filter((candidate) => !seen.has(candidate.toLowerCase())).slice(0, 4);
}

/** Follow-up questions from the model (balanced, quality, learn); the heuristic if it misbehaves. */
export async function modelRelated(
  model: ChatModel,
  input: { question: string; answer: string; sources: Source[]; signal: AbortSignal },
): Promise<{ questions: string[]; usage: ModelUsage | null }> {
  const reply = await model.complete({
    messages: [
      {
        role: 'system',
        content:
          'Suggest 3 to 5 related questions the user may ask next. Reply with JSON only: {"questions": ["..."]}. Use the language of the question.',
      },
      {
        role: 'user',
        content: `Question: ${input.question}\n\nAnswer given:\n${input.answer.slice(0, 2_000)}`,
      },
    ],
    json: true,
    maxTokens: 300,
    signal: input.signal,
  });
  const parsed = parseQuestions(reply.text);
  return {
    questions: parsed.length >= 3 ? parsed.slice(0, 5) : heuristicRelated(input.question, input.sources),
    usage: reply.usage,
  };
}

function parseQuestions(text: string): string[] {
  const json = text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1);
  try {
    const value = JSON.parse(json) as { questions?: unknown };
    return Array.isArray(value.questions)
      ? value.questions
          .filter((q): q is string => typeof q === 'string' && q.trim().length > 0)
          .map((q) => q.trim())
      : [];
  } catch {
    return [];
  }
}
