import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  errorOf,
  type ProjectsClient,
  type ProjectsStack,
  projectsClient,
  SERVICE_TOKEN,
  spaceAccess,
  startProjectsStack,
} from './harness.ts';

let stack: ProjectsStack;
let alice: ProjectsClient;
let bob: ProjectsClient;
/** Alice's colleague in org-1. */
let carol: ProjectsClient;
/** Someone of another organization. */
let mallory: ProjectsClient;
/** Alice without her organization in the token (a user of no org). */
let loner: ProjectsClient;

beforeAll(async () => {
  stack = await startProjectsStack();
  alice = projectsClient(stack.url, await stack.token('alice', 'org-1'));
  bob = projectsClient(stack.url, await stack.token('bob'));
  carol = projectsClient(stack.url, await stack.token('carol', 'org-1'));
  mallory = projectsClient(stack.url, await stack.token('mallory', 'org-2'));
  loner = projectsClient(stack.url, await stack.token('loner'));
});
afterAll(() => stack?.close());

const newSpace = async (client: ProjectsClient, body: Record<string, unknown> = {}) => {
  const response = await client.createSpace({ name: 'Ocean research', ...body });
  expect(response.status).toBe(201);
  return response.body.space;
};

/** Makes `member` a member of the space as its owner would, straight in the database. */
const makeMember = (spaceId: string, userId: string, role: 'editor' | 'viewer') =>
  stack.database.db
    .insertInto('space_members')
    .values({ space_id: spaceId, user_id: userId, email: `${userId}@example.test`, role })
    .execute();

