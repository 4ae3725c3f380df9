import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  errorOf,
  type ProjectsClient,
  type ProjectsStack,
  projectsClient,
  startProjectsStack,
} from './harness.ts';

let stack: ProjectsStack;
type Account = { id: string; email: string; token: string; client: ProjectsClient };
let owner: Account;
let editor: Account;
let viewer: Account;
let outsider: Account;

async function account(): Promise<Account> {
  const made = await stack.signUp();
  return { ...made, client: projectsClient(stack.url, made.token) };
}

beforeAll(async () => {
  stack = await startProjectsStack();
  [owner, editor, viewer, outsider] = await Promise.all([account(), account(), account(), account()]);
});
afterAll(() => stack?.close());

async function spaceWithMembers() {
  const created = await owner.client.createSpace({ name: 'Field notes' });
  expect(created.status).toBe(201);
  const id: string = created.body.space.id;
  const asEditor = await owner.client.addMember(id, { email: editor.email, role: 'editor' });
  const asViewer = await owner.client.addMember(id, { email: viewer.email.toUpperCase(), role: 'viewer' });
  expect(asEditor.status).toBe(201);
  expect(asViewer.status).toBe(201);
  return { id, asEditor, asViewer };
}

describe('members, added by email', () => {
  it('the owner adds people by the email of their account (looked up in auth-svc), with a role', async () => {
    const { id, asEditor, asViewer } = await spaceWithMembers();
    expect(asEditor.body.member).toEqual({
      userId: editor.id,
      email: editor.email,
      role: 'editor',
      addedAt: expect.any(String),
    });
    // auth-svc matches emails in any case and answers the stored one.
    expect(asViewer.body.member).toMatchObject({ userId: viewer.id, email: viewer.email, role: 'viewer' });

    const list = await viewer.client.members(id);
    expect(list.status).toBe(200);
    expect(list.body.members.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual([
      [owner.id, 'owner'],
      [editor.id, 'editor'],
      [viewer.id, 'viewer'],
    ]);
    expect((await editor.client.getSpace(id)).body.space.role).toBe('editor');
    expect((await viewer.client.getSpace(id)).body.space.role).toBe('viewer');
    const listed = (await editor.client.listSpaces()).body.spaces.map((s: { id: string }) => s.id);
    expect(listed).toContain(id);
  });

  it('an email without an account is a 400 on the email field; a member twice is 409', async () => {
    const { id } = await spaceWithMembers();
    const unknown = await owner.client.addMember(id, {
      email: 'nobody-at-all@projects.test',
      role: 'viewer',
    });
    expect(errorOf(unknown)).toEqual({ status: 400, code: 'validation_failed' });
    expect(unknown.body.error.details).toEqual([
      { path: 'body.email', message: 'No account with this email', code: 'unknown_account' },
    ]);
    const again = await owner.client.addMember(id, { email: editor.email, role: 'viewer' });
    expect(errorOf(again)).toEqual({ status: 409, code: 'conflict' });
    const self = await owner.client.addMember(id, { email: (await stack.signUp()).email, role: 'owner' });
    expect(errorOf(self)).toEqual({ status: 400, code: 'validation_failed' });
    expect((await owner.client.members(id)).body.members).toHaveLength(3);
  });

  it('the owner changes roles; the owner’s own role cannot change', async () => {
    const { id } = await spaceWithMembers();
    const promoted = await owner.client.patchMember(id, viewer.id, { role: 'editor' });
    expect(promoted.status).toBe(200);
    expect(promoted.body.member).toMatchObject({ userId: viewer.id, role: 'editor' });
    expect((await viewer.client.patchSpace(id, { description: 'now I can' })).status).toBe(200);
    expect(errorOf(await owner.client.patchMember(id, owner.id, { role: 'viewer' }))).toEqual({
      status: 400,
      code: 'bad_request',
    });
    expect(errorOf(await owner.client.patchMember(id, outsider.id, { role: 'viewer' }))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(errorOf(await owner.client.patchMember(id, viewer.id, { role: 'owner' }))).toEqual({
      status: 400,
      code: 'validation_failed',
    });
  });

  it('only the owner manages members: an editor or viewer gets 403', async () => {
    const { id } = await spaceWithMembers();
    for (const member of [editor, viewer]) {
      expect(errorOf(await member.client.addMember(id, { email: outsider.email, role: 'viewer' }))).toEqual({
        status: 403,
        code: 'forbidden',
      });
      expect(errorOf(await member.client.patchMember(id, viewer.id, { role: 'editor' }))).toEqual({
        status: 403,
        code: 'forbidden',
      });
      expect(errorOf(await member.client.removeMember(id, owner.id))).toEqual({
        status: 403,
        code: 'forbidden',
      });
    }
    expect(errorOf(await editor.client.removeMember(id, viewer.id))).toEqual({
      status: 403,
      code: 'forbidden',
    });
    expect((await owner.client.members(id)).body.members).toHaveLength(3);
  });

  it('a member may leave; the owner removes anyone else; the owner cannot leave', async () => {
    const { id } = await spaceWithMembers();
    expect((await viewer.client.removeMember(id, viewer.id)).status).toBe(204);
    expect(errorOf(await viewer.client.getSpace(id))).toEqual({ status: 404, code: 'not_found' });
    expect((await owner.client.removeMember(id, editor.id)).status).toBe(204);
    expect(errorOf(await editor.client.patchSpace(id, { name: 'x' }))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(errorOf(await owner.client.removeMember(id, owner.id))).toEqual({
      status: 400,
      code: 'bad_request',
    });
    expect(errorOf(await owner.client.removeMember(id, editor.id))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect((await owner.client.members(id)).body.members).toEqual([
      { userId: owner.id, email: null, role: 'owner', addedAt: expect.any(String) },
    ]);
  });

  it('a non-member gets 404 on every members route', async () => {
    const { id } = await spaceWithMembers();
    expect(errorOf(await outsider.client.members(id))).toEqual({ status: 404, code: 'not_found' });
    expect(errorOf(await outsider.client.addMember(id, { email: outsider.email, role: 'editor' }))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(errorOf(await outsider.client.patchMember(id, editor.id, { role: 'viewer' }))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(errorOf(await outsider.client.removeMember(id, editor.id))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(errorOf(await outsider.client.removeMember(id, outsider.id))).toEqual({
      status: 404,
      code: 'not_found',
    });
  });

  it('a space has at most MEMBERS_PER_SPACE members', async () => {
    const small = await startProjectsStack({ env: { MEMBERS_PER_SPACE: '2' } });
    try {
      const first = await small.signUp();
      const [second, third] = await Promise.all([small.signUp(), small.signUp()]);
      const client = projectsClient(small.url, first.token);
      const id = (await client.createSpace({ name: 'Tiny' })).body.space.id;
      expect((await client.addMember(id, { email: second.email, role: 'viewer' })).status).toBe(201);
      expect(errorOf(await client.addMember(id, { email: third.email, role: 'viewer' }))).toEqual({
        status: 409,
        code: 'conflict',
      });
    } finally {
      await small.close();
    }
  });
});
