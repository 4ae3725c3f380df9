import type { ServerResponse } from 'node:http';
import { EMBEDDING_DIMENSIONS, embed, toBase64Float32 } from './embedding.ts';
import {
  type FakeContext,
  type FakeRequest,
  type FakeServer,
  failMidway,
  sendJson,
  sendText,
  startFakeServer,
} from './fake-server.ts';
import { complete, type FakeLlmOptions, LlmState, type LlmSwitches, llmSwitches } from './llm-state.ts';
import {
  chatCompletionBody,
  chatCompletionEvents,
  exampleForSchema,
  type FakeImage,
  fakeImagePng,
  imagesResponseBody,
  openaiError,
} from './openai-wire.ts';
import {
  type ChatMessage,
  defaultResponder,
  type ResponderRequest,
  type ToolDefinition,
} from './responder.ts';
import { writeStream } from './stream-writer.ts';
import { countTokens } from './words.ts';

export type FakeOpenAIOptions = FakeLlmOptions;
export type { FakeImage };

/** The `json_schema` response format a request asked for: `{name, schema, strict}`. */
export interface RequestedJsonSchema {
  name: string;
  schema: Record<string, unknown>;
  strict: boolean;
}

/** Builds the structured answer to a request that asked for a JSON schema (a value to serialise). */
export type StructuredBuilder = (schema: RequestedJsonSchema, request: ResponderRequest) => unknown;

export interface FakeOpenAI extends FakeServer, LlmSwitches {
  /**
   * Answers requests with `response_format: {type: 'json_schema', json_schema}` with the JSON of
   * what `build` returns (a function of the schema and the request; return something invalid to
   * test how a caller refuses it); without `build`, the smallest value that fits the schema.
   * Requests without a schema get the default responder. `reset()` undoes it.
   */
  setStructuredResponder(build?: StructuredBuilder): void;
  /** `POST /v1/images/generations` requests received, whatever the mode. */
  imageCount(): number;
  /** Every image generated since start or `reset()`, oldest first (at most 50 kept). */
  generatedImages(): FakeImage[];
}

export const OPENAI_MODELS = ['gpt-4o-mini', 'gpt-4o', 'text-embedding-3-small', 'text-embedding-3-large'];
const MODELS_CREATED = 1_700_000_000;

type Body = Record<string, unknown>;

/** An OpenAI-compatible server for the official `openai` client; base URL `${url}/v1`. */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const state = new LlmState(options);
  let completions = 0;
  let imageRequests = 0;
  const images: FakeImage[] = [];
  /** Images served by URL (DALL·E's default), by id; they go with reset() or close(). */
  const imageFiles = new Map<string, Buffer>();
  let baseUrl = '';

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

  const generateImages = (body: Body, res: ServerResponse) => {
    imageRequests++;
    if (failed(res)) return;
    const invalid = imageRequestProblem(body);
    if (invalid) return sendJson(res, 400, invalid);
    const prompt = body.prompt as string;
    if (prompt.includes(UNSAFE_PROMPT_MARKER)) {
      return sendJson(
        res,
        400,
        openaiError(
          'Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.',
          'image_generation_user_error',
          'content_policy_violation',
        ),
      );
    }
    const model = imageModelOf(body);
    const gptImage = isGptImageModel(model);
    const size = typeof body.size === 'string' && body.size !== 'auto' ? body.size : '1024x1024';
    const [width = 1024, height = 1024] = size.split('x').map(Number);
    const asUrl = !gptImage && body.response_format !== 'b64_json';
    const count = typeof body.n === 'number' ? body.n : 1;
    const data = Array.from({ length: count }, (_, index) => {
      const bytes = fakeImagePng(index === 0 ? prompt : `${prompt}#${index}`, width, height);
      images.push({ prompt, model, size, bytes });
      if (images.length > MAX_KEPT_IMAGES) images.shift();
      const revised = gptImage ? {} : { revised_prompt: `A detailed picture of ${prompt}` };
      if (!asUrl) return { b64_json: bytes.toString('base64'), ...revised };
      const id = `img-${String(imageRequests).padStart(6, '0')}-${index}`;
      imageFiles.set(id, bytes);
      if (imageFiles.size > MAX_KEPT_IMAGES) imageFiles.delete(imageFiles.keys().next().value as string);
      return { url: `${baseUrl}/fake-images/${id}.png`, ...revised };
    });
    const answer = imagesResponseBody(data, {
      created: Math.floor(Date.now() / 1000),
      gptImage,
      size,
      quality: typeof body.quality === 'string' && body.quality !== 'auto' ? body.quality : 'medium',
      promptTokens: countTokens(prompt),
    });
    if (state.mode === 'fail_mid_stream') {
      const text = JSON.stringify(answer);
      return failMidway(res, text.slice(0, text.length >> 1));
    }
    sendJson(res, 200, answer);
  };

  const handle = async (req: FakeRequest, res: ServerResponse, ctx: FakeContext) => {
    const route = `${req.method} ${req.path.replace(/\/+$/, '')}`;
    // Image URLs are public links to a blob store, fetched without the API key.
    const imageFile = route.match(/^GET \/fake-images\/([\w-]+)\.png$/)?.[1];
    if (imageFile !== undefined) {
      const bytes = imageFiles.get(imageFile);
      if (!bytes) return sendText(res, 404, 'text/plain', 'The specified blob does not exist.');
      return sendText(res, 200, 'image/png', bytes);
    }
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
    if (route === 'POST /v1/images/generations') return generateImages(body, res);
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
      imageRequests = 0;
      images.length = 0;
      imageFiles.clear();
    },
  });
  baseUrl = server.url;
  return Object.assign(server, llmSwitches(state), {
    setStructuredResponder(build?: StructuredBuilder) {
      state.setResponder((request) => {
        const schema = requestedJsonSchema(request.response_format);
        if (!schema) return defaultResponder(request);
        const value = build ? build(schema, request) : exampleForSchema(schema.schema);
        return { content: JSON.stringify(value) };
      });
    },
    imageCount: () => imageRequests,
    generatedImages: () => [...images],
  });
}