describe('space CRUD', () => {
  it('creates a space with defaults, and its creator is the owner', async () => {
    const response = await alice.createSpace({ name: '  Ocean research  ' });
    expect(response.status).toBe(201);
    expect(response.body.space).toEqual({
      id: expect.any(String),
      name: 'Ocean research',
      description: '',
      instructions: '',
      defaultMode: null,
      defaultFocus: null,
      visibility: 'private',
      pinnedDomains: [],
      blockedDomains: [],
      ownerId: 'alice',
      orgId: 'org-1',
      role: 'owner',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const members = await alice.members(response.body.space.id);
    expect(members.body.members).toEqual([
      { userId: 'alice', email: null, role: 'owner', addedAt: expect.any(String) },
    ]);
  });

  it('keeps every field given, and reads it back', async () => {
    const space = await newSpace(alice, {
      description: 'Tides, currents and the people who measure them.',
      instructions: 'Answer like an oceanographer. Prefer peer-reviewed sources.',
      defaultMode: 'quality',
      defaultFocus: 'academic',
      visibility: 'org',
    });
    const read = await alice.getSpace(space.id);
    expect(read.status).toBe(200);
    expect(read.body.space).toEqual(space);
    expect(space).toMatchObject({ defaultMode: 'quality', defaultFocus: 'academic', visibility: 'org' });
  });

  it('lists the caller’s spaces, most recently changed first', async () => {
    const client = projectsClient(stack.url, await stack.token(`lister-${randomUUID()}`));
    const first = await newSpace(client, { name: 'First' });
    const second = await newSpace(client, { name: 'Second' });
    await client.patchSpace(first.id, { description: 'touched' });
    const list = await client.listSpaces();
    expect(list.status).toBe(200);
    expect(list.body.spaces.map((space: { id: string }) => space.id)).toEqual([first.id, second.id]);
    expect(list.body.spaces[0]).toMatchObject({ role: 'owner', description: 'touched' });
  });

  it('patches fields one at a time; null clears a default; updatedAt moves', async () => {
    const space = await newSpace(alice, { defaultMode: 'speed', defaultFocus: 'web' });
    const renamed = await alice.patchSpace(space.id, { name: 'Tides', defaultMode: null });
    expect(renamed.status).toBe(200);
    expect(renamed.body.space).toMatchObject({
      name: 'Tides',
      defaultMode: null,
      defaultFocus: 'web',
      description: '',
      role: 'owner',
    });
    expect(Date.parse(renamed.body.space.updatedAt)).toBeGreaterThanOrEqual(Date.parse(space.updatedAt));
    const instructions = 'x'.repeat(8_000);
    expect((await alice.patchSpace(space.id, { instructions })).body.space.instructions).toBe(instructions);
  });

  it('a space can be shared with the organization only by someone in one', async () => {
    const refused = await loner.createSpace({ name: 'Mine', visibility: 'org' });
    expect(errorOf(refused)).toEqual({ status: 400, code: 'validation_failed' });
    expect(refused.body.error.details[0].path).toBe('body.visibility');
    const space = await newSpace(loner);
    const patched = await loner.patchSpace(space.id, { visibility: 'org' });
    expect(errorOf(patched)).toEqual({ status: 400, code: 'validation_failed' });
    expect((await loner.getSpace(space.id)).body.space.visibility).toBe('private');
  });

  it('deleting needs upload-svc to remove the files first: unreachable → 503, and the space stays', async () => {
    const space = await newSpace(alice);
    const response = await alice.deleteSpace(space.id);
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('unavailable');
    expect((await alice.getSpace(space.id)).status).toBe(200);
  });
});

describe('roles', () => {
  it('a viewer reads the space and its members, but any edit is 403 and changes nothing', async () => {
    const space = await newSpace(alice, { name: 'Read only for bob' });
    await makeMember(space.id, 'bob', 'viewer');
    const read = await bob.getSpace(space.id);
    expect(read.status).toBe(200);
    expect(read.body.space.role).toBe('viewer');
    expect((await bob.members(space.id)).status).toBe(200);

    expect(errorOf(await bob.patchSpace(space.id, { name: 'Hijacked' }))).toEqual({
      status: 403,
      code: 'forbidden',
    });
    expect(errorOf(await bob.patchSpace(space.id, { visibility: 'private' }))).toEqual({
      status: 403,
      code: 'forbidden',
    });
    expect(errorOf(await bob.deleteSpace(space.id))).toEqual({ status: 403, code: 'forbidden' });
    expect(errorOf(await bob.addMember(space.id, { email: 'x@example.test', role: 'editor' }))).toEqual({
      status: 403,
      code: 'forbidden',
    });
    expect((await alice.getSpace(space.id)).body.space.name).toBe('Read only for bob');
  });

  it('an editor changes what the space says, but not who sees it or who is in it', async () => {
    const space = await newSpace(alice, { name: 'Shared work' });
    await makeMember(space.id, 'bob', 'editor');
    const patched = await bob.patchSpace(space.id, {
      name: 'Shared work (edited)',
      instructions: 'Cite NOAA first.',
      defaultFocus: 'academic',
    });
    expect(patched.status).toBe(200);
    expect(patched.body.space).toMatchObject({ name: 'Shared work (edited)', role: 'editor' });
    expect(errorOf(await bob.patchSpace(space.id, { visibility: 'org' }))).toEqual({
      status: 403,
      code: 'forbidden',
    });
    expect(errorOf(await bob.deleteSpace(space.id))).toEqual({ status: 403, code: 'forbidden' });
    expect(errorOf(await bob.patchMember(space.id, 'alice', { role: 'viewer' }))).toEqual({
      status: 403,
      code: 'forbidden',
    });
    expect((await bob.listSpaces()).body.spaces.map((s: { id: string }) => s.id)).toContain(space.id);
  });

  it('a non-member gets 404 for everything, exactly like a missing space', async () => {
    const space = await newSpace(alice, { name: 'Private' });
    const missing = randomUUID();
    for (const id of [space.id, missing]) {
      expect(errorOf(await mallory.getSpace(id))).toEqual({ status: 404, code: 'not_found' });
      expect(errorOf(await mallory.patchSpace(id, { name: 'x' }))).toEqual({
        status: 404,
        code: 'not_found',
      });
      expect(errorOf(await mallory.patchSpace(id, '{"broken'))).toEqual({ status: 404, code: 'not_found' });
      expect(errorOf(await mallory.deleteSpace(id))).toEqual({ status: 404, code: 'not_found' });
      expect(errorOf(await mallory.members(id))).toEqual({ status: 404, code: 'not_found' });
      expect(errorOf(await mallory.addMember(id, { email: 'm@example.test', role: 'editor' }))).toEqual({
        status: 404,
        code: 'not_found',
      });
      expect(errorOf(await mallory.patchMember(id, 'alice', { role: 'viewer' }))).toEqual({
        status: 404,
        code: 'not_found',
      });
      expect(errorOf(await mallory.removeMember(id, 'alice'))).toEqual({ status: 404, code: 'not_found' });
    }
    const same = await mallory.getSpace(space.id);
    const none = await mallory.getSpace(missing);
    expect(same.body.error.message).toBe(none.body.error.message);
    expect((await mallory.listSpaces()).body.spaces.map((s: { id: string }) => s.id)).not.toContain(space.id);
    expect((await alice.getSpace(space.id)).body.space.name).toBe('Private');
  });
});

describe('visibility: org', () => {
  it('every member of the owner’s organization sees it as a viewer, and it is listed for them', async () => {
    const space = await newSpace(alice, { name: 'Org handbook', visibility: 'org' });
    const read = await carol.getSpace(space.id);
    expect(read.status).toBe(200);
    expect(read.body.space).toMatchObject({ id: space.id, role: 'viewer', visibility: 'org' });
    const listed = (await carol.listSpaces()).body.spaces.find((s: { id: string }) => s.id === space.id);
    expect(listed).toMatchObject({ role: 'viewer' });
    expect(errorOf(await carol.patchSpace(space.id, { name: 'x' }))).toEqual({
      status: 403,
      code: 'forbidden',
    });
    expect(errorOf(await carol.deleteSpace(space.id))).toEqual({ status: 403, code: 'forbidden' });
  });

  it('nobody outside the organization sees it, and a private space stays with its members', async () => {
    const shared = await newSpace(alice, { visibility: 'org' });
    const privateOne = await newSpace(alice, { visibility: 'private' });
    expect((await mallory.getSpace(shared.id)).status).toBe(404);
    expect((await bob.getSpace(shared.id)).status).toBe(404);
    expect((await carol.getSpace(privateOne.id)).status).toBe(404);
    const carolSees = (await carol.listSpaces()).body.spaces.map((s: { id: string }) => s.id);
    expect(carolSees).toContain(shared.id);
    expect(carolSees).not.toContain(privateOne.id);
  });

  it('an explicit membership outranks the org viewer role; turning sharing off hides it again', async () => {
    const space = await newSpace(alice, { visibility: 'org' });
    await makeMember(space.id, 'carol', 'editor');
    expect((await carol.getSpace(space.id)).body.space.role).toBe('editor');
    const other = await newSpace(alice, { visibility: 'org' });
    expect((await carol.getSpace(other.id)).status).toBe(200);
    expect((await alice.patchSpace(other.id, { visibility: 'private' })).status).toBe(200);
    expect((await carol.getSpace(other.id)).status).toBe(404);
  });
});

describe('GET /internal/v1/spaces/:id/access', () => {
  it('answers the space and the user’s role: owner, member, org viewer', async () => {
    const space = await newSpace(alice, { visibility: 'org', instructions: 'Be brief.' });
    await makeMember(space.id, 'bob', 'editor');
    const owner = await spaceAccess(stack.url, space.id, 'alice', 'org-1');
    expect(owner.status).toBe(200);
    expect(owner.body).toEqual({ space: { ...space, role: 'owner' }, role: 'owner' });
    const editor = await spaceAccess(stack.url, space.id, 'bob');
    expect(editor.body.role).toBe('editor');
    expect(editor.body.space).toMatchObject({ id: space.id, instructions: 'Be brief.', role: 'editor' });
    expect((await spaceAccess(stack.url, space.id, 'carol', 'org-1')).body.role).toBe('viewer');
  });

  it('is 404 for non-members, other organizations and unknown spaces; 400 for a malformed id', async () => {
    const space = await newSpace(alice, { visibility: 'org' });
    expect((await spaceAccess(stack.url, space.id, 'mallory', 'org-2')).status).toBe(404);
    expect((await spaceAccess(stack.url, space.id, 'carol')).status).toBe(404);
    expect((await spaceAccess(stack.url, randomUUID(), 'alice', 'org-1')).status).toBe(404);
    const malformed = await spaceAccess(stack.url, 'not-a-uuid', 'alice');
    expect(errorOf(malformed)).toEqual({ status: 400, code: 'validation_failed' });
    const noUser = await call(`${stack.url}/internal/v1/spaces/${space.id}/access`, {
      serviceToken: SERVICE_TOKEN,
    });
    expect(errorOf(noUser)).toEqual({ status: 400, code: 'validation_failed' });
  });

  it('is invisible without the service token', async () => {
    const space = await newSpace(alice);
    const url = `${stack.url}/internal/v1/spaces/${space.id}/access?userId=alice`;
    expect((await call(url)).status).toBe(404);
    expect((await call(url, { serviceToken: 'a-wrong-token-that-is-long-enough' })).status).toBe(404);
  });
});
