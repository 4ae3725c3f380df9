import { randomUUID } from 'node:crypto';
import { currentUser } from '@perplexica/auth-kit';
import { ApiError, notFound } from '@perplexica/errors';
import { jsonBody, pathParams } from '@perplexica/http';
import type { ModelMessage } from '@perplexica/llm';
import { Hono } from 'hono';
import { z } from 'zod';
import { auditQuestionAsked } from '../audit.ts';
import type { ChatContext, ChatEnv } from '../deps.ts';
import { questionAskedEvent } from '../pipeline/question-asked.ts';
import { chatRequestSchema, resolveRequest } from '../pipeline/request.ts';
import { meterAnswer } from '../quota.ts';
import { ownerKey, stopKey } from '../streams/event-log.ts';
import { resumeAnswer } from '../streams/resumed-answer.ts';
import { startStreamedAnswer } from '../streams/streamed-answer.ts';

const sseHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  // Traefik/nginx must not buffer the stream.
  'x-accel-buffering': 'no',
};

const messagePath = z.object({ messageId: z.uuid() });
const lastEventId = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** The earlier turns of a thread as chat messages, newest `turns` only, long answers trimmed. */
function historyOf(messages: { query: string; answer: string }[], turns: number): ModelMessage[] {
  return messages.slice(-turns).flatMap((message) => [
    { role: 'user' as const, content: message.query },
    { role: 'assistant' as const, content: message.answer.slice(0, 4_000) },
  ]);
}

/** Who owns an answer's stream: this instance knows its running answers, Redis knows the rest. */
async function ownerOf(ctx: ChatContext, messageId: string): Promise<string | null> {
  return ctx.generations.get(messageId)?.userId ?? (await ctx.redis.get(ownerKey(messageId)));
}

export function chatRoutes(ctx: ChatContext): Hono<ChatEnv> {
  const app = new Hono<ChatEnv>();
  const bodySchema = chatRequestSchema(ctx.config.MAX_QUERY_CHARS);

  app.post('/', async (c) => {
    const user = currentUser(c);
    const body = await jsonBody(c, bodySchema);
    let threadId = body.threadId;
    let history: ModelMessage[] = [];
    let spaceId = body.spaceId;
    if (threadId) {
      const thread = await ctx.library.getThread(threadId, user.id);
      if (!thread) throw notFound('Thread');
      history = historyOf(thread.messages, ctx.config.HISTORY_TURNS);
      // A follow-up stays in its thread's space, whether or not the client says so again.
      if (spaceId && thread.spaceId && spaceId !== thread.spaceId) {
        throw new ApiError('validation_failed', 'This thread belongs to another space', {
          details: [{ path: 'body.spaceId', message: 'does not match the thread' }],
        });
      }
      spaceId ??= thread.spaceId ?? undefined;
    }
    // A space the user cannot see is answered like one that does not exist.
    const access = spaceId ? await ctx.spaces.access(spaceId, user) : null;
    if (spaceId && !access) throw notFound('Space');
    const space = access?.space ?? null;
    const request = resolveRequest({ ...body, ...(spaceId ? { spaceId } : {}) }, space);
    const newThread = !threadId;
    threadId ??= randomUUID();
    const messageId = randomUUID();
    await meterAnswer(ctx, user, request.mode, messageId);
    // Accepted: the answer starts now. What was asked stays private (questionAskedEvent).
    auditQuestionAsked(
      c,
      ctx,
      (text) => questionAskedEvent({ threadId, request, followUp: !newThread, ...(text ? { text } : {}) }),
      request.query,
    );
    const stream = startStreamedAnswer(ctx, {
      user,
      request,
      space,
      threadId,
      newThread,
      history,
      messageId,
    });
    return new Response(stream, {
      status: 200,
      headers: { ...sseHeaders, 'x-thread-id': threadId, 'x-message-id': messageId },
    });
  });

  app.get('/streams/:messageId', async (c) => {
    const user = currentUser(c);
    const { messageId } = pathParams(c, messagePath);
    if ((await ownerOf(ctx, messageId)) !== user.id) throw notFound('Answer stream');
    const raw = c.req.header('last-event-id') ?? c.req.query('lastEventId') ?? '0';
    const parsed = lastEventId.safeParse(raw);
    if (!parsed.success)
      throw new ApiError('validation_failed', 'Last-Event-ID must be an event id from this stream');
    const body = resumeAnswer({
      redis: ctx.redis,
      generations: ctx.generations,
      messageId,
      afterSeq: parsed.data,
      waitMs: ctx.config.RESUME_WAIT_MS,
      graceMs: ctx.config.CLIENT_GRACE_MS,
    });
    return new Response(body, { status: 200, headers: { ...sseHeaders, 'x-message-id': messageId } });
  });

  app.post('/:messageId/stop', async (c) => {
    const user = currentUser(c);
    const { messageId } = pathParams(c, messagePath);
    if ((await ownerOf(ctx, messageId)) !== user.id) throw notFound('Answer');
    const local = ctx.generations.get(messageId);
    if (local) local.controller.abort('stopped');
    // An answer running on another instance sees this marker on its next write.
    else await ctx.redis.set(stopKey(messageId), '1', 'EX', ctx.config.STREAM_TTL_SECONDS);
    return c.json({ messageId, stopping: true }, 202);
  });

  return app;
}
