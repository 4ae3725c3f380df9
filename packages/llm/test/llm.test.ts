import { type FakeOllama, type FakeOpenAI, startFakeOllama, startFakeOpenAI } from '@perplexica/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createModelFromEnv, llmEnv, ModelError } from '../src/index.ts';

let openai: FakeOpenAI;
let ollama: FakeOllama;
beforeAll(async () => {
  openai = await startFakeOpenAI();
  ollama = await startFakeOllama();
});
afterAll(async () => {
  await openai.close();
  await ollama.close();
});

const env = (extra: Record<string, string>) =>
  z.object(llmEnv).parse({ OPENAI_API_KEY: 'sk-test', MODEL_MAX_RETRIES: '0', ...extra });
const schema = {
  name: 'city',
  schema: {
    type: 'object',
    properties: { name: { type: 'string' } },
    required: ['name'],
    additionalProperties: false,
  },
};

describe('createModelFromEnv', () => {
  it('is null for the extractive setting: callers answer without a model', () => {
    expect(createModelFromEnv(env({}))).toBeNull();
  });

  it('asks OpenAI for structured output with a strict JSON schema and a temperature', async () => {
    openai.setResponder(() => ({ content: '{"name":"Oslo"}' }));
    const model = createModelFromEnv(env({ LLM_PROVIDER: 'openai', OPENAI_BASE_URL: `${openai.url}/v1` }));
    const reply = await model?.complete({
      messages: [{ role: 'user', content: 'Capital of Norway?' }],
      schema,
      temperature: 0,
      signal: new AbortController().signal,
    });
    expect(JSON.parse(reply?.text ?? '')).toEqual({ name: 'Oslo' });
    const body = openai.calls.at(-1)?.body as Record<string, unknown>;
    expect(body.response_format).toEqual({ type: 'json_schema', json_schema: { ...schema, strict: true } });
    expect(body.temperature).toBe(0);
    openai.reset();
  });

  it('gives Ollama the schema as `format`', async () => {
    const model = createModelFromEnv(env({ LLM_PROVIDER: 'ollama', OLLAMA_URL: ollama.url }));
    await model?.complete({
      messages: [{ role: 'user', content: 'Hi' }],
      schema,
      signal: new AbortController().signal,
    });
    const body = ollama.calls.at(-1)?.body as Record<string, unknown>;
    expect(body.format).toEqual(schema.schema);
  });

  it('says which failures are worth retrying', async () => {
    openai.setMode('rate_limited');
    const model = createModelFromEnv(env({ LLM_PROVIDER: 'openai', OPENAI_BASE_URL: `${openai.url}/v1` }));
    const failure = await model
      ?.complete({ messages: [{ role: 'user', content: 'x' }], signal: new AbortController().signal })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ModelError);
    expect((failure as ModelError).retryable).toBe(true);
    openai.reset();
    expect(new ModelError('failed', 'bad model', { status: 404 }).retryable).toBe(false);
    expect(new ModelError('failed', 'server error', { status: 503 }).retryable).toBe(true);
  });
});
