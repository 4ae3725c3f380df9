import OpenAI, { APIConnectionError, RateLimitError } from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOpenAI, startFakeOpenAI } from '../src/index.ts';

let fake: FakeOpenAI;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  client = new OpenAI({ apiKey: 'sk-test', baseURL: `${fake.url}/v1`, maxRetries: 0 });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

const sourcesPrompt = [
  'Answer using the sources below and cite them.',
  '[1] Photosynthesis - Wikipedia',
  'Photosynthesis converts light energy into chemical energy stored in glucose.',
  '[2] About Sleep | CDC',
  'Adults need seven or more hours of sleep per night for good health.',
].join('\n');

const searchTool = {
  type: 'function' as const,
  function: {
    name: 'web_search',
    description: 'Search the web',
    parameters: { type: 'object', properties: { query: { type: 'string' } } },
  },
};

describe('chat completions', () => {
  it('answers non-streaming with sentences citing the given sources', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: sourcesPrompt },
        { role: 'user', content: 'How do plants make food?' },
      ],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('gpt-4o-mini');
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe('stop');
    expect(choice?.message.role).toBe('assistant');
    const content = choice?.message.content ?? '';
    expect(content).toContain('Photosynthesis converts light energy');
    const citations = [...content.matchAll(/\[(\d+)\]/g)].map((match) => match[1]);
    expect(citations.length).toBeGreaterThanOrEqual(2);
    expect(new Set(citations)).toEqual(new Set(['1', '2']));
    expect(completion.usage?.total_tokens).toBe(
      (completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0),
    );
    expect(fake.chatCount()).toBe(1);
    expect(fake.calls[0]).toMatchObject({ method: 'POST', path: '/v1/chat/completions' });
  });

  it('streams word-sized chunks that assemble into the non-streamed answer, plus usage', async () => {
    const messages = [
      { role: 'system' as const, content: sourcesPrompt },
      { role: 'user' as const, content: 'How do plants make food?' },
    ];
    const whole = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const pieces: string[] = [];
    const finishReasons: string[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      expect(chunk.object).toBe('chat.completion.chunk');
      const choice = chunk.choices[0];
      if (choice?.delta.content) pieces.push(choice.delta.content);
      if (choice?.finish_reason) finishReasons.push(choice.finish_reason);
      if (chunk.usage) usage = chunk.usage;
    }
    expect(pieces.length).toBeGreaterThan(5);
    expect(pieces.join('')).toBe(whole.choices[0]?.message.content);
    expect(finishReasons).toEqual(['stop']);
    expect(usage?.completion_tokens).toBe(whole.usage?.completion_tokens);
  });

  it('calls the search tool with the user question when tools are offered', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'latest news on black holes' }],
      tools: [
        { type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } },
        searchTool,
      ],
    });
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    const call = choice?.message.tool_calls?.[0];
    expect(call?.type).toBe('function');
    if (call?.type !== 'function') throw new Error('expected a function call');
    expect(call.function.name).toBe('web_search');
    expect(JSON.parse(call.function.arguments)).toEqual({ query: 'latest news on black holes' });
  });

  it('answers instead of calling a tool once a tool result follows the question', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      tools: [searchTool],
      messages: [
        { role: 'user', content: 'How do plants make food?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'web_search', arguments: '{"query":"x"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: sourcesPrompt },
      ],
    });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.choices[0]?.message.content).toMatch(/\[1\]/);
  });

  it('streams tool calls the client can reassemble', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      messages: [{ role: 'user', content: 'what is quantum computing' }],
      tools: [searchTool],
    });
    let name = '';
    let args = '';
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta;
      for (const call of delta?.tool_calls ?? []) {
        name += call.function?.name ?? '';
        args += call.function?.arguments ?? '';
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(name).toBe('web_search');
    expect(JSON.parse(args)).toEqual({ query: 'what is quantum computing' });
    expect(finish).toBe('tool_calls');
  });

  it('uses a responder set per test, and reset() restores the default', async () => {
    fake.setResponder(({ model }) => ({ content: `custom answer from ${model}` }));
    const custom = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(custom.choices[0]?.message.content).toBe('custom answer from gpt-4o');
    fake.reset();
    const plain = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(plain.choices[0]?.message.content).not.toContain('custom');
  });
});

