import type { NewThread, SavedMessage } from '../clients/library-client.ts';
import type { ChatContext } from '../deps.ts';
import type { AnswerDeps, AnswerOutcome } from './answer-pipeline.ts';

/** The clients an answer reaches, the same for a streamed answer and a Task's run. */
export function answerDepsOf(ctx: ChatContext): AnswerDeps {
  return {
    config: ctx.config,
    model: ctx.model,
    search: ctx.search,
    files: ctx.files,
    memory: ctx.memory,
    ...(ctx.config.ANSWER_MEDIA ? { media: ctx.media } : {}),
  };
}

/** What library-svc keeps of one finished answer (with the thread to create, for a first answer). */
export function answerRecord(input: {
  userId: string;
  query: string;
  mode: string;
  focus: string;
  outcome: AnswerOutcome;
  newThread?: NewThread;
}): SavedMessage {
  const { outcome } = input;
  return {
    userId: input.userId,
    query: input.query,
    answer: outcome.answer,
    sources: outcome.sources.map((source) => ({ ...source, index: source.n })),
    related: outcome.related,
    mode: input.mode,
    focus: input.focus,
    model: outcome.model,
    status: outcome.status,
    ...(outcome.error ? { error: outcome.error.message } : {}),
    usage: { ...outcome.usage },
    timings: outcome.timings,
    ...(input.newThread ? { thread: input.newThread } : {}),
  };
}