/** A prompt containing this is refused the way OpenAI's safety system refuses one (400). */
export const UNSAFE_PROMPT_MARKER = 'UNSAFE';
const MAX_KEPT_IMAGES = 50;

/** The real API's default when no model is named. */
const imageModelOf = (body: Body) => (typeof body.model === 'string' ? body.model : 'dall-e-2');
const isGptImageModel = (model: string) => model.startsWith('gpt-image') || model === 'chatgpt-image-latest';

const imageSizes = (model: string): string[] => {
  if (isGptImageModel(model)) return ['auto', '1024x1024', '1536x1024', '1024x1536'];
  if (model === 'dall-e-3') return ['1024x1024', '1792x1024', '1024x1792'];
  return ['256x256', '512x512', '1024x1024'];
};

/** What the real endpoint refuses with 400 before generating anything, or null. */
function imageRequestProblem(body: Body) {
  if (typeof body.prompt !== 'string' || body.prompt.length === 0) {
    return openaiError(
      "Missing required parameter: 'prompt'.",
      'invalid_request_error',
      'missing_required_parameter',
      'prompt',
    );
  }
  const model = imageModelOf(body);
  if (isGptImageModel(model) && body.response_format !== undefined) {
    return openaiError(
      "Unknown parameter: 'response_format'.",
      'invalid_request_error',
      'unknown_parameter',
      'response_format',
    );
  }
  const sizes = imageSizes(model);
  if (body.size !== undefined && (typeof body.size !== 'string' || !sizes.includes(body.size))) {
    return openaiError(
      `Invalid value: '${String(body.size)}'. Supported values are: ${sizes.map((size) => `'${size}'`).join(', ')}.`,
      'invalid_request_error',
      'invalid_value',
      'size',
    );
  }
  const maxN = model === 'dall-e-3' ? 1 : 10;
  if (
    body.n !== undefined &&
    (!Number.isInteger(body.n) || (body.n as number) < 1 || (body.n as number) > maxN)
  ) {
    return openaiError(
      `Invalid 'n': must be an integer from 1 to ${maxN} for ${model}.`,
      'invalid_request_error',
      'invalid_value',
      'n',
    );
  }
  if (
    body.response_format !== undefined &&
    body.response_format !== 'url' &&
    body.response_format !== 'b64_json'
  ) {
    return openaiError(
      `Invalid value: '${String(body.response_format)}'. Supported values are: 'url' and 'b64_json'.`,
      'invalid_request_error',
      'invalid_value',
      'response_format',
    );
  }
  return null;
}

/** The `json_schema` a chat request's `response_format` asked for, or null. */
function requestedJsonSchema(format: unknown): RequestedJsonSchema | null {
  if (!format || typeof format !== 'object') return null;
  const { type, json_schema: jsonSchema } = format as { type?: unknown; json_schema?: unknown };
  if (type !== 'json_schema' || !jsonSchema || typeof jsonSchema !== 'object') return null;
  const { name, schema, strict } = jsonSchema as { name?: unknown; schema?: unknown; strict?: unknown };
  return {
    name: typeof name === 'string' ? name : '',
    schema: schema && typeof schema === 'object' ? (schema as Record<string, unknown>) : {},
    strict: strict === true,
  };
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
