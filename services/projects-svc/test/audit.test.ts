import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '@perplexica/audit';
import { type AuditCapture, captureAuditEvents } from '@perplexica/audit/testing';
import { createLogger } from '@perplexica/observability';
import { freshRedisPrefix } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, type ProjectsStack, projectsClient, startProjectsStack } from './harness.ts';

const queuePrefix = freshRedisPrefix('projects-audit');
let capture: AuditCapture;
let stack: ProjectsStack;

beforeAll(async () => {
  capture = captureAuditEvents({
    url: queuePrefix.url,
    prefix: `${queuePrefix.prefix}bull`,
    service: 'projects-svc',
    logger: createLogger({ service: 'projects-svc', level: 'silent' }),
  });
  // upload-svc too: deleting a space deletes its files there first.
  stack = await startProjectsStack({ upload: true, audit: capture.emitter });
});
afterAll(async () => {
  await stack?.close();
  await capture?.close();
  await queuePrefix.clear();
});

/** A signed-in owner in an organization (no auth-svc account needed to own things). */
async function owner() {
  const id = `owner-${randomUUID()}`;
  return { id, client: projectsClient(stack.url, await stack.token(id, 'org-proj')) };
}

const about = (targetId: string) => async () =>
  (await capture.events()).filter((event) => event.target?.id === targetId);

function expectCallerEvent(event: AuditEvent | undefined, actorId: string, target: AuditEvent['target']) {
  expect(event).toMatchObject({
    service: 'projects-svc',
    actor: { id: actorId, type: 'user' },
    orgId: 'org-proj',
    outcome: 'success',
    target,
    ip: '127.0.0.1',
    requestId: expect.any(String),
  });
}

describe('projects-svc audit events', () => {
  it('records a collection share (a new link only) and unshare with the caller and org', async () => {
    const alice = await owner();
    const created = await alice.client.createCollection({ name: 'Audited' });
    expect(created.status).toBe(201);
    const id: string = created.body.collection.id;
    const shared = await alice.client.share(id);
    expect(shared.status).toBe(201);
    expect((await alice.client.share(id)).status).toBe(200);
    expect((await alice.client.unshare(id)).status).toBe(204);

    await capture.waitFor((e) => e.action === 'collection.unshare' && e.target?.id === id);
    const mine = await about(id)();
    expect(mine.map((e) => e.action)).toEqual(['collection.share', 'collection.unshare']);
    for (const event of mine) expectCallerEvent(event, alice.id, { type: 'collection', id });
    expect(mine[0]?.details).toEqual({ shareId: shared.body.shareId });
  });

  it('records member add, role change, removal and space deletion, each targeting the space', async () => {
    const alice = await owner();
    const [bob, carol] = await Promise.all([stack.signUp(), stack.signUp()]);
    const created = await alice.client.createSpace({ name: 'Audited space' });
    expect(created.status).toBe(201);
    const id: string = created.body.space.id;

    expect((await alice.client.addMember(id, { email: bob.email, role: 'viewer' })).status).toBe(201);
    expect((await alice.client.addMember(id, { email: carol.email, role: 'editor' })).status).toBe(201);
    expect((await alice.client.patchMember(id, bob.id, { role: 'editor' })).status).toBe(200);
    expect((await alice.client.removeMember(id, bob.id)).status).toBe(204);
    // A member leaving is the same event, with themselves as the actor.
    expect((await projectsClient(stack.url, carol.token).removeMember(id, carol.id)).status).toBe(204);
    expect((await alice.client.deleteSpace(id)).status).toBe(204);

    await capture.waitFor((e) => e.action === 'space.delete' && e.target?.id === id);
    const mine = await about(id)();
    expect(mine.map((e) => [e.action, e.actor.id, e.details])).toEqual([
      ['space.member_add', alice.id, { memberUserId: bob.id, role: 'viewer' }],
      ['space.member_add', alice.id, { memberUserId: carol.id, role: 'editor' }],
      [
        'space.member_role_change',
        alice.id,
        { memberUserId: bob.id, role: 'editor', previousRole: 'viewer' },
      ],
      ['space.member_remove', alice.id, { memberUserId: bob.id, role: 'editor' }],
      ['space.member_remove', carol.id, { memberUserId: carol.id, role: 'editor' }],
      ['space.delete', alice.id, {}],
    ]);
    const [, , , , leaving, ...byAlice] = mine;
    for (const event of [...mine.slice(0, 4), ...byAlice])
      expectCallerEvent(event, alice.id, { type: 'space', id });
    // carol signed up without an organization: her event says so rather than borrowing alice's.
    expect(leaving).toMatchObject({
      actor: { id: carol.id, type: 'user' },
      orgId: null,
      target: { type: 'space', id },
    });
  });

  it('records nothing for an action that fails', async () => {
    const alice = await owner();
    const mallory = await owner();
    const bob = await stack.signUp();
    const space = (await alice.client.createSpace({ name: 'Kept' })).body.space.id as string;
    const collection = (await alice.client.createCollection({ name: 'Kept' })).body.collection.id as string;

    // Validation failures.
    expect(errorOf(await alice.client.addMember(space, { email: bob.email, role: 'boss' })).status).toBe(400);
    expect(
      errorOf(
        await alice.client.addMember(space, { email: `nobody-${randomUUID()}@example.com`, role: 'viewer' }),
      ).status,
    ).toBe(400);
    // The owner's own role cannot change, nor can the owner leave.
    expect(errorOf(await alice.client.patchMember(space, alice.id, { role: 'viewer' })).status).toBe(400);
    expect(errorOf(await alice.client.removeMember(space, alice.id)).status).toBe(400);
    // Not a member; someone else's space and collection (404, never told apart from missing).
    expect(errorOf(await alice.client.removeMember(space, bob.id)).status).toBe(404);
    expect(errorOf(await mallory.client.deleteSpace(space)).status).toBe(404);
    expect(errorOf(await mallory.client.share(collection)).status).toBe(404);
    expect(errorOf(await mallory.client.unshare(collection)).status).toBe(404);

    // A successful action after them, so the queue has caught up when we look.
    expect((await alice.client.share(collection)).status).toBe(201);
    await capture.waitFor((e) => e.action === 'collection.share' && e.target?.id === collection);
    expect(await about(space)()).toEqual([]);
    expect((await about(collection)()).map((e) => e.action)).toEqual(['collection.share']);
  });
});