describe('embeddings', () => {
  const cosine = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);

  it('answers the default base64 request with 64-dim unit vectors, similar texts closer', async () => {
    const result = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['solar panels make electricity', 'solar panels produce electricity', 'roman empire history'],
    });
    expect(fake.calls[0]?.body).toMatchObject({ encoding_format: 'base64' });
    const [a, b, c] = result.data.map((item) => item.embedding);
    if (!a || !b || !c) throw new Error('expected three embeddings');
    expect(a).toHaveLength(64);
    expect(cosine(a, a)).toBeCloseTo(1, 5);
    expect(cosine(a, b)).toBeGreaterThan(cosine(a, c));
    expect(result.usage.prompt_tokens).toBe(11);
    expect(fake.embeddingCount()).toBe(1);
  });

  it('answers float arrays when asked, equal to the decoded base64 ones', async () => {
    const input = 'how do vaccines work';
    const asFloat = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input,
      encoding_format: 'float',
    });
    const asDefault = await client.embeddings.create({ model: 'text-embedding-3-small', input });
    const floats = asFloat.data[0]?.embedding ?? [];
    expect(Array.isArray(floats)).toBe(true);
    const decoded = asDefault.data[0]?.embedding ?? [];
    expect(floats).toHaveLength(64);
    floats.forEach((value, i) => {
      expect(decoded[i]).toBeCloseTo(value, 6);
    });
  });
});

describe('models and auth', () => {
  it('lists models', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toContain('gpt-4o-mini');
  });

  it('answers 401 with an OpenAI error body when the Authorization header is missing', async () => {
    const response = await fetch(`${fake.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: Record<string, unknown> };
    expect(body.error).toMatchObject({ type: 'invalid_request_error', param: null, code: null });
    expect(body.error.message).toMatch(/API key/);
    expect(fake.chatCount()).toBe(0);
  });
});

describe('failure modes', () => {
  it('rate_limited answers 429 with retry-after, surfacing as RateLimitError', async () => {
    fake.setMode('rate_limited');
    const error = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    const rateLimit = error as InstanceType<typeof RateLimitError>;
    expect(rateLimit.status).toBe(429);
    expect(rateLimit.headers?.get('retry-after')).toBe('1');
    expect(rateLimit.type).toBe('rate_limit_exceeded');
  });

  it('error500 answers 500 with an OpenAI error body', async () => {
    fake.setMode('error500');
    const error = await client.embeddings
      .create({ model: 'text-embedding-3-small', input: 'x' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
  });

  it('fail_mid_stream sends a few chunks, then the stream throws', async () => {
    fake.setMode('fail_mid_stream');
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      messages: [
        { role: 'system', content: sourcesPrompt },
        { role: 'user', content: 'How do plants make food?' },
      ],
    });
    const pieces: string[] = [];
    const consume = async () => {
      for await (const chunk of stream) pieces.push(chunk.choices[0]?.delta.content ?? '');
    };
    await expect(consume()).rejects.toThrow();
    expect(pieces.length).toBeGreaterThan(0);
  });

  it('fail_mid_stream on a non-streaming call is a connection error', async () => {
    fake.setMode('fail_mid_stream');
    const error = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(RateLimitError);
  });

  it('hang never answers; the client gives up on its own timeout', async () => {
    fake.setMode('hang');
    const error = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }, { timeout: 200 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(fake.chatCount()).toBe(1);
  });
});

describe('chunkDelayMs', () => {
  it('still delivers every chunk when pausing between them', async () => {
    const slow = await startFakeOpenAI({ chunkDelayMs: 2 });
    try {
      const slowClient = new OpenAI({ apiKey: 'k', baseURL: `${slow.url}/v1`, maxRetries: 0 });
      const stream = await slowClient.chat.completions.create({
        model: 'm',
        stream: true,
        messages: [{ role: 'user', content: 'tell me about photosynthesis' }],
      });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      expect(text).toContain('photosynthesis');
    } finally {
      await slow.close();
    }
  });
});
