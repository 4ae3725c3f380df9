import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSearchService } from '../../search-svc/test/harness.ts';
import { answerText, ask, eventOf, type Neighbours, startChatService, startNeighbours } from './harness.ts';

let world: Neighbours;
let openaiChat: Awaited<ReturnType<typeof startChatService>>;
let ollamaChat: Awaited<ReturnType<typeof startChatService>>;
let extractiveChat: Awaited<ReturnType<typeof startChatService>>;

beforeAll(async () => {
  world = await startNeighbours();
  openaiChat = await startChatService(world);
  ollamaChat = await startChatService(world, { LLM_PROVIDER: 'ollama' });
  extractiveChat = await startChatService(world, { LLM_PROVIDER: 'extractive' });
});
afterAll(async () => {
  await Promise.all([openaiChat?.closeAll(), ollamaChat?.closeAll(), extractiveChat?.closeAll()]);
  await world?.close();
});
beforeEach(() => {
  world.openai.reset();
  world.ollama.reset();
});

const QUESTION = 'How does photosynthesis turn sunlight into chemical energy?';
const citesOnly = (answer: string, count: number) =>
  [...answer.matchAll(/\[(\d+)\]/g)].every((m) => Number(m[1]) >= 1 && Number(m[1]) <= count);

describe('modes', () => {
  it('balanced rewrites the question, reads pages and asks the model for related questions (≤4 calls)', async () => {
    const result = await ask(openaiChat, await openaiChat.token(), { query: QUESTION, mode: 'balanced' });
    const done = eventOf(result.events, 'done')?.data;
    expect(done.status).toBe('complete');
    expect(world.openai.chatCount()).toBe(3);
    expect(world.openai.chatCount()).toBeLessThanOrEqual(4);
    expect(eventOf(result.events, 'related')?.data.questions).toHaveLength(3);
    const sources = eventOf(result.events, 'sources')?.data.sources;
    expect(citesOnly(answerText(result.events), sources.length)).toBe(true);
  });

  it('quality runs research rounds through the Mastra agent and streams them as progress', async () => {
    const result = await ask(openaiChat, await openaiChat.token(), { query: QUESTION, mode: 'quality' });
    const steps = result.events.filter((e) => e.event === 'progress').map((e) => e.data.text);
    expect(steps.some((text) => text.startsWith('Planned searches'))).toBe(true);
    expect(steps.some((text) => text.startsWith('Searching:'))).toBe(true);
    expect(eventOf(result.events, 'done')?.data.status).toBe('complete');
    // rewrite, agent tool call, agent summary, answer, related
    expect(world.openai.chatCount()).toBe(5);
  });

  it('learn answers as a tutor', async () => {
    const prompts: string[] = [];
    world.openai.setResponder((request) => {
      prompts.push(JSON.stringify(request.messages));
      return { content: 'Step one: light is absorbed [1]. Can you say where?' };
    });
    const result = await ask(openaiChat, await openaiChat.token(), { query: QUESTION, mode: 'learn' });
    expect(eventOf(result.events, 'done')).toBeDefined();
    expect(prompts.some((prompt) => prompt.includes('patient tutor'))).toBe(true);
  });

  it('writing focus does no search and cites nothing', async () => {
    const before = world.searxng.searchCount();
    const result = await ask(openaiChat, await openaiChat.token(), {
      query: 'Write a short poem about autumn leaves',
      focus: 'writing',
    });
    expect(world.searxng.searchCount()).toBe(before);
    expect(eventOf(result.events, 'sources')).toBeUndefined();
    expect(eventOf(result.events, 'done')?.data.status).toBe('complete');
  });

  it.each(['academic', 'video', 'social', 'patents', 'local'])(
    '%s focus streams a complete answer',
    async (focus) => {
      const result = await ask(openaiChat, await openaiChat.token(), { query: QUESTION, focus });
      expect(eventOf(result.events, 'meta')?.data.focus).toBe(focus);
      expect(eventOf(result.events, 'done')?.data.status).toBe('complete');
    },
  );

  it('answers in the language of the question', async () => {
    const prompts: string[] = [];
    world.openai.setResponder((request) => {
      prompts.push(JSON.stringify(request.messages));
      return { content: 'Pflanzen nutzen Licht [1].' };
    });
    const result = await ask(openaiChat, await openaiChat.token(), {
      query: 'Wie wandeln Pflanzen Sonnenlicht in chemische Energie um?',
    });
    expect(eventOf(result.events, 'meta')?.data.language).toBe('German');
    expect(prompts[0]).toContain('Answer in German.');
  });
});

describe('providers', () => {
  it('ollama answers through its own client and wire format', async () => {
    const result = await ask(ollamaChat, await ollamaChat.token(), { query: QUESTION });
    expect(eventOf(result.events, 'meta')?.data.model).toBe('llama3.2');
    expect(world.ollama.chatCount()).toBe(1);
    expect(world.openai.chatCount()).toBe(0);
    const sources = eventOf(result.events, 'sources')?.data.sources;
    const answer = answerText(result.events);
    expect(answer).toMatch(/\[\d+\]/);
    expect(citesOnly(answer, sources.length)).toBe(true);
  });

  it('ollama embeddings rank the sources in balanced mode', async () => {
    const result = await ask(ollamaChat, await ollamaChat.token(), { query: QUESTION, mode: 'balanced' });
    expect(eventOf(result.events, 'done')?.data.status).toBe('complete');
    expect(world.ollama.embeddingCount()).toBe(1);
  });

  it('extractive composes the answer from source sentences with no model, and says so', async () => {
    const result = await ask(extractiveChat, await extractiveChat.token(), {
      query: QUESTION,
      mode: 'balanced',
    });
    expect(eventOf(result.events, 'meta')?.data.model).toBe('extractive');
    const answer = answerText(result.events);
    expect(answer).toContain('Photosynthesis is the process');
    const sources = eventOf(result.events, 'sources')?.data.sources;
    expect(answer).toMatch(/\[\d+\]/);
    expect(citesOnly(answer, sources.length)).toBe(true);
    expect(eventOf(result.events, 'related')?.data.questions.length).toBeGreaterThanOrEqual(3);
    expect(world.openai.chatCount() + world.ollama.chatCount()).toBe(0);
  });

  it('with no SearXNG and nothing ingested, the answer says how to add documents', async () => {
    // The first question on a fresh install: search-svc runs its local engine over an empty index.
    const emptySearch = await startSearchService({ SEARXNG_URL: '', LOG_LEVEL: 'warn' });
    const freshChat = await startChatService(
      { ...world, search: emptySearch },
      { LLM_PROVIDER: 'extractive', SEARCH_SERVICE_URL: emptySearch.url },
    );
    try {
      const result = await ask(freshChat, await freshChat.token(), { query: QUESTION });
      const notice = eventOf(result.events, 'meta')?.data.searchNotice;
      expect(notice).toContain('pnpm ingest');
      expect(notice).toContain('SEARXNG_URL');
      expect(answerText(result.events)).toBe(notice);
      expect(eventOf(result.events, 'sources')?.data.sources).toEqual([]);
      expect(eventOf(result.events, 'done')?.data.status).toBe('complete');
    } finally {
      await freshChat.closeAll();
      await emptySearch.close();
    }
  });
});
