import {
  atomFeed,
  type FakeWebsite,
  FEED_TYPES,
  type FeedItem,
  rssFeed,
  sitemapIndexXml,
  sitemapXml,
  startFakeWebsite,
} from '@perplexica/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  errorOf,
  type JsonResponse,
  type ProjectsClient,
  type ProjectsStack,
  pollUntil,
  projectsClient,
  SERVICE_TOKEN,
  startProjectsStack,
} from './harness.ts';

let site: FakeWebsite;
let stack: ProjectsStack;
let alice: ProjectsClient;
let aliceToken: string;

/** A page with an article long enough for a readability extractor to take it as the content. */
function articlePage(title: string, paragraphs: string[]): string {
  return `<!DOCTYPE html><html><head><title>${title}</title></head><body>
<nav><a href="/">Home</a> <a href="/about">About</a></nav>
<article><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</article>
<footer>© Ocean Lab</footer><script>console.log('tracking')</script></body></html>`;
}

const TIDES = articlePage('Spring and neap tides', [
  'Spring tides happen when the sun, the moon and the earth line up, roughly twice a month at new and full moon.',
  'Their range is larger than usual: high tides are higher and low tides are lower, which matters for harbour pilots.',
]);
const CURRENTS = articlePage('The Gulf Stream', [
  'The Gulf Stream is a warm and swift Atlantic ocean current that originates in the Gulf of Mexico.',
  'It carries heat towards western Europe and keeps its winters milder than those at the same latitude elsewhere.',
]);
const KELP = articlePage('Kelp forests', [
  'Kelp forests grow in cold, nutrient-rich coastal waters and shelter sea otters, urchins and hundreds of fish species.',
  'Giant kelp can grow half a metre a day under good conditions, one of the fastest growth rates of any organism.',
]);

const feedItems: FeedItem[] = [
  {
    title: 'Plankton bloom seen from orbit',
    link: 'https://lab.example/posts/plankton',
    id: 'post-1',
    html: '<p>Satellites photographed a turquoise <b>coccolithophore</b> bloom in the Barents Sea.</p>',
    published: new Date('2026-03-03T08:00:00Z'),
  },
  {
    title: 'Whale song changes key',
    link: 'https://lab.example/posts/whales',
    id: 'post-2',
    summary: 'Humpback whale songs drift in pitch from one season to the next, researchers report.',
    published: new Date('2026-03-02T08:00:00Z'),
  },
  {
    title: 'Coral spawning calendar',
    link: 'https://lab.example/posts/coral',
    id: 'post-3',
    html: '<p>Corals on the reef spawn a few nights after the October full moon.</p>',
    published: new Date('2026-03-01T08:00:00Z'),
  },
];

beforeAll(async () => {
  site = await startFakeWebsite();
  const html = 'text/html; charset=utf-8';
  site.setPage('/tides', { contentType: html, body: TIDES });
  site.setPage('/currents', { contentType: html, body: CURRENTS });
  site.setPage('/kelp', { contentType: html, body: KELP });
  site.setPage('/sitemap.xml', {
    contentType: FEED_TYPES.sitemap,
    body: sitemapXml([`${site.url}/tides`, `${site.url}/currents`, 'ftp://elsewhere.example/skipped']),
  });
  site.setPage('/feed.xml', {
    contentType: FEED_TYPES.rss,
    body: rssFeed({ title: 'Ocean Lab', link: 'https://lab.example/' }, feedItems),
  });
  site.setPage('/atom.xml', {
    contentType: FEED_TYPES.atom,
    body: atomFeed({ title: 'Ocean Lab (Atom)', link: 'https://lab.example/' }, feedItems.slice(0, 2)),
  });
  stack = await startProjectsStack({
    search: { allowPrivateHosts: [new URL(site.url).host] },
    upload: true,
  });
  aliceToken = await stack.token('alice');
  alice = projectsClient(stack.url, aliceToken);
});
afterAll(async () => {
  await stack?.close();
  await site?.close();
});

const newSpace = async () => {
  const response = await alice.createSpace({ name: 'Ocean lab' });
  expect(response.status).toBe(201);
  return response.body.space.id as string;
};

