import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatSvc, type MemoryServiceUnderTest, memoryClient, startMemoryService } from './harness.ts';

let svc: MemoryServiceUnderTest;
let chat: ReturnType<typeof chatSvc>;

beforeAll(async () => {
  // The production default: memory off unless someone turns it on.
  svc = await startMemoryService({ MEMORY_DEFAULT_ENABLED: 'false' });
  chat = chatSvc(svc.url);
});
afterAll(() => svc?.close());

const clientFor = async (userId: string, options = {}) =>
  memoryClient(svc.url, await svc.token(userId, options));

describe('personal settings', () => {
  it('without any choice, MEMORY_DEFAULT_ENABLED decides', async () => {
    const me = await clientFor('solo');
    expect((await me.settings()).body).toEqual({ enabled: false, source: 'default' });
  });

  it("the user's own choice wins; null follows the default again", async () => {
    const me = await clientFor('chooser');
    expect((await me.putSettings({ enabled: true })).body).toEqual({ enabled: true, source: 'user' });
    expect((await me.settings()).body).toEqual({ enabled: true, source: 'user' });
    expect((await me.putSettings({ enabled: false })).body).toEqual({ enabled: false, source: 'user' });
    expect((await me.putSettings({ enabled: null })).body).toEqual({ enabled: false, source: 'default' });
  });
});

describe('org default and precedence', () => {
  it('members who never chose follow the org default; their own choice wins over it', async () => {
    const owner = await clientFor('o-owner', { orgId: 'org-acme', orgRole: 'owner' });
    const member = await clientFor('o-member', { orgId: 'org-acme', orgRole: 'member' });
    const outsider = await clientFor('o-outsider', { orgId: 'org-other', orgRole: 'member' });

    expect((await member.org.settings()).body).toEqual({ defaultEnabled: false, source: 'default' });
    const put = await owner.org.putSettings({ defaultEnabled: true });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ defaultEnabled: true, source: 'org' });
    expect((await member.org.settings()).body).toEqual({ defaultEnabled: true, source: 'org' });

    expect((await member.settings()).body).toEqual({ enabled: true, source: 'org' });
    expect((await outsider.settings()).body).toEqual({ enabled: false, source: 'default' });

    await member.putSettings({ enabled: false });
    expect((await member.settings()).body).toEqual({ enabled: false, source: 'user' });
    await member.putSettings({ enabled: null });
    expect((await member.settings()).body).toEqual({ enabled: true, source: 'org' });

    // null takes the org back to MEMORY_DEFAULT_ENABLED.
    expect((await owner.org.putSettings({ defaultEnabled: null })).body).toEqual({
      defaultEnabled: false,
      source: 'default',
    });
    expect((await member.settings()).body).toEqual({ enabled: false, source: 'default' });
  });

  it('recall and extract follow the same precedence, with the org taken from the request', async () => {
    const owner = await clientFor('p-owner', { orgId: 'org-prec', orgRole: 'owner' });
    await owner.org.putSettings({ defaultEnabled: true });
    const recall = (orgId: string | null) => chat.recall({ userId: 'p-member', orgId, query: 'anything' });
    expect((await recall('org-prec')).body.enabled).toBe(true);
    expect((await recall(null)).body.enabled).toBe(false);
    const extract = await chat.extract({
      userId: 'p-member',
      orgId: 'org-prec',
      threadId: null,
      question: 'Remember that I like tea',
      answer: '',
    });
    expect(extract.status).toBe(202);
    expect(extract.body).toEqual({ queued: true });
    const off = await chat.extract({ userId: 'p-member', orgId: null, question: 'Remember that I like tea' });
    expect(off.status).toBe(202);
    expect(off.body).toEqual({ queued: false });
    await svc.jobsSettled();
  });

  it('only the org owner or a global admin changes the org default', async () => {
    const member = await clientFor('q-member', { orgId: 'org-q', orgRole: 'member' });
    const admin = await clientFor('q-admin', { orgId: 'org-q', orgRole: 'member', role: 'admin' });
    const refused = await member.org.putSettings({ defaultEnabled: true });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    expect((await member.org.settings()).body.source).toBe('default');
    expect((await admin.org.putSettings({ defaultEnabled: true })).status).toBe(200);
    expect((await member.org.settings()).body).toEqual({ defaultEnabled: true, source: 'org' });
  });

  it('a user without an org gets 404 on the org routes', async () => {
    const loner = await clientFor('r-loner');
    const adminWithoutOrg = await clientFor('r-admin', { role: 'admin' });
    for (const client of [loner, adminWithoutOrg]) {
      expect((await client.org.settings()).status).toBe(404);
      expect((await client.org.putSettings({ defaultEnabled: true })).status).toBe(404);
      expect((await client.org.list()).status).toBe(404);
      expect((await client.org.create('A fact')).status).toBe(404);
    }
  });
});
