import type { ChatModel, ModelUsage } from '../providers/chat-model.ts';
import { terms } from './bm25.ts';
import type { Source } from './sources.ts';

const STOP = new Set(
  'the a an and or of to in on for with is are was were be been how what why when where which who whom does do did can could should would will about from into than then that this these those it its as at by vs versus'.split(
    ' ',
  ),
);

function topic(question: string): string {
  const words = terms(question).filter((word) => !STOP.has(word));
  return words.slice(0, 5).join(' ') || question.slice(0, 60);
}

/**
 * Follow-up questions without a model call (speed mode and the extractive answerer): templated
 * from the question's keywords and the top sources' titles.
 */
export function heuristicRelated(question: string, sources: Source[]): string[] {
  const subject = topic(question);
  const questions = [
    `What are the main benefits and drawbacks of ${subject}?`,
    `How has ${subject} changed in recent years?`,
  ];
  for (const source of sources.slice(0, 2)) {
    const title = source.title.replace(/\s*[|–—-]\s*[^|–—-]*$/, '').trim();
    if (title.length >= 8 && title.length <= 90) questions.push(`What does "${title}" say about ${subject}?`);
  }
  if (questions.length < 3) questions.push(`What are common misconceptions about ${subject}?`);
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
