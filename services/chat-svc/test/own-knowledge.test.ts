import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type MemoryServiceUnderTest,
  memoryClient,
  startMemoryService,
} from '../../memory-svc/test/harness.ts';
import {
  call,
  sample,
  startUploadService,
  type UploadServiceUnderTest,
  uploadFile,
  waitUntilProcessed,
} from '../../upload-svc/test/harness.ts';
import {
  answerText,
  ask,
  type ChatServiceUnderTest,
  eventOf,
  type Neighbours,
  startChatService,
  startNeighbours,
} from './harness.ts';

// chat-svc with the user's own knowledge: real upload-svc (s3rver, Postgres, Redis) and memory-svc.
let neighbours: Neighbours;
let upload: UploadServiceUnderTest;
let memory: MemoryServiceUnderTest;
let extractive: ChatServiceUnderTest & { closeAll(): Promise<void> };
let withModel: ChatServiceUnderTest & { closeAll(): Promise<void> };
let handbookId: string;

beforeAll(async () => {
  neighbours = await startNeighbours();
  upload = await startUploadService({ env: { LOG_LEVEL: 'warn' } });
  memory = await startMemoryService({ LOG_LEVEL: 'warn' });
  const knowledge = { UPLOAD_SERVICE_URL: upload.url, MEMORY_SERVICE_URL: memory.url };
  // Both chat-svc instances trust upload-svc's signing key, so one token works across the services.
  extractive = await startChatService(neighbours, { ...knowledge, LLM_PROVIDER: 'extractive' }, upload.keys);
  withModel = await startChatService(neighbours, knowledge, upload.keys);
  const token = await upload.userToken('reader');
  const uploaded = await uploadFile(upload.url, token, {
    name: 'handbook.pdf',
    bytes: await sample('handbook.pdf'),
  });
  handbookId = uploaded.body.file.id;
  expect((await waitUntilProcessed(upload.url, token, handbookId)).body.file.status).toBe('ready');
});
afterAll(async () => {
  await extractive?.closeAll();
  await withModel?.closeAll();
  await upload?.close();
  await memory?.close();
  await neighbours?.close();
});

describe('focus "files": answers from the user’s own files', () => {
  it('the extractive answerer cites the right file and page', async () => {
    const token = await extractive.token('reader');
    const { events } = await ask(extractive, token, {
      query: 'How many days of paid vacation does an employee get?',
      focus: 'files',
    });
    expect(eventOf(events, 'meta')?.data).toMatchObject({ focus: 'files', filesUnavailable: false });
    const sources = eventOf(events, 'sources')?.data.sources;
    expect(sources[0]).toMatchObject({
      n: 1,
      title: 'handbook.pdf · p. 2',
      url: `/files/${handbookId}#page=2`,
    });
    const answer = answerText(events);
    expect(answer).toContain('27 days of paid vacation');
    expect(answer).toContain('[1]');
    expect(eventOf(events, 'done')).toBeDefined();
    // No web search was made for a files-only question.
    const searched = neighbours.searxng.calls.map((c) => String(c.query.q ?? ''));
    expect(searched.filter((q) => q.includes('vacation'))).toEqual([]);
    // (The same question with the web focus does reach SearXNG.)
    await ask(extractive, token, { query: 'How many days of paid vacation does an employee get?' });
    expect(neighbours.searxng.calls.some((c) => String(c.query.q ?? '').includes('vacation'))).toBe(true);
  });

  it('a model gets the passage as a numbered source and cites it', async () => {
    const token = await withModel.token('reader');
    neighbours.openai.reset();
    const { events } = await ask(withModel, token, {
      query: 'By when must expense reports be submitted?',
      focus: 'files',
      mode: 'balanced',
    });
    const sources = eventOf(events, 'sources')?.data.sources;
    expect(sources[0]).toMatchObject({ title: 'handbook.pdf · p. 3', url: `/files/${handbookId}#page=3` });
    const prompt = JSON.stringify(neighbours.openai.calls.map((c) => c.body));
    expect(prompt).toContain('45 days of the purchase');
    expect(prompt).toContain("passages of the user's own files");
    expect(answerText(events)).toMatch(/\[1\]/);
  });

  it('another user’s files are never searched', async () => {
    const { events } = await ask(extractive, await extractive.token('stranger'), {
      query: 'How many days of paid vacation does an employee get?',
      focus: 'files',
    });
    expect(eventOf(events, 'sources')?.data.sources).toEqual([]);
    expect(answerText(events)).toContain('None of your files has a passage about this question');
  });

  it('a deleted file no longer appears in answers', async () => {
    const token = await upload.userToken('forgetful');
    const uploaded = await uploadFile(upload.url, token, {
      name: 'recipe.md',
      bytes: '# Grandma’s cake\n\nThe secret ingredient of the cake is cardamom.\n',
    });
    await waitUntilProcessed(upload.url, token, uploaded.body.file.id);
    const question = { query: 'What is the secret ingredient of the cake?', focus: 'files' };
    const before = await ask(extractive, token, question);
    expect(answerText(before.events)).toContain('cardamom');

    const removed = await call(`${upload.url}/api/v1/upload/files/${uploaded.body.file.id}`, {
      method: 'DELETE',
      token,
    });
    expect(removed.status).toBe(204);
    const after = await ask(extractive, token, question);
    expect(eventOf(after.events, 'sources')?.data.sources).toEqual([]);
    expect(answerText(after.events)).not.toContain('cardamom');
  });

  it('says so, and still answers, when upload-svc is down', async () => {
    const offline = await startChatService(neighbours, { LLM_PROVIDER: 'extractive' }, upload.keys);
    try {
      const { events } = await ask(offline, await offline.token('reader'), {
        query: 'How many days of paid vacation?',
        focus: 'files',
      });
      expect(eventOf(events, 'meta')?.data.filesUnavailable).toBe(true);
      expect(answerText(events)).toContain('Your files could not be searched just now');
      expect(eventOf(events, 'done')).toBeDefined();
    } finally {
      await offline.closeAll();
    }
  });
});