const createConnector = async (body: Record<string, unknown>) => {
  const response = await alice.createConnector(body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.connector;
};

/** Waits until the connector's last sync finished after `after` (an ISO time) and returns it. */
async function syncedAfter(id: string, after = '1970-01-01T00:00:00Z') {
  const response = await pollUntil(
    () => alice.getConnector(id),
    (r) =>
      ['ok', 'failed'].includes(r.body.connector?.lastSync.status) &&
      Date.parse(r.body.connector.lastSync.finishedAt) > Date.parse(after),
  );
  return response.body.connector;
}

/** The space's files in upload-svc (asked as Alice: upload-svc checks her access with projects-svc). */
const spaceFiles = (spaceId: string): Promise<JsonResponse> =>
  call(`${stack.upload!.url}/api/v1/upload/files?spaceId=${spaceId}`, { token: aliceToken });

/** Waits until the space holds `count` files and every one is processed. */
async function readyFiles(spaceId: string, count: number) {
  const response = await pollUntil(
    () => spaceFiles(spaceId),
    (r) =>
      r.body.files?.length === count &&
      r.body.files.every((file: { status: string }) => file.status === 'ready'),
  );
  expect(response.body.files.map((f: { status: string }) => f.status)).toEqual(Array(count).fill('ready'));
  return response.body.files as { id: string; name: string; source: string; sourceUrl: string }[];
}

/** chat-svc's file search over the space, through upload-svc. */
const searchSpace = (spaceId: string, query: string) =>
  call(`${stack.upload!.url}/internal/v1/search`, {
    method: 'POST',
    body: { userId: 'alice', spaceId, query },
    serviceToken: SERVICE_TOKEN,
  });

describe('web connector', () => {
  it('syncs every page of a sitemap into the space: readable text, processed, searchable', async () => {
    const spaceId = await newSpace();
    const created = await createConnector({ spaceId, type: 'web', url: `${site.url}/sitemap.xml` });
    expect(created).toMatchObject({
      spaceId,
      type: 'web',
      url: `${site.url}/sitemap.xml`,
      name: `${new URL(site.url).hostname}/sitemap.xml`,
      schedule: { intervalMinutes: 1440 },
      enabled: true,
    });
    expect(['never', 'running', 'ok']).toContain(created.lastSync.status);

    const synced = await syncedAfter(created.id);
    expect(synced.lastSync).toMatchObject({ status: 'ok', documents: 2, skipped: 0, error: null });
    expect(Date.parse(synced.lastSync.finishedAt)).toBeGreaterThanOrEqual(
      Date.parse(synced.lastSync.startedAt),
    );

    const files = await readyFiles(spaceId, 2);
    expect(files.map((f) => f.name).sort()).toEqual(['Spring and neap tides', 'The Gulf Stream']);
    expect(files.every((f) => f.source === 'connector')).toBe(true);
    expect(files.map((f) => f.sourceUrl).sort()).toEqual([`${site.url}/currents`, `${site.url}/tides`]);

    const found = await searchSpace(spaceId, 'warm Atlantic current heat western Europe');
    expect(found.status).toBe(200);
    expect(found.body.results[0]).toMatchObject({ fileName: 'The Gulf Stream' });
    expect(found.body.results[0].text).toContain('Gulf of Mexico');
    expect(JSON.stringify(found.body.results)).not.toContain('tracking');
  });

  it('syncs a single page as one document', async () => {
    const spaceId = await newSpace();
    const created = await createConnector({ spaceId, type: 'web', url: `${site.url}/kelp`, name: 'Kelp' });
    expect(created.name).toBe('Kelp');
    expect((await syncedAfter(created.id)).lastSync).toMatchObject({ status: 'ok', documents: 1 });
    const [file] = await readyFiles(spaceId, 1);
    expect(file).toMatchObject({ name: 'Kelp forests', sourceUrl: `${site.url}/kelp` });
  });

  it('follows a sitemap index; when one of its sitemaps fails, nothing is removed', async () => {
    site.setPage('/index.xml', {
      contentType: FEED_TYPES.sitemap,
      body: sitemapIndexXml([`${site.url}/pages-a.xml`, `${site.url}/pages-b.xml`]),
    });
    site.setPage('/pages-a.xml', {
      contentType: FEED_TYPES.sitemap,
      body: sitemapXml([`${site.url}/tides`]),
    });
    site.setPage('/pages-b.xml', { contentType: FEED_TYPES.sitemap, body: sitemapXml([`${site.url}/kelp`]) });
    const spaceId = await newSpace();
    const connector = await createConnector({ spaceId, type: 'web', url: `${site.url}/index.xml` });
    const first = await syncedAfter(connector.id);
    expect(first.lastSync).toMatchObject({ status: 'ok', documents: 2 });
    await readyFiles(spaceId, 2);

    site.setPage('/pages-b.xml', null);
    expect((await alice.syncConnector(connector.id)).status).toBe(202);
    const second = await syncedAfter(connector.id, first.lastSync.finishedAt);
    expect(second.lastSync).toMatchObject({ status: 'ok', documents: 1 });
    // The kelp page is only unlisted for now (its sitemap failed), so it stays.
    expect((await readyFiles(spaceId, 2)).map((f) => f.name).sort()).toEqual([
      'Kelp forests',
      'Spring and neap tides',
    ]);
  });

  it('a page that disappears from the sitemap is removed from the space on the next sync', async () => {
    site.setPage('/shrinking.xml', {
      contentType: FEED_TYPES.sitemap,
      body: sitemapXml([`${site.url}/tides`, `${site.url}/kelp`]),
    });
    const spaceId = await newSpace();
    const connector = await createConnector({ spaceId, type: 'web', url: `${site.url}/shrinking.xml` });
    const first = await syncedAfter(connector.id);
    await readyFiles(spaceId, 2);
    site.setPage('/shrinking.xml', {
      contentType: FEED_TYPES.sitemap,
      body: sitemapXml([`${site.url}/tides`]),
    });
    await alice.syncConnector(connector.id);
    await syncedAfter(connector.id, first.lastSync.finishedAt);
    expect((await readyFiles(spaceId, 1))[0]?.name).toBe('Spring and neap tides');
  });
});

describe('rss connector', () => {
  it('turns each RSS item into a document; an item dropped from the feed is removed on the next sync', async () => {
    const spaceId = await newSpace();
    const connector = await createConnector({ spaceId, type: 'rss', url: `${site.url}/feed.xml` });
    const first = await syncedAfter(connector.id);
    expect(first.lastSync).toMatchObject({ status: 'ok', documents: 3, error: null });
    const files = await readyFiles(spaceId, 3);
    expect(files.map((f) => f.name).sort()).toEqual([
      'Coral spawning calendar',
      'Plankton bloom seen from orbit',
      'Whale song changes key',
    ]);
    expect(files.map((f) => f.sourceUrl).sort()).toEqual([
      'https://lab.example/posts/coral',
      'https://lab.example/posts/plankton',
      'https://lab.example/posts/whales',
    ]);
    const found = await searchSpace(spaceId, 'coccolithophore bloom Barents Sea');
    expect(found.body.results[0]).toMatchObject({ fileName: 'Plankton bloom seen from orbit' });
    expect(found.body.results[0].text).not.toContain('<b>');

    // The coral item leaves the feed; the whale item is rewritten.
    site.setPage('/feed.xml', {
      contentType: FEED_TYPES.rss,
      body: rssFeed({ title: 'Ocean Lab', link: 'https://lab.example/' }, [
        feedItems[0]!,
        {
          ...feedItems[1]!,
          summary: 'Humpback whales in the Pacific now sing in a lower key, say acousticians.',
        },
      ]),
    });
    const sync = await alice.syncConnector(connector.id);
    expect(sync.status).toBe(202);
    expect(sync.body.connector.id).toBe(connector.id);
    const second = await syncedAfter(connector.id, first.lastSync.finishedAt);
    expect(second.lastSync).toMatchObject({ status: 'ok', documents: 2 });
    const left = await readyFiles(spaceId, 2);
    expect(left.map((f) => f.name).sort()).toEqual([
      'Plankton bloom seen from orbit',
      'Whale song changes key',
    ]);
    const coral = await searchSpace(spaceId, 'corals spawn October full moon');
    expect(coral.body.results.map((r: { fileName: string }) => r.fileName)).not.toContain(
      'Coral spawning calendar',
    );
    const whales = await pollUntil(
      () => searchSpace(spaceId, 'humpback whales Pacific lower key acousticians'),
      (r) => r.body.results?.[0]?.text?.includes('lower key'),
    );
    expect(whales.body.results[0]).toMatchObject({ fileName: 'Whale song changes key' });
    expect(whales.body.results[0].text).toContain('lower key');
  });

  it('reads Atom feeds too', async () => {
    const spaceId = await newSpace();
    const connector = await createConnector({
      spaceId,
      type: 'rss',
      url: `${site.url}/atom.xml`,
      name: 'Atom',
    });
    expect((await syncedAfter(connector.id)).lastSync).toMatchObject({ status: 'ok', documents: 2 });
    const files = await readyFiles(spaceId, 2);
    expect(files.map((f) => f.name).sort()).toEqual([
      'Plankton bloom seen from orbit',
      'Whale song changes key',
    ]);
    const found = await searchSpace(spaceId, 'humpback whale songs drift in pitch');
    expect(found.body.results[0]).toMatchObject({ fileName: 'Whale song changes key' });
  });
});

describe('a failing source', () => {
  const failure = async (body: Record<string, unknown>) => {
    const spaceId = await newSpace();
    const connector = await createConnector({ spaceId, ...body });
    const synced = await syncedAfter(connector.id);
    expect(synced.lastSync.status).toBe('failed');
    expect(synced.lastSync.documents).toBe(0);
    return synced.lastSync.error as string;
  };

  it('records failed with a readable reason, and the service keeps running', async () => {
    expect(await failure({ type: 'rss', url: `${site.url}/gone.xml` })).toBe(
      `${site.url}/gone.xml: the source answered HTTP 404`,
    );
    expect(await failure({ type: 'web', url: 'http://10.1.2.3/intranet' })).toBe(
      'http://10.1.2.3/intranet: the address is private or internal, and may not be fetched',
    );
    expect(await failure({ type: 'rss', url: `${site.url}/tides` })).toMatch(
      new RegExp(`^${site.url}/tides is not an RSS or Atom feed`),
    );
    expect(await failure({ type: 'web', url: `${site.url}/feed.xml` })).toBe(
      `${site.url}/feed.xml is an RSS or Atom feed: add it as an "rss" connector`,
    );
    expect(await failure({ type: 'web', url: `${site.url}/not-html` })).toContain(
      'it is not a web page, sitemap, feed or text document',
    );
    expect((await call(`${stack.url}/health`)).status).toBe(200);
  });

  it('a source that comes back syncs again, and a failure keeps the documents synced before', async () => {
    site.setPage('/flaky.xml', {
      contentType: FEED_TYPES.rss,
      body: rssFeed({ title: 'Flaky', link: 'https://lab.example/' }, feedItems.slice(0, 1)),
    });
    const spaceId = await newSpace();
    const connector = await createConnector({ spaceId, type: 'rss', url: `${site.url}/flaky.xml` });
    const ok = await syncedAfter(connector.id);
    expect(ok.lastSync).toMatchObject({ status: 'ok', documents: 1 });
    await readyFiles(spaceId, 1);

    site.setPage('/flaky.xml', { status: 500, contentType: 'text/plain', body: 'down' });
    await alice.syncConnector(connector.id);
    const failed = await syncedAfter(connector.id, ok.lastSync.finishedAt);
    expect(failed.lastSync).toMatchObject({
      status: 'failed',
      documents: 1,
      error: `${site.url}/flaky.xml: the source answered HTTP 500`,
    });
    await readyFiles(spaceId, 1);
  });
});

describe('connector lifecycle', () => {
  it('keeps a repeatable sync per connector: changed with the schedule, removed when disabled or deleted', async () => {
    const spaceId = await newSpace();
    const before = Date.now();
    const connector = await createConnector({
      spaceId,
      type: 'rss',
      url: `${site.url}/atom.xml`,
      schedule: { intervalMinutes: 15 },
    });
    const schedule = await stack.syncs.scheduleOf(connector.id);
    expect(schedule?.everyMs).toBe(15 * 60_000);
    // The first scheduled run is one interval away: the immediate sync was queued on its own.
    expect(schedule?.nextRunAt).toBeGreaterThanOrEqual(before + 15 * 60_000 - 1_000);

    const slower = await alice.patchConnector(connector.id, { schedule: { intervalMinutes: 10_080 } });
    expect(slower.body.connector.schedule).toEqual({ intervalMinutes: 10_080 });
    expect((await stack.syncs.scheduleOf(connector.id))?.everyMs).toBe(10_080 * 60_000);

    const disabled = await alice.patchConnector(connector.id, { enabled: false });
    expect(disabled.body.connector.enabled).toBe(false);
    expect(await stack.syncs.scheduleOf(connector.id)).toBeNull();
    await alice.patchConnector(connector.id, { enabled: true, name: 'Back on' });
    expect((await stack.syncs.scheduleOf(connector.id))?.everyMs).toBe(10_080 * 60_000);

    await syncedAfter(connector.id);
    expect((await alice.deleteConnector(connector.id)).status).toBe(204);
    expect(await stack.syncs.scheduleOf(connector.id)).toBeNull();
    expect(errorOf(await alice.getConnector(connector.id))).toEqual({ status: 404, code: 'not_found' });
  });

  it('a disabled connector is created without a schedule and is not synced until asked', async () => {
    const spaceId = await newSpace();
    const connector = await createConnector({
      spaceId,
      type: 'rss',
      url: `${site.url}/atom.xml`,
      enabled: false,
    });
    expect(await stack.syncs.scheduleOf(connector.id)).toBeNull();
    expect((await alice.getConnector(connector.id)).body.connector.lastSync.status).toBe('never');
    expect((await alice.syncConnector(connector.id)).status).toBe(202);
    expect((await syncedAfter(connector.id)).lastSync.status).toBe('ok');
  });

  it('deleting a connector removes its documents from the space', async () => {
    const spaceId = await newSpace();
    const keep = await createConnector({ spaceId, type: 'web', url: `${site.url}/kelp` });
    const drop = await createConnector({ spaceId, type: 'rss', url: `${site.url}/atom.xml` });
    await syncedAfter(keep.id);
    await syncedAfter(drop.id);
    await readyFiles(spaceId, 3);
    expect((await alice.deleteConnector(drop.id)).status).toBe(204);
    const left = await pollUntil(
      () => spaceFiles(spaceId),
      (r) => r.body.files?.length === 1,
    );
    expect(left.body.files.map((f: { name: string }) => f.name)).toEqual(['Kelp forests']);
    const list = await alice.listConnectors(spaceId);
    expect(list.body.connectors.map((c: { id: string }) => c.id)).toEqual([keep.id]);
  });

  it('lists a space’s connectors for its members; only editors and the owner change them', async () => {
    const spaceId = await newSpace();
    const connector = await createConnector({ spaceId, type: 'rss', url: `${site.url}/atom.xml` });
    await stack.database.db
      .insertInto('space_members')
      .values([
        { space_id: spaceId, user_id: 'viewer-vic', email: 'vic@example.test', role: 'viewer' },
        { space_id: spaceId, user_id: 'editor-eve', email: 'eve@example.test', role: 'editor' },
      ])
      .execute();
    const vic = projectsClient(stack.url, await stack.token('viewer-vic'));
    const eve = projectsClient(stack.url, await stack.token('editor-eve'));
    const mallory = projectsClient(stack.url, await stack.token('mallory'));

    expect((await vic.listConnectors(spaceId)).body.connectors).toHaveLength(1);
    expect((await vic.getConnector(connector.id)).status).toBe(200);
    for (const response of [
      await vic.createConnector({ spaceId, type: 'rss', url: `${site.url}/feed.xml` }),
      await vic.patchConnector(connector.id, { name: 'Mine' }),
      await vic.syncConnector(connector.id),
      await vic.deleteConnector(connector.id),
    ]) {
      expect(errorOf(response)).toEqual({ status: 403, code: 'forbidden' });
    }
    for (const response of [
      await mallory.listConnectors(spaceId),
      await mallory.getConnector(connector.id),
      await mallory.createConnector({ spaceId, type: 'rss', url: `${site.url}/feed.xml` }),
      await mallory.patchConnector(connector.id, { name: 'Mine' }),
      await mallory.syncConnector(connector.id),
      await mallory.deleteConnector(connector.id),
    ]) {
      expect(errorOf(response)).toEqual({ status: 404, code: 'not_found' });
    }
    const renamed = await eve.patchConnector(connector.id, { name: 'Lab feed' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.connector.name).toBe('Lab feed');
    expect((await eve.syncConnector(connector.id)).status).toBe(202);
    await syncedAfter(connector.id);
  });

  it('a space has at most CONNECTORS_PER_SPACE connectors', async () => {
    const spaceId = await newSpace();
    const existing = await stack.database.db
      .selectFrom('connectors')
      .select('id')
      .where('space_id', '=', spaceId)
      .execute();
    expect(existing).toHaveLength(0);
    const max = 20;
    await stack.database.db
      .insertInto('connectors')
      .values(
        Array.from({ length: max }, (_, index) => ({
          id: crypto.randomUUID(),
          space_id: spaceId,
          type: 'rss',
          url: `https://lab.example/${index}.xml`,
          name: `Feed ${index}`,
          interval_minutes: 1440,
          enabled: false,
          created_by: 'alice',
          sync_error: null,
          sync_claim: null,
        })),
      )
      .execute();
    const over = await alice.createConnector({ spaceId, type: 'rss', url: `${site.url}/atom.xml` });
    expect(errorOf(over)).toEqual({ status: 409, code: 'conflict' });
  });
});

describe('the whole run', () => {
  it('logged no error and answered no 500', () => {
    const errors = stack.logs.lines().filter((line) => (line.level as number) >= 50);
    expect(errors).toEqual([]);
    const statuses = stack.logs
      .lines()
      .flatMap((line) => (typeof line.status === 'number' ? [line.status] : []));
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
  });
});
