import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProjectsStack, projectsClient, startProjectsStack } from '../../projects-svc/test/harness.ts';
import { call, sample, uploadFile, waitUntilProcessed } from '../../upload-svc/test/harness.ts';
import {
  answerText,
  ask,
  type ChatServiceUnderTest,
  eventOf,
  type Neighbours,
  startChatService,
  startNeighbours,
  storedThread,
} from './harness.ts';

// Asking in a space, end to end: real projects-svc (roles), upload-svc (the space's files),
// library-svc, search-svc and auth-svc (accounts found by email); chat-svc trusts auth-svc's key.
let neighbours: Neighbours;
let stack: ProjectsStack;
let extractive: ChatServiceUnderTest & { closeAll(): Promise<void> };
let withModel: ChatServiceUnderTest & { closeAll(): Promise<void> };
let owner: { id: string; email: string; token: string };
let viewer: { id: string; email: string; token: string };
let outsider: { id: string; email: string; token: string };
let spaceId: string;
let handbookId: string;
const INSTRUCTIONS = 'Address the reader as a new colleague at Northwind and keep it to one paragraph.';

beforeAll(async () => {
  neighbours = await startNeighbours();
  stack = await startProjectsStack({ upload: true });
  const upload = stack.upload as NonNullable<ProjectsStack['upload']>;
  const keys = { privateKeyPem: stack.auth.privateKeyPem, publicKeyPem: stack.auth.publicKeyPem };
  const knowledge = { UPLOAD_SERVICE_URL: upload.url, PROJECTS_SERVICE_URL: stack.url };
  extractive = await startChatService(neighbours, { ...knowledge, LLM_PROVIDER: 'extractive' }, keys);
  withModel = await startChatService(neighbours, knowledge, keys);
  [owner, viewer, outsider] = [await stack.signUp(), await stack.signUp(), await stack.signUp()];

  const space = await projectsClient(stack.url, owner.token).createSpace({
    name: 'Northwind onboarding',
    instructions: INSTRUCTIONS,
    defaultMode: 'balanced',
  });
  expect(space.status).toBe(201);
  spaceId = space.body.space.id;
  const added = await projectsClient(stack.url, owner.token).addMember(spaceId, {
    email: viewer.email,
    role: 'viewer',
  });
  expect(added.status).toBe(201);
  const uploaded = await uploadFile(
    upload.url,
    owner.token,
    { name: 'handbook.pdf', bytes: await sample('handbook.pdf') },
    spaceId,
  );
  expect(uploaded.status).toBe(202);
  handbookId = uploaded.body.file.id;
  expect((await waitUntilProcessed(upload.url, owner.token, handbookId)).body.file.status).toBe('ready');
});
afterAll(async () => {
  await extractive?.closeAll();
  await withModel?.closeAll();
  await stack?.close();
  await neighbours?.close();
});

