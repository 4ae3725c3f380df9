import { signTestAccessToken } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProjectsStack, projectsClient, startProjectsStack } from '../../projects-svc/test/harness.ts';
import { startCredibilityNeighbours, urls } from './credibility-fixtures.ts';
import {
  ask,
  type ChatServiceUnderTest,
  eventOf,
  type Neighbours,
  startChatService,
  storedThread,
} from './harness.ts';

// Credibility over real HTTP: chat-svc (extractive, so ranking is BM25 and deterministic) with
// search-svc over a SearXNG double whose pages are equally relevant twins on domains of every
// tier, and projects-svc for a space's pinned and blocked domains.
let neighbours: Neighbours;
let stack: ProjectsStack;
let chat: ChatServiceUnderTest & { closeAll(): Promise<void> };
let token: string;

beforeAll(async () => {
  neighbours = await startCredibilityNeighbours();
  stack = await startProjectsStack();
  const keys = { privateKeyPem: stack.auth.privateKeyPem, publicKeyPem: stack.auth.publicKeyPem };
  chat = await startChatService(
    neighbours,
    { LLM_PROVIDER: 'extractive', PROJECTS_SERVICE_URL: stack.url },
    keys,
  );
  token = await stack.token('reader');
});
afterAll(async () => {
  await chat?.closeAll();
  await stack?.close();
  await neighbours?.close();
});

interface SentSource {
  url: string;
  credibility: { score: number; tier: string; reasons: string[]; publishedAgeDays?: number };
}

const sourcesOf = async (body: Record<string, unknown>, as = token) => {
  const { events, status } = await ask(chat, as, { mode: 'speed', ...body });
  expect(status).toBe(200);
  const sources = eventOf(events, 'sources')?.data.sources as SentSource[];
  const threadId = eventOf(events, 'meta')?.data.threadId as string;
  return { sources, urls: sources.map((source) => source.url), threadId };
};

