import { randomUUID } from 'node:crypto';
import { currentUser } from '@perplexica/auth-kit';
import { ApiError, type ErrorCode } from '@perplexica/errors';
import { jsonBody } from '@perplexica/http';
import type { ModelMessage } from '@perplexica/llm';
import { Hono } from 'hono';
import { z } from 'zod';
import { auditQuestionAsked } from '../audit.ts';
import type { ChatContext, ChatEnv } from '../deps.ts';
import { type AnswerOutcome, runAnswer } from '../pipeline/answer-pipeline.ts';
import { questionAskedEvent } from '../pipeline/question-asked.ts';
import type { Mode } from '../pipeline/request.ts';
import {
  type ControlPaths,
  checkSearchControls,
  contextSizeSchema,
  decideSearchControls,
  domainFilterSchema,
  type GivenSearchControls,
  recencySchema,
  searchModeSchema,
  sonarDateSchema,
} from '../pipeline/search-filters.ts';
import type { Source } from '../pipeline/sources.ts';
import { meterAnswer } from '../quota.ts';
import type { AnswerEvent } from '../streams/answer-events.ts';

/** Sonar's model names, and ours, to modes. */
const modelModes: Record<string, Mode> = {
  sonar: 'speed',
  'sonar-pro': 'balanced',
  'sonar-reasoning': 'quality',
  'sonar-reasoning-pro': 'quality',
  'sonar-deep-research': 'quality',
  speed: 'speed',
  balanced: 'balanced',
  quality: 'quality',
  learn: 'learn',
};

const contentSchema = z.union([
  z.string(),
  z.array(z.looseObject({ type: z.string(), text: z.string().optional() })).max(100),
]);

const completionRequest = (maxChars: number) =>
  z
    .looseObject({
      model: z.string().refine((name) => name in modelModes, {
        message: `must be one of ${Object.keys(modelModes).join(', ')}`,
      }),
      messages: z
        .array(
          z.looseObject({
            role: z.enum(['system', 'user', 'assistant', 'developer', 'tool']),
            content: contentSchema.nullish(),
          }),
        )
        .min(1)
        .max(100),
      stream: z.boolean().optional(),
      // Sonar's search controls, by Sonar's names; null is taken as absent, as Sonar does.
      search_mode: searchModeSchema.nullish(),
      search_domain_filter: domainFilterSchema.nullish(),
      search_recency_filter: recencySchema.nullish(),
      search_after_date_filter: sonarDateSchema.nullish(),
      search_before_date_filter: sonarDateSchema.nullish(),
      return_images: z.boolean().nullish(),
      return_related_questions: z.boolean().nullish(),
      // Sonar's other web_search_options (user_location, …) are accepted and not used.
      web_search_options: z.looseObject({ search_context_size: contextSizeSchema.nullish() }).nullish(),
    })
    .transform((body) => {
      const messages = body.messages.map((message) => ({
        role: message.role,
        content:
          typeof message.content === 'string'
            ? message.content
            : (message.content ?? []).map((part) => part.text ?? '').join('\n'),
      }));
      return { ...body, messages };
    })
    .superRefine((body, issue) => {
      checkSearchControls(givenControls(body), controlPaths, issue);
      const last = body.messages.at(-1);
      if (last?.role !== 'user' || !last.content.trim()) {
        issue.addIssue({
          code: 'custom',
          path: ['messages'],
          message: 'the last message must be a non-empty user message',
        });
      } else if (last.content.length > maxChars) {
        issue.addIssue({
          code: 'custom',
          path: ['messages'],
          message: `the question must be at most ${maxChars} characters`,
        });
      }
    });

const controlPaths: ControlPaths = {
  domainFilter: ['search_domain_filter'],
  recency: ['search_recency_filter'],
  afterDate: ['search_after_date_filter'],
  beforeDate: ['search_before_date_filter'],
  searchMode: ['search_mode'],
};

const givenControls = (body: {
  search_mode?: GivenSearchControls['searchMode'] | null;
  search_domain_filter?: string[] | null;
  search_recency_filter?: GivenSearchControls['recency'] | null;
  search_after_date_filter?: string | null;
  search_before_date_filter?: string | null;
  return_images?: boolean | null;
  return_related_questions?: boolean | null;
  web_search_options?: { search_context_size?: GivenSearchControls['contextSize'] | null } | null;
}): GivenSearchControls => ({
  searchMode: body.search_mode ?? undefined,
  domainFilter: body.search_domain_filter ?? undefined,
  recency: body.search_recency_filter ?? undefined,
  afterDate: body.search_after_date_filter ?? undefined,
  beforeDate: body.search_before_date_filter ?? undefined,
  returnImages: body.return_images ?? undefined,
  returnRelatedQuestions: body.return_related_questions ?? undefined,
  contextSize: body.web_search_options?.search_context_size ?? undefined,
});

/** Sonar's `images` entries, from media-svc's image results (its README has their fields). */
function sonarImages(images: unknown[]) {
  return images.flatMap((image) => {
    const { imageUrl, pageUrl, width, height } = (image ?? {}) as Record<string, unknown>;
    if (typeof imageUrl !== 'string') return [];
    return [
      {
        image_url: imageUrl,
        origin_url: typeof pageUrl === 'string' ? pageUrl : null,
        width: typeof width === 'number' ? width : null,
        height: typeof height === 'number' ? height : null,
      },
    ];
  });
}

const searchResultsOf = (sources: Source[]) =>
  sources.map((source) => ({
    title: source.title,
    url: source.url,
    date: source.publishedDate?.slice(0, 10) ?? null,
    // Ours, beside Sonar's fields: how far the source can be trusted and why.
    ...(source.credibility ? { credibility: source.credibility } : {}),
  }));

