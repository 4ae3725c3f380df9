import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chatSvc,
  extractBody,
  type MemoryServiceUnderTest,
  memoryClient,
  startMemoryService,
} from './harness.ts';

let svc: MemoryServiceUnderTest;
let chat: ReturnType<typeof chatSvc>;

beforeAll(async () => {
  // No LLM_PROVIDER: the extractive rules, without any model.
  svc = await startMemoryService();
  chat = chatSvc(svc.url);
});
afterAll(() => svc?.close());

const clientFor = async (userId: string) => memoryClient(svc.url, await svc.token(userId));

/** Polls until the user's memories satisfy `done` (bounded), then returns them. */
async function memoriesWhen(userId: string, done: (texts: string[]) => boolean) {
  const client = await clientFor(userId);
  for (let attempt = 0; attempt < 100; attempt++) {
    const memories = (await client.list()).body.memories;
    if (done(memories.map((memory: { text: string }) => memory.text))) return memories;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`memories of ${userId} never reached the expected state`);
}

describe('extraction without a model', () => {
  it('keeps an explicit "remember that …" after the job runs', async () => {
    const threadId = randomUUID();
    const response = await chat.extract(
      extractBody('ext-ada', 'Remember that I prefer metric units', { threadId }),
    );
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ queued: true });
    const [memory] = await memoriesWhen('ext-ada', (texts) => texts.length > 0);
    expect(memory).toMatchObject({
      text: 'I prefer metric units',
      scope: 'personal',
      source: 'extracted',
      threadId,
    });
  });

  it('understands the other ways of asking, and nothing else', async () => {
    const questions = [
      'remember: my daughter is called Anna.',
      'Please remember I am allergic to peanuts. What snacks are safe?',
      "Don't forget that I live in St. Petersburg!",
      'What is the capital of France?',
      'Do you remember that film with Tom Hanks?',
      'I prefer dark mode. Which editor should I use?',
    ];
    for (const question of questions) await chat.extract(extractBody('ext-many', question));
    await svc.jobsSettled();
    const texts = (await (await clientFor('ext-many')).list()).body.memories.map(
      (m: { text: string }) => m.text,
    );
    expect(texts.sort()).toEqual([
      'I am allergic to peanuts',
      'I live in St. Petersburg',
      'My daughter is called Anna',
    ]);
  });

  it('a repeated request keeps one memory', async () => {
    await chat.extract(extractBody('ext-twice', 'Remember that I use Linux'));
    await chat.extract(extractBody('ext-twice', 'remember that i use linux.'));
    await svc.jobsSettled();
    expect((await (await clientFor('ext-twice')).list()).body.memories).toHaveLength(1);
  });

  it('"forget that …" deletes the closest memory, and only that one', async () => {
    const me = await clientFor('ext-forget');
    await me.create('I prefer metric units');
    await me.create('I live in Berlin');
    await chat.extract(extractBody('ext-forget', 'Forget that I prefer metric units'));
    const memories = await memoriesWhen('ext-forget', (texts) => texts.length === 1);
    expect(memories[0].text).toBe('I live in Berlin');

    // Nothing close enough: nothing is deleted.
    await chat.extract(extractBody('ext-forget', 'Forget that I own a sailing boat'));
    await svc.jobsSettled();
    expect((await me.list()).body.memories).toHaveLength(1);
  });

  it('queues nothing when memory is off, and a job for a user who turned it off meanwhile keeps nothing', async () => {
    const me = await clientFor('ext-off');
    await me.putSettings({ enabled: false });
    const response = await chat.extract(extractBody('ext-off', 'Remember that I like jazz'));
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ queued: false });

    // Queued while on, processed after the user switched memory off.
    const paused = await startMemoryService({}, { worker: false });
    try {
      const user = memoryClient(paused.url, await paused.token('late'));
      const queued = await chatSvc(paused.url).extract(extractBody('late', 'Remember that I like jazz'));
      expect(queued.body).toEqual({ queued: true });
      await user.putSettings({ enabled: false });
      paused.startWorker();
      await paused.jobsSettled();
      expect((await user.list()).body.memories).toEqual([]);
    } finally {
      await paused.close();
    }
  });
});
