import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '@perplexica/audit';
import { type AuditCapture, captureAuditEvents } from '@perplexica/audit/testing';
import { createLogger } from '@perplexica/observability';
import { freshRedisPrefix } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditServiceUnderTest, startAuditService } from '../../audit-svc/test/harness.ts';
import { call } from '../../auth-svc/test/harness.ts';
import { type ProjectsStack, projectsClient, startProjectsStack } from '../../projects-svc/test/harness.ts';
import {
  ask,
  type ChatServiceUnderTest,
  type Neighbours,
  startChatService,
  startNeighbours,
} from './harness.ts';

// Real projects-svc (a space to ask in) and auth-svc (an API key for the Sonar-compatible API);
// chat-svc trusts auth-svc's key and queues its events on a test prefix nobody drains.
const queuePrefix = freshRedisPrefix('chat-audit');
let capture: AuditCapture;
let neighbours: Neighbours;
let stack: ProjectsStack;
let chat: ChatServiceUnderTest & { closeAll(): Promise<void> };
// A real audit-svc holds the orgs' policies (its own worker off: events go to the capture above).
let auditSvc: AuditServiceUnderTest;

beforeAll(async () => {
  capture = captureAuditEvents({
    url: queuePrefix.url,
    prefix: `${queuePrefix.prefix}bull`,
    service: 'chat-svc',
    logger: createLogger({ service: 'chat-svc', level: 'silent' }),
  });
  neighbours = await startNeighbours();
  stack = await startProjectsStack({ upload: true });
  auditSvc = await startAuditService({}, { worker: false });
  const upload = stack.upload as NonNullable<ProjectsStack['upload']>;
  chat = await startChatService(
    neighbours,
    {
      UPLOAD_SERVICE_URL: upload.url,
      PROJECTS_SERVICE_URL: stack.url,
      AUTH_SERVICE_URL: stack.auth.url,
      AUDIT_SERVICE_URL: auditSvc.url,
    },
    { privateKeyPem: stack.auth.privateKeyPem, publicKeyPem: stack.auth.publicKeyPem },
    { audit: capture.emitter },
  );
});
afterAll(async () => {
  await chat?.closeAll();
  await stack?.close();
  await auditSvc?.close();
  await neighbours?.close();
  await capture?.close();
  await queuePrefix.clear();
});

const QUESTION = 'How does photosynthesis turn sunlight into chemical energy?';
const FOLLOW_UP = 'Where in the cell does photosynthesis happen?';

/** A signed-in user of their own (so their events can be told apart), in an organization. */
async function newUser() {
  const id = `asker-${randomUUID()}`;
  return { id, token: await stack.token(id, 'org-chat') };
}

const eventsBy = async (actorId: string) =>
  (await capture.events()).filter((event) => event.actor.id === actorId || event.details.userId === actorId);

function expectAsked(event: AuditEvent | undefined, actorId: string, target: AuditEvent['target']) {
  expect(event).toMatchObject({
    service: 'chat-svc',
    action: 'question.ask',
    actor: { id: actorId, type: 'user' },
    orgId: 'org-chat',
    outcome: 'success',
    target,
    ip: '127.0.0.1',
    requestId: expect.any(String),
  });
}