const usageOf = (outcome: AnswerOutcome) => ({
  prompt_tokens: outcome.usage.promptTokens,
  completion_tokens: outcome.usage.completionTokens,
  total_tokens: outcome.usage.promptTokens + outcome.usage.completionTokens,
});

/**
 * The OpenAI/Perplexity-Sonar compatible API: any OpenAI client can ask a question here and get a
 * cited answer, with `citations` and `search_results` as Sonar sends them. Nothing is saved to the
 * library: API callers keep their own history and send it in `messages`.
 */
export function completionRoutes(ctx: ChatContext): Hono<ChatEnv> {
  const app = new Hono<ChatEnv>();
  const schema = completionRequest(ctx.config.MAX_QUERY_CHARS);

  app.post('/', async (c) => {
    currentUser(c);
    const body = await jsonBody(c, schema);
    const mode = modelModes[body.model] as Mode;
    const question = (body.messages.at(-1) as { content: string }).content.trim();
    const history: ModelMessage[] = body.messages
      .slice(0, -1)
      .filter((message) => message.role === 'user' || message.role === 'assistant')
      .map((message) => ({ role: message.role as 'user' | 'assistant', content: message.content }));
    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const controller = new AbortController();
    // Sonar's defaults: no images, no related questions unless asked for.
    const controls = decideSearchControls(givenControls(body), {
      returnImages: false,
      returnRelatedQuestions: false,
    });
    const input = {
      question,
      mode,
      focus: controls.focus ?? ('web' as const),
      history,
      threadId: '',
      messageId: id,
      signal: controller.signal,
      controls,
    };
    const deps = {
      config: ctx.config,
      model: ctx.model,
      search: ctx.search,
      ...(controls.returnImages && ctx.config.ANSWER_MEDIA ? { media: ctx.media } : {}),
    };
    let images: unknown[] = [];
    const keepImages = (event: AnswerEvent) => {
      if (event.type === 'media') images = event.data.images;
    };
    // What Sonar adds when asked: images and related questions.
    const extras = (outcome: AnswerOutcome) => ({
      ...(controls.returnImages ? { images: sonarImages(images) } : {}),
      ...(controls.returnRelatedQuestions ? { related_questions: outcome.related } : {}),
    });
    await meterAnswer(ctx, currentUser(c), mode, id);
    // Accepted: the answer starts now. No thread here, so the completion's id is the target.
    auditQuestionAsked(
      c,
      ctx,
      (text) =>
        questionAskedEvent({
          completionId: id,
          request: { mode, focus: input.focus },
          followUp: history.length > 0,
          ...(text ? { text } : {}),
        }),
      input.question,
    );

    if (!body.stream) {
      // The sources as sent live carry their credibility's reasons (the outcome's are as saved).
      let sent: Source[] | null = null;
      const keepSources = (event: AnswerEvent) => {
        keepImages(event);
        if (event.type === 'sources') sent = event.data.sources;
      };
      const outcome = await runAnswer(deps, input, { emit: keepSources });
      if (outcome.status === 'failed' && outcome.error) {
        throw new ApiError(outcome.error.code as ErrorCode, outcome.error.message);
      }
      return c.json({
        id,
        object: 'chat.completion',
        created,
        model: body.model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: outcome.answer },
            finish_reason: outcome.status === 'complete' ? 'stop' : 'length',
          },
        ],
        citations: outcome.sources.map((source) => source.url),
        search_results: searchResultsOf(sent ?? outcome.sources),
        ...extras(outcome),
        usage: usageOf(outcome),
      });
    }

    const encoder = new TextEncoder();
    let live: ReadableStreamDefaultController<Uint8Array> | null = null;
    const write = (payload: unknown) => {
      if (!live) return;
      try {
        live.enqueue(
          encoder.encode(`data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`),
        );
      } catch {
        live = null;
      }
    };
    let sources: Source[] = [];
    let first = true;
    const chunk = (
      delta: Record<string, unknown>,
      finish: string | null,
      extra: Record<string, unknown> = {},
    ) => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model: body.model,
      choices: [{ index: 0, delta, finish_reason: finish }],
      ...extra,
    });
    const emit = (event: AnswerEvent) => {
      keepImages(event);
      if (event.type === 'sources') sources = event.data.sources;
      if (event.type !== 'delta') return;
      write(
        chunk(first ? { role: 'assistant', content: event.data.text } : { content: event.data.text }, null, {
          citations: sources.map((source) => source.url),
        }),
      );
      first = false;
    };
    const stream = new ReadableStream<Uint8Array>({
      start(streamController) {
        live = streamController;
      },
      cancel() {
        live = null;
        // No resume in this API: a client that leaves cancels the model call at once.
        controller.abort('disconnected');
      },
    });
    void runAnswer(deps, input, { emit })
      .then((outcome) => {
        if (outcome.status === 'failed' && outcome.error) {
          write({
            error: { message: outcome.error.message, type: outcome.error.code, code: outcome.error.code },
          });
        } else {
          write(
            chunk({}, outcome.status === 'complete' ? 'stop' : 'length', {
              citations: outcome.sources.map((source) => source.url),
              search_results: searchResultsOf(sources.length > 0 ? sources : outcome.sources),
              ...extras(outcome),
              usage: usageOf(outcome),
            }),
          );
        }
        write('[DONE]');
      })
      .catch((error: unknown) => ctx.logger.error({ err: error }, 'completion failed'))
      .finally(() => {
        try {
          live?.close();
        } catch {
          // the client went away
        }
      });
    return new Response(stream, {
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        'x-accel-buffering': 'no',
      },
    });
  });

  return app;
}
