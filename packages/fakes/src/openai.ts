import type { ServerResponse } from 'node:http';
import { EMBEDDING_DIMENSIONS, embed, toBase64Float32 } from './embedding.ts';
import {
  type FakeContext,
  type FakeRequest,
  type FakeServer,
  failMidway,
  sendJson,
  startFakeServer,
} from './fake-server.ts';
import { complete, type FakeLlmOptions, LlmState, type LlmSwitches, llmSwitches } from './llm-state.ts';
import { chatCompletionBody, chatCompletionEvents, openaiError } from './openai-wire.ts';
import type { ChatMessage, ToolDefinition } from './responder.ts';
import { writeStream } from './stream-writer.ts';
import { countTokens } from './words.ts';

export type FakeOpenAIOptions = FakeLlmOptions;
export interface FakeOpenAI extends FakeServer, LlmSwitches {}

export const OPENAI_MODELS = ['gpt-4o-mini', 'gpt-4o', 'text-embedding-3-small', 'text-embedding-3-large'];
const MODELS_CREATED = 1_700_000_000;

type Body = Record<string, unknown>;

/** An OpenAI-compatible server for the official `openai` client; base URL `${url}/v1`. */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const state = new LlmState(options);
  let completions = 0;

  /** Answers the failure modes; true when the request is dealt with. */
  const failed = (res: ServerResponse): boolean => {
    switch (state.mode) {
      case 'hang':
        return true;
      case 'rate_limited':
        sendJson(
          res,
          429,
          openaiError(
            'Rate limit reached for requests. Please try again in 1s.',
            'rate_limit_exceeded',
            'rate_limit_exceeded',
          ),
          { 'retry-after': '1', 'x-ratelimit-remaining-requests': '0' },
        );
        return true;
      case 'error500':
        sendJson(
          res,
          500,
          openaiError('The server had an error while processing your request.', 'server_error', null),
        );
        return true;
      default:
        return false;
    }
  };

  const chat = async (body: Body, res: ServerResponse, ctx: FakeContext) => {
    state.chats++;
    if (failed(res)) return;
    if (!Array.isArray(body.messages) || typeof body.model !== 'string') {
      const param = Array.isArray(body.messages) ? 'model' : 'messages';
      return sendJson(
        res,
        400,
        openaiError(
          `Missing required parameter: '${param}'.`,
          'invalid_request_error',
          'missing_required_parameter',
          param,
        ),
      );
    }
    const stream = body.stream === true;
    const completion = await complete(state.respond, {
      messages: body.messages as ChatMessage[],
      tools: Array.isArray(body.tools) ? (body.tools as ToolDefinition[]) : [],
      model: body.model,
      stream,
      response_format: body.response_format,
    });
    const ids = {
      id: `chatcmpl-fake${String(++completions).padStart(6, '0')}`,
      created: Math.floor(Date.now() / 1000),
      model: body.model,
    };
    if (!stream) {
      if (state.mode === 'fail_mid_stream') {
        const text = JSON.stringify(chatCompletionBody(ids, completion));
        return failMidway(res, text.slice(0, text.length >> 1));
      }
      return sendJson(res, 200, chatCompletionBody(ids, completion));
    }
    const streamOptions = body.stream_options as { include_usage?: boolean } | undefined;
    await writeStream(
      res,
      ctx,
      chatCompletionEvents(ids, completion, streamOptions?.include_usage === true),
      {
        contentType: 'text/event-stream; charset=utf-8',
        delayMs: state.chunkDelayMs,
        failMidway: state.mode === 'fail_mid_stream',
      },
    );
  };

  const embeddings = (body: Body, res: ServerResponse) => {
    state.embeddings++;
    if (failed(res)) return;
    const texts = embeddingInputs(body.input);
    if (!texts || typeof body.model !== 'string') {
      const param = texts ? 'model' : 'input';
      return sendJson(
        res,
        400,
        openaiError(`Invalid or missing '${param}'.`, 'invalid_request_error', null, param),
      );
    }
    const dimensions = typeof body.dimensions === 'number' ? body.dimensions : EMBEDDING_DIMENSIONS;
    const base64 = body.encoding_format === 'base64';
    let tokens = 0;
    const data = texts.map((text, index) => {
      tokens += countTokens(text);
      const vector = embed(text, dimensions);
      return { object: 'embedding', index, embedding: base64 ? toBase64Float32(vector) : vector };
    });
    const answer = {
      object: 'list',
      data,
      model: body.model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    };
    if (state.mode === 'fail_mid_stream') {
      const text = JSON.stringify(answer);
      return failMidway(res, text.slice(0, text.length >> 1));
    }
    sendJson(res, 200, answer);
  };

  const handle = async (req: FakeRequest, res: ServerResponse, ctx: FakeContext) => {
    const route = `${req.method} ${req.path.replace(/\/+$/, '')}`;
    if (!/^Bearer\s+\S+/i.test(req.headers.authorization ?? '')) {
      return sendJson(
        res,
        401,
        openaiError(
          "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
          'invalid_request_error',
          null,
        ),
      );
    }
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Body;
    if (route === 'POST /v1/chat/completions') return chat(body, res, ctx);
    if (route === 'POST /v1/embeddings') return embeddings(body, res);
    if (route === 'GET /v1/models') {
      return sendJson(res, 200, { object: 'list', data: OPENAI_MODELS.map(modelObject) });
    }
    const model = route.match(/^GET \/v1\/models\/(.+)$/)?.[1];
    if (model && OPENAI_MODELS.includes(model)) return sendJson(res, 200, modelObject(model));
    sendJson(
      res,
      404,
      openaiError(
        `Invalid URL (${req.method} ${req.path})`,
        'invalid_request_error',
        model ? 'model_not_found' : null,
      ),
    );
  };

  const server = await startFakeServer(handle, {
    latencyMs: options.latencyMs,
    onReset: () => {
      state.reset();
      completions = 0;
    },
  });
  return Object.assign(server, llmSwitches(state));
}

const modelObject = (id: string) => ({ id, object: 'model', created: MODELS_CREATED, owned_by: 'system' });

/** `input` may be a string, strings, a token array or token arrays; tokens embed as their ids. */
function embeddingInputs(input: unknown): string[] | undefined {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  if (input.every((item) => typeof item === 'string')) return input;
  if (input.every((item) => typeof item === 'number')) return [input.join(' ')];
  if (input.every((item) => Array.isArray(item))) return input.map((tokens) => tokens.join(' '));
  return undefined;
}