describe('chat-svc audit events', () => {
  it('records each question once with its thread, mode, focus and follow-up, never its text', async () => {
    const user = await newUser();
    const first = await ask(chat, user.token, { query: QUESTION, mode: 'quality', focus: 'academic' });
    expect(first.status).toBe(200);
    const threadId = first.headers.get('x-thread-id') as string;
    const second = await ask(chat, user.token, { query: FOLLOW_UP, threadId });
    expect(second.status).toBe(200);

    await capture.waitFor((e) => e.actor.id === user.id && e.details.followUp === true);
    const mine = await eventsBy(user.id);
    expect(mine).toHaveLength(2);
    for (const event of mine) expectAsked(event, user.id, { type: 'thread', id: threadId });
    expect(mine.map((e) => e.details)).toEqual([
      { mode: 'quality', focus: 'academic', followUp: false },
      { mode: 'speed', focus: 'web', followUp: true },
    ]);
    const stored = JSON.stringify(mine);
    expect(stored).not.toContain('photosynthesis');
  });

  it('keeps the question’s text when the org’s audit policy says so, and only for that org', async () => {
    const owner = await auditSvc.token('owner-text', { orgId: 'org-text', orgRole: 'owner' });
    const policy = await call(`${auditSvc.url}/api/v1/admin/audit-logs/settings`, {
      method: 'PUT',
      token: owner,
      body: { recordQuestionText: true },
    });
    expect(policy.status).toBe(200);
    const inTextOrg = { id: `asker-${randomUUID()}`, token: '' };
    inTextOrg.token = await stack.token(inTextOrg.id, 'org-text');
    const elsewhere = await newUser();
    expect((await ask(chat, inTextOrg.token, { query: QUESTION })).status).toBe(200);
    expect((await ask(chat, elsewhere.token, { query: FOLLOW_UP })).status).toBe(200);

    const kept = await capture.waitFor((e) => e.actor.id === inTextOrg.id);
    expect(kept.details).toEqual({ mode: 'speed', focus: 'web', followUp: false, question: QUESTION });
    const privateOne = await capture.waitFor((e) => e.actor.id === elsewhere.id);
    expect(privateOne.details).toEqual({ mode: 'speed', focus: 'web', followUp: false });
    expect(JSON.stringify(privateOne)).not.toContain('photosynthesis');
  });

  it("records the space of a question asked in one, with the space's default mode", async () => {
    const user = await newUser();
    const space = await projectsClient(stack.url, user.token).createSpace({
      name: 'Audited space',
      defaultMode: 'balanced',
    });
    expect(space.status).toBe(201);
    const spaceId: string = space.body.space.id;
    const asked = await ask(chat, user.token, { query: QUESTION, spaceId });
    expect(asked.status).toBe(200);

    const event = await capture.waitFor((e) => e.actor.id === user.id);
    expectAsked(event, user.id, { type: 'thread', id: asked.headers.get('x-thread-id') as string });
    expect(event.details).toEqual({ mode: 'balanced', focus: 'web', spaceId, followUp: false });
  });

  it('records a Sonar-compatible completion as the API key, targeting the completion', async () => {
    const account = await stack.signUp();
    const created = await call(`${stack.auth.url}/api/v1/auth/api-keys`, {
      token: account.token,
      body: { name: 'sonar client', scopes: ['chat'] },
    });
    expect(created.status).toBe(201);
    const response = await fetch(`${chat.url}/api/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${created.body.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'sonar-pro',
        messages: [
          { role: 'user', content: 'What is chlorophyll?' },
          { role: 'assistant', content: 'A green pigment.' },
          { role: 'user', content: QUESTION },
        ],
      }),
    });
    expect(response.status).toBe(200);
    const completion = (await response.json()) as { id: string };

    const event = await capture.waitFor((e) => e.details.userId === account.id);
    expect(event).toMatchObject({
      service: 'chat-svc',
      action: 'question.ask',
      actor: { id: created.body.id, type: 'api_key' },
      outcome: 'success',
      target: { type: 'completion', id: completion.id },
    });
    expect(event.details).toEqual({ userId: account.id, mode: 'balanced', focus: 'web', followUp: true });
    expect(JSON.stringify(event)).not.toContain('photosynthesis');
    expect(JSON.stringify(event)).not.toContain('chlorophyll');
  });

  it('records nothing for a question that is refused', async () => {
    const user = await newUser();
    const refused = [
      await ask(chat, user.token, { query: '   ' }),
      await ask(chat, user.token, { query: QUESTION, mode: 'fastest' }),
      await ask(chat, user.token, { query: QUESTION, threadId: randomUUID() }),
      await ask(chat, user.token, { query: QUESTION, spaceId: randomUUID() }),
    ];
    expect(refused.map((r) => r.status)).toEqual([400, 400, 404, 404]);
    const badCompletion = await fetch(`${chat.url}/api/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-9', messages: [{ role: 'user', content: QUESTION }] }),
    });
    expect(badCompletion.status).toBe(400);

    // One accepted question after them, so the queue has caught up when we look.
    expect((await ask(chat, user.token, { query: QUESTION })).status).toBe(200);
    await capture.waitFor((e) => e.actor.id === user.id);
    expect((await eventsBy(user.id)).map((e) => e.target?.type)).toEqual(['thread']);
  });
});
