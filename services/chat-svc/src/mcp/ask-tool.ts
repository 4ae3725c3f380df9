import { randomUUID } from 'node:crypto';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { currentUser } from '@perplexica/auth-kit';
import { ApiError } from '@perplexica/errors';
import type { Context } from 'hono';
import { z } from 'zod';
import { auditQuestionAsked } from '../audit.ts';
import type { ChatContext, ChatEnv } from '../deps.ts';
import { type AnswerOutcome, runAnswer } from '../pipeline/answer-pipeline.ts';
import { questionAskedEvent } from '../pipeline/question-asked.ts';
import { focuses, modes } from '../pipeline/request.ts';
import { meterAnswer } from '../quota.ts';
import { answerProgress, type ToolExtra } from './answer-progress.ts';
import { answerFailureWords, toolFailure } from './tool-failure.ts';
import { sourceSchema } from './tool-schemas.ts';

/** Every focus but "files": like the completions API, an MCP answer reads no user files. */
const askFocuses = focuses.filter((focus) => focus !== 'files') as [
  Exclude<(typeof focuses)[number], 'files'>,
  ...Exclude<(typeof focuses)[number], 'files'>[],
];

const askInput = (maxChars: number) =>
  z.strictObject({
    question: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(maxChars, `must be at most ${maxChars} characters`),
    mode: z
      .enum(modes)
      .default('speed')
      .describe(
        'speed (default: one search, quick), balanced (several searches, pages read), quality (a research agent, slowest, counted against the plan), learn (a tutor’s step-by-step answer)',
      ),
    focus: z
      .enum(askFocuses)
      .default('web')
      .describe(
        'where sources come from: web (default), academic, video, social, patents, local, or writing (no search)',
      ),
  });

const askOutput = z.object({
  answer: z.string().describe('the answer in Markdown; [n] cites sources[n-1]'),
  status: z
    .enum(['complete', 'incomplete'])
    .describe('incomplete: the model stopped early; the answer is partial'),
  mode: z.enum(modes),
  focus: z.enum(askFocuses),
  model: z.string().describe('the model that wrote it ("extractive": built from source sentences, no model)'),
  sources: z.array(sourceSchema),
  related: z.array(z.string()).describe('follow-up questions'),
  usage: z.object({ promptTokens: z.number(), completionTokens: z.number() }),
});

const duration = (ms: number) => (ms < 1_000 ? `${ms} ms` : `${Math.round(ms / 1_000)} seconds`);

/** Why an answer was stopped, by the reason given to its AbortController. */
type StopReason = 'timeout' | 'search_unavailable' | 'cancelled';

function readableAnswer(outcome: AnswerOutcome, cutShort: string | null): string {
  const sources = outcome.sources.map((source) => `[${source.n}] ${source.title} — ${source.url}`);
  return [
    outcome.answer.trim(),
    ...(cutShort ? [`(The answer was cut short: ${cutShort})`] : []),
    ...(sources.length > 0 ? [`Sources:\n${sources.join('\n')}`] : []),
  ].join('\n\n');
}

/**
 * `ask`: one answer, run as a non-streamed completion is (POST /api/v1/chat/completions): metered
 * when quality, audited as `question.ask`, nothing saved to the library. Bounded by
 * MCP_ASK_TIMEOUT_MS.
 */
export function registerAskTool(server: McpServer, ctx: ChatContext, c: Context<ChatEnv>): void {
  const limitMs = ctx.config.MCP_ASK_TIMEOUT_MS;
  server.registerTool(
    'ask',
    {
      title: 'Ask the answer engine',
      description:
        'Answers a question from fresh web search results: an answer in Markdown whose [n] citations point to the numbered sources returned with it, plus follow-up questions. Takes seconds (speed) to a minute or more (quality).',
      inputSchema: askInput(ctx.config.MAX_QUERY_CHARS),
      outputSchema: askOutput,
      annotations: { readOnlyHint: true, openWorldHint: true, idempotentHint: false },
    },
    async ({ question, mode, focus }, extra): Promise<CallToolResult> => {
      const logger = c.get('logger');
      const id = `mcp-${randomUUID()}`;
      try {
        await meterAnswer(ctx, currentUser(c), mode, id);
      } catch (error) {
        if (error instanceof ApiError) return toolFailure(error.message);
        throw error;
      }
      auditQuestionAsked(
        c,
        ctx,
        (text) =>
          questionAskedEvent({
            completionId: id,
            request: { mode, focus },
            followUp: false,
            ...(text ? { text } : {}),
          }),
        question,
      );

      const stop = new AbortController();
      const halt = (reason: StopReason) => {
        if (!stop.signal.aborted) stop.abort(reason);
      };
      const cancelled = () => halt('cancelled');
      extra.signal.addEventListener('abort', cancelled, { once: true });
      const timer = setTimeout(() => halt('timeout'), limitMs);
      const progress = answerProgress(extra as ToolExtra);
      let outcome: AnswerOutcome;
      try {
        outcome = await runAnswer(
          { config: ctx.config, model: ctx.model, search: ctx.search },
          { question, mode, focus, history: [], threadId: '', messageId: id, signal: stop.signal },
          {
            emit(event) {
              // A program asking here wants a cited answer; one from the model's memory is what it
              // already has. So no model call is spent once search is known to be down.
              if (event.type === 'meta' && event.data.searchUnavailable) halt('search_unavailable');
              progress(event);
            },
          },
        );
      } finally {
        clearTimeout(timer);
        extra.signal.removeEventListener('abort', cancelled);
      }

      if (outcome.status === 'complete' || (outcome.status === 'incomplete' && !stop.signal.aborted)) {
        const cutShort = outcome.status === 'incomplete' ? answerFailureWords(outcome.error) : null;
        return {
          content: [{ type: 'text', text: readableAnswer(outcome, cutShort) }],
          structuredContent: {
            answer: outcome.answer,
            status: outcome.status,
            mode,
            focus,
            model: outcome.model,
            sources: outcome.sources,
            related: outcome.related,
            usage: {
              promptTokens: outcome.usage.promptTokens,
              completionTokens: outcome.usage.completionTokens,
            },
          },
        };
      }
      const reason = stop.signal.reason as StopReason | undefined;
      if (reason) logger.info({ answerId: id, reason }, 'mcp ask stopped');
      if (reason === 'search_unavailable')
        return toolFailure(
          'Web search is unavailable right now, so no cited answer could be written; try again shortly.',
        );
      if (reason === 'timeout')
        return toolFailure(
          `The answer took longer than ${duration(limitMs)} and was stopped; try again, or ask in speed mode.`,
        );
      if (reason === 'cancelled') return toolFailure('The request was cancelled.');
      if (outcome.error?.code === 'internal') logger.error({ answerId: id }, 'mcp ask failed unexpectedly');
      return toolFailure(answerFailureWords(outcome.error));
    },
  );
}
