import type { ChatModel, ModelUsage } from '../providers/chat-model.ts';
import { terms } from './bm25.ts';
import type { Source } from './sources.ts';

const STOP = new Set(
  'the a an and or of to in on for with is are was were be been how what why when where which who whom does do did can could should would will about from into than then that this these those it its as at by vs versus'.split(
    ' ',
  ),
);

// A question usually starts "how/why/what + auxiliary", then its subject, then a verb.
const OPENING =
  /^(?:(?:how|why|what|when|where|which|who)\s+(?:much|many|long)?\s*)?(?:do|does|did|is|are|was|were|can|could|should|would|will|has|have|had)\s+/i;
const COMMON_VERBS = new Set(
  'make makes work works turn turns convert converts cause causes affect affects use uses help helps mean means get gets become becomes happen happens compare differ produce produces generate generates change changes lead leads need needs work affect impact impacts improve reduce increase decrease cost costs take takes'.split(
    ' ',
  ),
);

/**
 * The question's subject, e.g. "solar panels" in "How do solar panels make electricity?": the words
 * after the opening, up to the first common verb. Falls back to its content words.
 */
export function subjectOf(question: string): string {
  const body = question
    .trim()
    .replace(/[?!.]+$/, '')
    .replace(OPENING, '');
  const words = body.split(/\s+/).filter(Boolean);
  const verbAt = words.findIndex((word, index) => index > 0 && COMMON_VERBS.has(word.toLowerCase()));
  const phrase = (verbAt > 0 ? words.slice(0, verbAt) : words).slice(0, 6).join(' ');
  const meaningful = terms(phrase).some((word) => !STOP.has(word));
  if (meaningful && phrase.length <= 60) return phrase.replace(/^the\s+/i, '');
  const keywords = terms(question).filter((word) => !STOP.has(word));
  return keywords.slice(0, 4).join(' ') || question.slice(0, 60);
}

/**
 * Follow-up questions without a model call (speed mode and the extractive answerer): templated
 * from the question's subject and the top sources' titles. Templates avoid verbs that would have
 * to agree with the subject ("has"/"have"), since a subject may be singular or plural.
 */
export function heuristicRelated(question: string, sources: Source[]): string[] {
  const subject = subjectOf(question);
  const questions = [
    `What are the main benefits and drawbacks of ${subject}?`,
    `What are the latest developments in ${subject}?`,
  ];
  for (const source of sources.slice(0, 2)) {
    const title = source.title.replace(/\s*[|–—-]\s*[^|–—-]*$/, '').trim();
    if (title.length >= 8 && title.length <= 90) questions.push(`What does "${title}" say about ${subject}?`);
  }
  if (questions.length < 4) questions.push(`What are common misconceptions about ${subject}?`);
  return questions.slice(0, 5);
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