describe('every source carries its credibility', () => {
  it('tier, score and reasons in the sources event; tier and age kept in the saved thread', async () => {
    const { sources, threadId } = await sourcesOf({ query: 'axolotl limb regeneration' });
    const byUrl = new Map(sources.map((source) => [source.url, source.credibility]));
    expect(byUrl.get(urls.axolotl.primary)).toMatchObject({ tier: 'primary', score: 0.9 });
    expect(byUrl.get(urls.axolotl.primary)?.reasons).toEqual(
      expect.arrayContaining([expect.stringContaining('nature.com'), 'primary source']),
    );
    expect(byUrl.get(urls.axolotl.reputable)).toMatchObject({ tier: 'reputable' });
    expect(byUrl.get(urls.axolotl.unknown)).toMatchObject({ tier: 'unknown', score: 0.5 });
    expect(byUrl.get(urls.axolotl.low)?.tier).toBe('low');

    const saved = await storedThread(neighbours.library, threadId, 'reader');
    expect(saved.status).toBe(200);
    const savedSources = saved.body.messages[0].sources as SentSource[];
    expect(savedSources.find((source) => source.url === urls.axolotl.primary)?.credibility).toMatchObject({
      tier: 'primary',
      score: 0.9,
    });
  });

  it('the age in days when the publication date is known', async () => {
    const { sources } = await sourcesOf({ query: 'tardigrade desiccation survival' });
    const newer = sources.find((source) => source.url === urls.tardigrade.newer);
    expect(newer?.credibility.publishedAgeDays).toBeGreaterThanOrEqual(29);
    expect(newer?.credibility.publishedAgeDays).toBeLessThanOrEqual(31);
    expect(newer?.credibility.reasons).toContain(`published ${newer?.credibility.publishedAgeDays} days ago`);
  });

  it("in the completions API's search_results too", async () => {
    const response = await fetch(`${chat.url}/api/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'sonar',
        messages: [{ role: 'user', content: 'axolotl limb regeneration' }],
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { search_results: SentSource[] };
    expect(body.search_results[0]).toMatchObject({
      url: urls.axolotl.primary,
      credibility: { tier: 'primary', reasons: expect.arrayContaining(['primary source']) },
    });
  });
});

describe('ranking', () => {
  it('between equally relevant pages: primary, then reputable, then unknown, then low', async () => {
    const { urls: ranked } = await sourcesOf({ query: 'axolotl limb regeneration' });
    expect(ranked).toEqual([
      urls.axolotl.primary,
      urls.axolotl.reputable,
      urls.axolotl.unknown,
      urls.axolotl.low,
    ]);
  });

  it('between equally relevant and equally credible pages, the fresher first', async () => {
    const { urls: ranked } = await sourcesOf({ query: 'tardigrade desiccation survival' });
    expect(ranked).toEqual([urls.tardigrade.newer, urls.tardigrade.older]);
  });

  it('a reputable page that barely touches the question does not beat a relevant one', async () => {
    const { sources, urls: ranked } = await sourcesOf({ query: 'okapi giraffe relative forest' });
    expect(ranked).toEqual([urls.okapi.relevant, urls.okapi.reputableWeak]);
    expect(sources[1]?.credibility.tier).toBe('reputable');
    expect(sources[0]?.credibility.tier).toBe('unknown');
  });
});

describe("a space's pinned and blocked domains", () => {
  let owner: ReturnType<typeof projectsClient>;
  beforeAll(async () => {
    owner = projectsClient(stack.url, token);
  });

  it('a blocked domain never appears in sources; a pinned one ranks first', async () => {
    const created = await owner.createSpace({
      name: 'Amphibians',
      // Pinned even though the list ranks it lowest: the space's word wins for its own answers.
      pinnedDomains: ['dailymail.co.uk'],
      blockedDomains: ['nature.com', 'reuters.com'],
    });
    expect(created.status).toBe(201);
    const { urls: ranked } = await sourcesOf({
      query: 'axolotl limb regeneration',
      spaceId: created.body.space.id,
    });
    expect(ranked).toEqual([urls.axolotl.low, urls.axolotl.unknown]);

    // Outside the space the same question ranks as usual.
    expect((await sourcesOf({ query: 'axolotl limb regeneration' })).urls[0]).toBe(urls.axolotl.primary);
  });

  it('a change in the space applies to the next answer', async () => {
    const created = await owner.createSpace({ name: 'Okapis', blockedDomains: ['okapi-friends.example'] });
    const spaceId = created.body.space.id as string;
    expect((await sourcesOf({ query: 'okapi giraffe relative forest', spaceId })).urls).toEqual([
      urls.okapi.reputableWeak,
    ]);
    const patched = await owner.patchSpace(spaceId, {
      blockedDomains: [],
      pinnedDomains: ['britannica.com'],
    });
    expect(patched.status).toBe(200);
    expect((await sourcesOf({ query: 'okapi giraffe relative forest', spaceId })).urls).toEqual([
      urls.okapi.reputableWeak,
      urls.okapi.relevant,
    ]);
  });
});

describe('an admin override of the reputation list', () => {
  const adminToken = () =>
    signTestAccessToken({ privateKeyPem: stack.auth.privateKeyPem, userId: 'admin-1', role: 'admin' });
  const reputation = async (method: string, path: string, as: string, body?: unknown) => {
    const response = await fetch(`${chat.url}/api/v1/admin/source-reputation${path}`, {
      method,
      headers: {
        authorization: `Bearer ${as}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };

  it("changes a domain's tier in the next answers, and deleting it restores the default", async () => {
    const admin = await adminToken();
    const put = await reputation('PUT', '/WWW.Axolotl-Keepers.example', admin, {
      tier: 'primary',
      score: 1,
      note: 'the axolotl breeders’ registry',
    });
    expect(put.status).toBe(200);
    expect(put.body.entry).toMatchObject({
      domain: 'axolotl-keepers.example',
      tier: 'primary',
      score: 1,
      origin: 'admin',
      updatedBy: 'admin-1',
    });
    const after = await sourcesOf({ query: 'axolotl limb regeneration' });
    expect(after.urls[0]).toBe(urls.axolotl.unknown);
    expect(after.sources[0]?.credibility).toMatchObject({
      tier: 'primary',
      reasons: expect.arrayContaining([expect.stringContaining('set by an admin')]),
    });
    const listed = await reputation('GET', '', admin);
    expect(listed.status).toBe(200);
    expect(listed.body.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ domain: 'axolotl-keepers.example', origin: 'admin' }),
        expect.objectContaining({ domain: 'reuters.com', origin: 'default', tier: 'reputable' }),
      ]),
    );

    expect((await reputation('DELETE', '/axolotl-keepers.example', admin)).status).toBe(204);
    expect((await reputation('DELETE', '/axolotl-keepers.example', admin)).status).toBe(404);
    expect((await sourcesOf({ query: 'axolotl limb regeneration' })).sources[2]?.credibility.tier).toBe(
      'unknown',
    );
  });

  it('a shipped entry can be demoted and read back', async () => {
    const admin = await adminToken();
    expect((await reputation('GET', '/reuters.com', admin)).body.entry).toMatchObject({ origin: 'default' });
    expect((await reputation('PUT', '/reuters.com', admin, { tier: 'low' })).body.entry).toMatchObject({
      tier: 'low',
      score: 0.15,
    });
    expect((await reputation('GET', '/reuters.com', admin)).body.entry).toMatchObject({ origin: 'admin' });
    const ranked = (await sourcesOf({ query: 'axolotl limb regeneration' })).urls;
    expect(ranked.indexOf(urls.axolotl.reputable)).toBeGreaterThan(ranked.indexOf(urls.axolotl.unknown));
    expect((await reputation('DELETE', '/reuters.com', admin)).status).toBe(204);
  });

  it('is invisible to everyone but admins (404), and without a session 401', async () => {
    for (const [method, path, body] of [
      ['GET', '', undefined],
      ['GET', '/reuters.com', undefined],
      ['PUT', '/reuters.com', { tier: 'low' }],
      ['DELETE', '/reuters.com', undefined],
    ] as const) {
      const refused = await reputation(method, path, token, body);
      expect(refused.status, `${method} ${path}`).toBe(404);
      expect(refused.body.error.code).toBe('not_found');
    }
    const anonymous = await fetch(`${chat.url}/api/v1/admin/source-reputation`);
    expect(anonymous.status).toBe(401);
    expect((await reputation('GET', '/reuters.com', await adminToken())).body.entry.origin).toBe('default');
  });

  it('refuses bad input with 400 in the one error shape', async () => {
    const admin = await adminToken();
    const cases: [string, unknown][] = [
      ['/reuters.com', { tier: 'excellent' }],
      ['/reuters.com', { tier: 'low', score: 1.5 }],
      ['/reuters.com', { tier: 'low', score: 'high' }],
      ['/reuters.com', { tier: 'low', extra: true }],
      ['/reuters.com', { tier: 'low', note: 'x'.repeat(201) }],
      ['/not a domain', { tier: 'low' }],
      ['/localhost', { tier: 'low' }],
    ];
    for (const [path, body] of cases) {
      const refused = await reputation('PUT', path, admin, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'validation_failed', message: expect.any(String) });
    }
    const notJson = await fetch(`${chat.url}/api/v1/admin/source-reputation/reuters.com`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/plain' },
      body: 'tier=low',
    });
    expect(notJson.status).toBe(415);
    expect((await reputation('GET', '/unlisted-site.example', admin)).status).toBe(404);
    expect((await reputation('GET', '/reuters.com', admin)).body.entry).toMatchObject({ tier: 'reputable' });
  });
});
