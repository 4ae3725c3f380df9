import type { AuthUser } from '@perplexica/auth-kit';
import type { ModelMessage } from '@perplexica/llm';
import type { SpaceSummary } from '@perplexica/service-clients';
import type { ChatContext } from '../deps.ts';
import { type AnswerOutcome, runAnswer } from '../pipeline/answer-pipeline.ts';
import { answerDepsOf, answerRecord } from '../pipeline/answer-record.ts';
import type { ChatRequest } from '../pipeline/request.ts';
import { announceQualityAnswer } from '../webhooks/webhook-events.ts';
import { type AnswerEvent, sseFrame } from './answer-events.ts';
import { createEventLog } from './event-log.ts';

const encoder = new TextEncoder();

export interface StreamedAnswerInput {
  user: AuthUser;
  request: ChatRequest;
  /** The space asked in (access already checked), or null. */
  space: SpaceSummary | null;
  threadId: string;
  /** Set for a new thread: library-svc creates it when the answer is saved. */
  newThread: boolean;
  history: ModelMessage[];
  messageId: string;
}

/**
 * Starts an answer that runs on its own, independent of the HTTP response: every event goes
 * straight to the live response (while the client is there) and, batched per tick, to the Redis
 * event log that resumed clients read. The answer is saved to library-svc once, when it ends,
 * before the final `done`/`error` event, so a client that saw `done` finds it in the library.
 */
export function startStreamedAnswer(
  ctx: ChatContext,
  input: StreamedAnswerInput,
): ReadableStream<Uint8Array> {
  const { config, generations } = ctx;
  const { messageId, threadId, request, user } = input;
  const generation = generations.start(messageId, user.id);
  const log = createEventLog(ctx.redis, messageId, user.id, {
    ttlSeconds: config.STREAM_TTL_SECONDS,
    maxEvents: config.STREAM_MAX_EVENTS,
    flushIntervalMs: config.STREAM_FLUSH_MS,
    onStopRequested: () => generation.controller.abort('stopped'),
  });
  let live: ReadableStreamDefaultController<Uint8Array> | null = null;
  let seq = 0;
  // Frames of one tick go out as one chunk: a model streaming token by token would otherwise
  // cost a socket write per token, which is most of an answer's CPU under load.
  let unsent = '';
  let flushScheduled = false;
  const flushLive = () => {
    flushScheduled = false;
    if (!unsent) return;
    const frames = unsent;
    unsent = '';
    if (!live) return;
    try {
      live.enqueue(encoder.encode(frames));
    } catch {
      live = null;
    }
  };

  const send = (event: AnswerEvent) => {
    seq += 1;
    const data = JSON.stringify(event.data);
    if (live) {
      unsent += sseFrame(seq, event.type, data);
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flushLive);
      }
    }
    log.append(seq, event.type, data, event.type === 'delta' ? event.data.text : undefined);
  };

  // Tokens that arrive together (one network read) become one `delta` event: the client gets the
  // same text with one frame, one id and one parse instead of one per token.
  let pendingText = '';
  let deltaScheduled = false;
  const sendPendingDelta = () => {
    deltaScheduled = false;
    if (!pendingText) return;
    const text = pendingText;
    pendingText = '';
    send({ type: 'delta', data: { text } });
  };
  const emit = (event: AnswerEvent) => {
    if (event.type === 'delta') {
      pendingText += event.data.text;
      if (!deltaScheduled) {
        deltaScheduled = true;
        setImmediate(sendPendingDelta);
      }
      return;
    }
    sendPendingDelta();
    send(event);
  };

  // A new thread is created by the same call that saves its first answer: one write per answer.
  const newThread = input.newThread
    ? {
        ...(user.orgId ? { orgId: user.orgId } : {}),
        title: request.query.slice(0, 200),
        ...(request.spaceId ? { spaceId: request.spaceId } : {}),
        mode: request.mode,
        focus: request.focus,
      }
    : undefined;

  const save = async (outcome: AnswerOutcome) => {
    try {
      await ctx.library.putMessage(
        threadId,
        messageId,
        answerRecord({
          userId: user.id,
          query: request.query,
          mode: request.mode,
          focus: request.focus,
          outcome,
          ...(newThread ? { newThread } : {}),
        }),
      );
    } catch (error) {
      ctx.logger.warn({ err: error, threadId, messageId }, 'could not save the answer to library-svc');
    }
  };

  // memory-svc extracts facts from the exchange in its own queue; the answer never waits for it.
  const rememberFrom = (outcome: AnswerOutcome) => {
    ctx.memory
      .extract({
        userId: user.id,
        orgId: user.orgId,
        threadId,
        question: request.query,
        answer: outcome.answer,
      })
      .catch((error: unknown) =>
        ctx.logger.warn({ err: error, threadId }, 'could not hand the exchange to memory-svc'),
      );
  };

  const run = async () => {
    const outcome = await runAnswer(
      answerDepsOf(ctx),
      {
        question: request.query,
        mode: request.mode,
        focus: request.focus,
        ...(request.language ? { language: request.language } : {}),
        history: input.history,
        threadId,
        messageId,
        signal: generation.controller.signal,
        asker: { id: user.id, orgId: user.orgId },
        space: input.space,
        controls: request.search,
      },
      { emit },
    );
    await save(outcome);
    if (request.mode === 'quality' && outcome.status === 'complete') {
      await announceQualityAnswer(ctx, {
        userId: user.id,
        threadId,
        messageId,
        question: request.query,
        answer: outcome.answer,
        sources: outcome.sources,
      });
    }
    if (outcome.memoryEnabled && outcome.status === 'complete') rememberFrom(outcome);
    if (outcome.error) {
      emit({ type: 'error', data: { ...outcome.error, status: outcome.status } });
    } else {
      emit({
        type: 'done',
        data: { status: outcome.status, usage: outcome.usage, timings: outcome.timings },
      });
    }
  };

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      live = controller;
    },
    cancel() {
      live = null;
      generations.detach(messageId);
    },
  });

  void run()
    .catch((error: unknown) => ctx.logger.error({ err: error, messageId }, 'answer runner failed'))
    .finally(async () => {
      await log.close();
      generations.finish(messageId);
      flushLive();
      if (live) {
        try {
          live.close();
        } catch {
          // the client went away in the meantime
        }
        live = null;
      }
    });
  return stream;
}
