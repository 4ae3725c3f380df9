import type { ServerResponse } from 'node:http';
import { embed } from './embedding.ts';
import {
  type FakeContext,
  type FakeRequest,
  type FakeServer,
  failMidway,
  sendJson,
  sendText,
  startFakeServer,
} from './fake-server.ts';
import {
  type Completion,
  complete,
  type FakeLlmOptions,
  LlmState,
  type LlmSwitches,
  llmSwitches,
  wordChunks,
} from './llm-state.ts';
import type { ChatMessage, ToolDefinition } from './responder.ts';
import { writeStream } from './stream-writer.ts';
import { countTokens } from './words.ts';

export type FakeOllamaOptions = FakeLlmOptions;
export interface FakeOllama extends FakeServer, LlmSwitches {}

export const OLLAMA_VERSION = '0.12.6';
export const OLLAMA_MODELS = ['llama3.2:latest', 'qwen3:8b', 'nomic-embed-text:latest'];

type Body = Record<string, unknown>;

/** Durations (nanoseconds) Ollama reports on a final chunk; fixed so answers stay deterministic. */
function finalStats(completion: Completion) {
  return {
    done: true,
    done_reason: 'stop',
    total_duration: 250_000_000,
    load_duration: 10_000_000,
    prompt_eval_count: completion.promptTokens,
    prompt_eval_duration: 40_000_000,
    eval_count: completion.completionTokens,
    eval_duration: 200_000_000,
  };
}

/** Ollama's tool calls: arguments as an object, not a JSON string. */
const toolCallsOf = (completion: Completion) =>
  completion.toolCalls.map((call) => ({ function: { name: call.name, arguments: call.arguments } }));