describe('AI memory', () => {
  it('recalled memories are used in the prompt and listed in meta', async () => {
    const mine = memoryClient(memory.url, await memory.token('rustacean'));
    const created = await mine.create('My favourite programming language is Rust');
    expect([200, 201]).toContain(created.status);
    await mine.create('I keep bees on my balcony');
    neighbours.openai.reset();
    const { events } = await ask(withModel, await withModel.token('rustacean'), {
      query: 'Which programming language should I learn next after my favourite one?',
    });
    const recalled = eventOf(events, 'meta')?.data.memories;
    expect(recalled).toEqual([
      { id: created.body.memory.id, text: 'My favourite programming language is Rust', scope: 'personal' },
    ]);
    const answerCall = neighbours.openai.calls.findLast((c) => c.path === '/v1/chat/completions');
    const system = (answerCall?.body as { messages?: Array<{ content: string }> } | undefined)?.messages?.[0]
      ?.content;
    expect(system).toContain('What you know about the user');
    expect(system).toContain('- My favourite programming language is Rust');
    expect(system).not.toContain('bees');
  });

  it('"remember that …" in a question becomes a memory (extractive: explicit requests only)', async () => {
    const token = await extractive.token('planner');
    const { events } = await ask(extractive, token, {
      query: 'Remember that our team ships releases on Fridays',
    });
    expect(eventOf(events, 'done')).toBeDefined();
    const mine = memoryClient(memory.url, await memory.token('planner'));
    const deadline = Date.now() + 15_000;
    let texts: string[] = [];
    while (Date.now() < deadline) {
      texts = (await mine.list()).body.memories.map((m: { text: string }) => m.text);
      if (texts.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(texts).toEqual(['Our team ships releases on Fridays']);
  });

  it('nothing is recalled or extracted for a user who turned memory off', async () => {
    const mine = memoryClient(memory.url, await memory.token('private'));
    await mine.create('My favourite programming language is Go');
    expect((await mine.putSettings({ enabled: false })).status).toBe(200);
    const token = await extractive.token('private');
    const { events } = await ask(extractive, token, {
      query: 'Remember that my favourite programming language is Zig',
    });
    expect(eventOf(events, 'meta')?.data.memories).toEqual([]);
    await memory.jobsSettled();
    const texts = (await mine.list()).body.memories.map((m: { text: string }) => m.text);
    expect(texts).toEqual(['My favourite programming language is Go']);
  });
});
