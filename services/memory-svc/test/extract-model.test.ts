import { type FakeOllama, type FakeOpenAI, startFakeOllama, startFakeOpenAI } from '@perplexica/fakes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { factsJsonSchema } from '../src/extraction/fact-model.ts';
import {
  chatSvc,
  extractBody,
  type MemoryServiceUnderTest,
  memoryClient,
  startMemoryService,
} from './harness.ts';

const memoriesOf = async (svc: MemoryServiceUnderTest, userId: string) =>
  (await memoryClient(svc.url, await svc.token(userId)).list()).body.memories;

const lastChatBody = (fake: FakeOpenAI | FakeOllama) =>
  fake.calls.filter((call) => call.method === 'POST' && /chat/.test(call.path)).at(-1)?.body as Record<
    string,
    any
  >;

describe('extraction with an OpenAI-compatible model', () => {
  let openai: FakeOpenAI;
  let svc: MemoryServiceUnderTest;
  let chat: ReturnType<typeof chatSvc>;

  beforeAll(async () => {
    openai = await startFakeOpenAI();
    svc = await startMemoryService({
      LLM_PROVIDER: 'openai',
      OPENAI_BASE_URL: `${openai.url}/v1`,
      OPENAI_API_KEY: 'sk-test',
      OPENAI_CHAT_MODEL: 'gpt-4o-mini',
      MODEL_MAX_RETRIES: '0',
    });
    chat = chatSvc(svc.url);
  });
  afterAll(async () => {
    await svc?.close();
    await openai?.close();
  });
  beforeEach(() => openai.reset());

  it('asks for strict structured output and keeps the facts the model returns', async () => {
    openai.setResponder(({ response_format }) => {
      const format = response_format as { type?: string };
      if (format?.type !== 'json_schema') return { content: 'I was not asked for JSON' };
      return {
        content: JSON.stringify({ memories: ['I am allergic to peanuts', 'i have two cats.'] }),
      };
    });
    const threadId = '0b5f3c1e-8d2a-4f6b-9c7e-1a2b3c4d5e6f';
    const response = await chat.extract(
      extractBody('llm-ada', 'I am allergic to peanuts and have two cats. What snacks are safe for me?', {
        threadId,
        answer: 'Popcorn is a safe snack [1].',
      }),
    );
    expect(response.body).toEqual({ queued: true });
    await svc.jobsSettled();

    const memories = await memoriesOf(svc, 'llm-ada');
    expect(memories.map((m: { text: string }) => m.text).sort()).toEqual([
      'I am allergic to peanuts',
      'I have two cats',
    ]);
    for (const memory of memories) expect(memory).toMatchObject({ source: 'extracted', threadId });

    const body = lastChatBody(openai);
    expect(body.model).toBe('gpt-4o-mini');
    expect(body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'user_memories', strict: true, schema: factsJsonSchema },
    });
    expect(body.messages[0].role).toBe('system');
    expect(body.messages.at(-1)).toEqual({
      role: 'user',
      content: 'I am allergic to peanuts and have two cats. What snacks are safe for me?',
    });
    // Facts come from the user's words only: the answer is never sent to the model.
    expect(JSON.stringify(body.messages)).not.toContain('Popcorn');
  });

  it('tells the model what is already known about the topic', async () => {
    await memoryClient(svc.url, await svc.token('llm-known')).create('I live in Berlin');
    openai.setResponder(() => ({ content: '{"memories":[]}' }));
    await chat.extract(extractBody('llm-known', 'What is the weather in Berlin this weekend?'));
    await svc.jobsSettled();
    expect(lastChatBody(openai).messages[0].content).toContain('- I live in Berlin');
    expect(await memoriesOf(svc, 'llm-known')).toHaveLength(1);
  });

  it('ignores garbage output without failing the job', async () => {
    const replies = [
      'Sure! The user likes tea.',
      '{"memories": "I like tea"}',
      '{"facts": ["I like tea"]}',
      '[1, 2, 3]',
      '',
    ];
    for (const content of replies) {
      openai.setResponder(() => ({ content }));
      await chat.extract(extractBody('llm-garbage', 'I like tea. What goes well with it?'));
      await svc.jobsSettled();
    }
    expect(openai.chatCount()).toBe(replies.length);
    expect(await memoriesOf(svc, 'llm-garbage')).toEqual([]);
    expect(svc.logs.lines().some((line) => line.msg === 'model output ignored')).toBe(true);
    expect(svc.logs.lines().some((line) => line.msg === 'memory extraction failed')).toBe(false);
  });

  it('keeps only well-formed facts of a reply, at most five', async () => {
    openai.setResponder(() => ({
      content: `\`\`\`json\n${JSON.stringify({
        memories: [
          '',
          '   ',
          'x'.repeat(501),
          ...Array.from({ length: 8 }, (_, i) => `I own bike number ${i}`),
        ],
      })}\n\`\`\``,
    }));
    await chat.extract(extractBody('llm-bounded', 'I collect bikes.'));
    await svc.jobsSettled();
    expect(await memoriesOf(svc, 'llm-bounded')).toHaveLength(5);
  });

  it('retries with backoff when the provider fails, and then succeeds', async () => {
    openai.setMode('error500');
    let calls = 0;
    openai.setResponder(() => {
      calls++;
      return { content: '{"memories":["I am learning Portuguese"]}' };
    });
    await chat.extract(extractBody('llm-retry', 'I am learning Portuguese. How do I say hello?'));
    for (let i = 0; i < 100 && openai.chatCount() < 1; i++) await new Promise((r) => setTimeout(r, 50));
    openai.setMode('ok');
    await svc.jobsSettled();
    expect(openai.chatCount()).toBeGreaterThanOrEqual(2);
    expect(calls).toBe(1);
    expect((await memoriesOf(svc, 'llm-retry')).map((m: { text: string }) => m.text)).toEqual([
      'I am learning Portuguese',
    ]);
  });

  it('"forget that …" deletes without asking the model', async () => {
    await memoryClient(svc.url, await svc.token('llm-forget')).create('I prefer metric units');
    await chat.extract(extractBody('llm-forget', 'Please forget that I prefer metric units'));
    await svc.jobsSettled();
    expect(openai.chatCount()).toBe(0);
    expect(await memoriesOf(svc, 'llm-forget')).toEqual([]);
  });
});

describe('extraction with Ollama', () => {
  let ollama: FakeOllama;
  let svc: MemoryServiceUnderTest;

  beforeAll(async () => {
    ollama = await startFakeOllama();
    svc = await startMemoryService({
      LLM_PROVIDER: 'ollama',
      OLLAMA_URL: ollama.url,
      OLLAMA_CHAT_MODEL: 'qwen3:8b',
    });
  });
  afterAll(async () => {
    await svc?.close();
    await ollama?.close();
  });

  it('passes the JSON schema as `format` and keeps the facts', async () => {
    ollama.setResponder(({ response_format }) =>
      response_format && typeof response_format === 'object'
        ? { content: JSON.stringify({ memories: ['My team uses Kotlin'] }) }
        : { content: 'no schema given' },
    );
    await chatSvc(svc.url).extract(
      extractBody('ollama-user', 'My team uses Kotlin. How do coroutines work?'),
    );
    await svc.jobsSettled();
    expect((await memoriesOf(svc, 'ollama-user')).map((m: { text: string }) => m.text)).toEqual([
      'My team uses Kotlin',
    ]);
    const body = lastChatBody(ollama);
    expect(body).toMatchObject({ model: 'qwen3:8b', stream: false, format: factsJsonSchema });
  });
});