describe("a space's files, by role", () => {
  const uploadUrl = () => (stack.upload as NonNullable<ProjectsStack['upload']>).url;

  it('a viewer sees and downloads them, but cannot add or delete (403)', async () => {
    const listed = await call(`${uploadUrl()}/api/v1/upload/files?spaceId=${spaceId}`, {
      token: viewer.token,
    });
    expect(listed.status).toBe(200);
    expect(listed.body.files.map((file: { id: string }) => file.id)).toEqual([handbookId]);
    const link = await call(`${uploadUrl()}/api/v1/upload/files/${handbookId}/download`, {
      token: viewer.token,
    });
    expect(link.status).toBe(200);
    const refused = await uploadFile(
      uploadUrl(),
      viewer.token,
      { name: 'mine.txt', bytes: 'viewer notes' },
      spaceId,
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    const removal = await call(`${uploadUrl()}/api/v1/upload/files/${handbookId}`, {
      method: 'DELETE',
      token: viewer.token,
    });
    expect(removal.status).toBe(403);
    expect(
      (await call(`${uploadUrl()}/api/v1/upload/files/${handbookId}`, { token: owner.token })).status,
    ).toBe(200);
  });

  it('a non-member gets 404 for the space’s list, its file and its download, and cannot upload into it', async () => {
    for (const path of [
      `/files?spaceId=${spaceId}`,
      `/files/${handbookId}`,
      `/files/${handbookId}/download`,
    ]) {
      const answer = await call(`${uploadUrl()}/api/v1/upload${path}`, { token: outsider.token });
      expect(answer.status, path).toBe(404);
    }
    const refused = await uploadFile(uploadUrl(), outsider.token, { name: 'x.txt', bytes: 'x' }, spaceId);
    expect(refused.status).toBe(404);
  });
});

describe('asking in a space', () => {
  it('answers from the space’s files with the space’s default mode, cites file and page, and files the thread in the space', async () => {
    const { events } = await ask(extractive, viewer.token, {
      query: 'How many days of paid vacation does an employee get?',
      spaceId,
    });
    const meta = eventOf(events, 'meta')?.data;
    expect(meta).toMatchObject({ spaceId, mode: 'balanced', focus: 'web', filesUnavailable: false });
    const sources = eventOf(events, 'sources')?.data.sources as Array<{
      n: number;
      title: string;
      url: string;
    }>;
    const cited = sources.find((source) => source.url === `/files/${handbookId}#page=2`);
    expect(cited).toMatchObject({ title: 'handbook.pdf · p. 2' });
    const answer = answerText(events);
    expect(answer).toContain('27 days of paid vacation');
    expect(answer).toContain(`[${cited?.n}]`);

    const threadId = meta.threadId as string;
    const stored = await storedThread(neighbours.library, threadId, viewer.id);
    expect(stored.body.thread.spaceId).toBe(spaceId);

    // A follow-up stays in the space without naming it again.
    const followUp = await ask(extractive, viewer.token, {
      query: 'When are expense reports due?',
      threadId,
    });
    expect(eventOf(followUp.events, 'meta')?.data.spaceId).toBe(spaceId);
    expect(
      ((eventOf(followUp.events, 'sources')?.data.sources ?? []) as Array<{ url: string }>).some(
        (source) => source.url === `/files/${handbookId}#page=3`,
      ),
    ).toBe(true);
  });

  it('the space’s instructions shape the model’s answer', async () => {
    neighbours.openai.reset();
    const { events } = await ask(withModel, owner.token, {
      query: 'What should I know about expenses?',
      spaceId,
    });
    expect(eventOf(events, 'done')).toBeDefined();
    // The answer call (balanced mode also asks for queries and related questions).
    const systems = neighbours.openai.calls
      .filter((c) => c.path === '/v1/chat/completions')
      .map((c) => (c.body as { messages: Array<{ content: string }> }).messages[0]?.content ?? '');
    const system = systems.find((text) => text.startsWith('You are Perplexica'));
    expect(system).toContain('asked in the space "Northwind onboarding"');
    expect(system).toContain(INSTRUCTIONS);
  });

  it('a non-member asking in the space gets 404 before anything streams', async () => {
    const refused = await ask(extractive, outsider.token, { query: 'Vacation days?', spaceId });
    expect(refused.status).toBe(404);
    expect(refused.body.error.code).toBe('not_found');
    expect(refused.body.error.message).toContain('Space');
  });

  it('a follow-up naming a different space than its thread’s is refused (400)', async () => {
    const first = await ask(extractive, viewer.token, { query: 'Vacation days?', spaceId });
    const threadId = eventOf(first.events, 'meta')?.data.threadId;
    const other = await projectsClient(stack.url, viewer.token).createSpace({ name: 'Elsewhere' });
    const refused = await ask(extractive, viewer.token, {
      query: 'And expenses?',
      threadId,
      spaceId: other.body.space.id,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('validation_failed');
  });

  it('a file deleted from the space is no longer cited', async () => {
    const upload = stack.upload as NonNullable<ProjectsStack['upload']>;
    const memo = await uploadFile(
      upload.url,
      owner.token,
      { name: 'parking.md', bytes: '# Parking\n\nVisitor parking is behind building C, spaces 40 to 48.\n' },
      spaceId,
    );
    await waitUntilProcessed(upload.url, owner.token, memo.body.file.id);
    const question = { query: 'Where is visitor parking?', spaceId };
    const before = await ask(extractive, owner.token, question);
    expect(answerText(before.events)).toContain('building C');
    expect(
      (
        await call(`${upload.url}/api/v1/upload/files/${memo.body.file.id}`, {
          method: 'DELETE',
          token: owner.token,
        })
      ).status,
    ).toBe(204);
    const after = await ask(extractive, owner.token, question);
    const urls = ((eventOf(after.events, 'sources')?.data.sources ?? []) as Array<{ url: string }>).map(
      (s) => s.url,
    );
    expect(urls.some((url) => url.includes(memo.body.file.id))).toBe(false);
    expect(answerText(after.events)).not.toContain('building C');
  });
});