/** An Ollama-compatible server for the `ollama` client (`new Ollama({ host: url })`). */
export async function startFakeOllama(options: FakeOllamaOptions = {}): Promise<FakeOllama> {
  const state = new LlmState(options);

  /** Answers the failure modes; true when the request is dealt with. Ollama errors are `{error}`. */
  const failed = (res: ServerResponse): boolean => {
    switch (state.mode) {
      case 'hang':
        return true;
      case 'rate_limited':
        sendJson(res, 429, { error: 'too many requests' }, { 'retry-after': '1' });
        return true;
      case 'error500':
        sendJson(res, 500, { error: 'llama runner process has terminated' });
        return true;
      default:
        return false;
    }
  };

  /** Streams NDJSON lines or sends the single merged object, honouring fail_mid_stream. */
  const reply = async (res: ServerResponse, ctx: FakeContext, stream: boolean, lines: object[]) => {
    if (!stream) {
      const whole = lines.at(-1) ?? {};
      if (state.mode === 'fail_mid_stream') {
        const text = JSON.stringify(whole);
        return failMidway(res, text.slice(0, text.length >> 1));
      }
      return sendJson(res, 200, whole);
    }
    await writeStream(
      res,
      ctx,
      lines.map((line) => `${JSON.stringify(line)}\n`),
      {
        contentType: 'application/x-ndjson',
        delayMs: state.chunkDelayMs,
        failMidway: state.mode === 'fail_mid_stream',
      },
    );
  };

  const run = (body: Body, messages: ChatMessage[]) =>
    complete(state.respond, {
      messages,
      tools: Array.isArray(body.tools) ? (body.tools as ToolDefinition[]) : [],
      model: String(body.model),
      stream: body.stream !== false,
      response_format: body.format,
    });

  const chat = async (body: Body, res: ServerResponse, ctx: FakeContext) => {
    state.chats++;
    if (failed(res)) return;
    if (typeof body.model !== 'string') return sendJson(res, 400, { error: 'model is required' });
    const completion = await run(body, Array.isArray(body.messages) ? (body.messages as ChatMessage[]) : []);
    const base = { model: body.model, created_at: new Date().toISOString() };
    const stream = body.stream !== false;
    const toolCalls = toolCallsOf(completion);
    const lines: object[] = [];
    if (stream) {
      for (const piece of wordChunks(completion.content)) {
        lines.push({ ...base, message: { role: 'assistant', content: piece }, done: false });
      }
      // Ollama sends tool calls in their own chunk before the final one.
      if (toolCalls.length > 0) {
        lines.push({
          ...base,
          message: { role: 'assistant', content: '', tool_calls: toolCalls },
          done: false,
        });
      }
      lines.push({ ...base, message: { role: 'assistant', content: '' }, ...finalStats(completion) });
    } else {
      const message = {
        role: 'assistant',
        content: completion.content,
        ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
      };
      lines.push({ ...base, message, ...finalStats(completion) });
    }
    await reply(res, ctx, stream, lines);
  };

  const generate = async (body: Body, res: ServerResponse, ctx: FakeContext) => {
    state.chats++;
    if (failed(res)) return;
    if (typeof body.model !== 'string') return sendJson(res, 400, { error: 'model is required' });
    const messages: ChatMessage[] = [];
    if (typeof body.system === 'string') messages.push({ role: 'system', content: body.system });
    messages.push({ role: 'user', content: typeof body.prompt === 'string' ? body.prompt : '' });
    const completion = await run(body, messages);
    const base = { model: body.model, created_at: new Date().toISOString() };
    const stream = body.stream !== false;
    const final = {
      ...base,
      response: stream ? '' : completion.content,
      ...finalStats(completion),
      context: [],
    };
    const lines: object[] = stream
      ? wordChunks(completion.content).map((piece) => ({ ...base, response: piece, done: false }))
      : [];
    lines.push(final);
    await reply(res, ctx, stream, lines);
  };

  const embedMany = (body: Body, res: ServerResponse) => {
    state.embeddings++;
    if (failed(res)) return;
    const input = typeof body.input === 'string' ? [body.input] : body.input;
    if (!Array.isArray(input) || !input.every((item) => typeof item === 'string')) {
      return sendJson(res, 400, { error: 'invalid input type' });
    }
    let tokens = 0;
    for (const text of input) tokens += countTokens(text);
    const answer = {
      model: body.model,
      embeddings: input.map((text) => embed(text)),
      total_duration: 20_000_000,
      load_duration: 1_000_000,
      prompt_eval_count: tokens,
    };
    if (state.mode === 'fail_mid_stream') {
      const text = JSON.stringify(answer);
      return failMidway(res, text.slice(0, text.length >> 1));
    }
    sendJson(res, 200, answer);
  };

  /** The legacy single-prompt endpoint. */
  const embedOne = (body: Body, res: ServerResponse) => {
    state.embeddings++;
    if (failed(res)) return;
    const answer = { embedding: embed(typeof body.prompt === 'string' ? body.prompt : '') };
    if (state.mode === 'fail_mid_stream') {
      const text = JSON.stringify(answer);
      return failMidway(res, text.slice(0, text.length >> 1));
    }
    sendJson(res, 200, answer);
  };

  const handle = async (req: FakeRequest, res: ServerResponse, ctx: FakeContext) => {
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Body;
    switch (`${req.method} ${req.path}`) {
      case 'POST /api/chat':
        return chat(body, res, ctx);
      case 'POST /api/generate':
        return generate(body, res, ctx);
      case 'POST /api/embed':
        return embedMany(body, res);
      case 'POST /api/embeddings':
        return embedOne(body, res);
      case 'GET /api/tags':
        return sendJson(res, 200, { models: OLLAMA_MODELS.map(modelEntry) });
      case 'GET /api/version':
        return sendJson(res, 200, { version: OLLAMA_VERSION });
      case 'GET /':
      case 'HEAD /':
        // What health checks see on a real server.
        return sendText(res, 200, 'text/plain; charset=utf-8', 'Ollama is running');
      default:
        return sendJson(res, 404, { error: '404 page not found' });
    }
  };

  const server = await startFakeServer(handle, {
    latencyMs: options.latencyMs,
    onReset: () => state.reset(),
  });
  return Object.assign(server, llmSwitches(state));
}

function modelEntry(name: string) {
  return {
    name,
    model: name,
    modified_at: '2025-01-01T00:00:00Z',
    size: 2_019_393_189,
    digest: `fake${name.replace(/\W/g, '')}`.padEnd(64, '0'),
    details: {
      parent_model: '',
      format: 'gguf',
      family: 'llama',
      families: ['llama'],
      parameter_size: '3.2B',
      quantization_level: 'Q4_K_M',
    },
  };
}
