import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  errorOf,
  type ProjectsClient,
  type ProjectsStack,
  projectsClient,
  spaceAccess,
  startProjectsStack,
} from './harness.ts';

// A space's pinned and blocked domains: what chat-svc ranks first and never cites there.
let stack: ProjectsStack;
let owner: ProjectsClient;
let other: ProjectsClient;
let spaceId: string;

const makeMember = (userId: string, role: 'editor' | 'viewer') =>
  stack.database.db
    .insertInto('space_members')
    .values({ space_id: spaceId, user_id: userId, email: `${userId}@example.test`, role })
    .execute();

beforeAll(async () => {
  stack = await startProjectsStack();
  owner = projectsClient(stack.url, await stack.token('dana'));
  other = projectsClient(stack.url, await stack.token('eve'));
  const created = await owner.createSpace({
    name: 'Energy policy',
    pinnedDomains: ['WWW.Energy.gov', 'iea.org', 'iea.org'],
    blockedDomains: ['content-farm.example'],
  });
  expect(created.status).toBe(201);
  spaceId = created.body.space.id;
  await makeMember('erin', 'editor');
  await makeMember('victor', 'viewer');
});
afterAll(() => stack?.close());

describe('pinned and blocked domains', () => {
  it('are kept bare, lower-case and once each, and read back', async () => {
    const read = await owner.getSpace(spaceId);
    expect(read.status).toBe(200);
    expect(read.body.space.pinnedDomains).toEqual(['energy.gov', 'iea.org']);
    expect(read.body.space.blockedDomains).toEqual(['content-farm.example']);
  });

  it('travel to chat-svc in the internal access view', async () => {
    const access = await spaceAccess(stack.url, spaceId, 'victor');
    expect(access.status).toBe(200);
    expect(access.body.space).toMatchObject({
      pinnedDomains: ['energy.gov', 'iea.org'],
      blockedDomains: ['content-farm.example'],
    });
  });

  it('an editor may change them; a viewer gets 403', async () => {
    const editor = projectsClient(stack.url, await stack.token('erin'));
    const changed = await editor.patchSpace(spaceId, { blockedDomains: ['tabloid.example', 'spam.example'] });
    expect(changed.status).toBe(200);
    expect(changed.body.space.blockedDomains).toEqual(['tabloid.example', 'spam.example']);
    expect(changed.body.space.pinnedDomains).toEqual(['energy.gov', 'iea.org']);

    const viewer = projectsClient(stack.url, await stack.token('victor'));
    expect(errorOf(await viewer.patchSpace(spaceId, { pinnedDomains: [] }))).toEqual({
      status: 403,
      code: 'forbidden',
    });
    expect((await owner.getSpace(spaceId)).body.space.pinnedDomains).toEqual(['energy.gov', 'iea.org']);
  });

  it("another user's space is 404, never changed", async () => {
    expect(errorOf(await other.patchSpace(spaceId, { blockedDomains: ['energy.gov'] }))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect((await owner.getSpace(spaceId)).body.space.blockedDomains).not.toContain('energy.gov');
  });
});

describe('bad domain lists (400)', () => {
  const cases: [string, unknown][] = [
    ['a URL, not a domain', { pinnedDomains: ['https://energy.gov/wind'] }],
    ['a single label', { blockedDomains: ['localhost'] }],
    ['not a string', { blockedDomains: [42] }],
    ['not a list', { pinnedDomains: 'energy.gov' }],
    ['more than 50', { blockedDomains: Array.from({ length: 51 }, (_, i) => `site${i}.example`) }],
    ['the same domain pinned and blocked', { pinnedDomains: ['a.example'], blockedDomains: ['A.example'] }],
  ];
  for (const [what, body] of cases) {
    it(`refuses ${what}`, async () => {
      const response = await owner.patchSpace(spaceId, body);
      expect(errorOf(response)).toEqual({ status: 400, code: 'validation_failed' });
      const created = await owner.createSpace({ name: 'Refused', ...(body as object) });
      expect(errorOf(created)).toEqual({ status: 400, code: 'validation_failed' });
    });
  }

  it('refuses pinning a domain the space already blocks', async () => {
    const blocked = (await owner.getSpace(spaceId)).body.space.blockedDomains as string[];
    const response = await owner.patchSpace(spaceId, { pinnedDomains: [blocked[0]] });
    expect(errorOf(response)).toEqual({ status: 400, code: 'validation_failed' });
    expect(response.body.error.details[0].path).toBe('body.blockedDomains');
  });
});
