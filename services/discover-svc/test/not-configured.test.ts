import { type FakeWebsite, FEED_TYPES, rssFeed, startFakeWebsite } from '@perplexica/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SearchServiceUnderTest, startSearchService } from '../../search-svc/test/harness.ts';
import {
  type DiscoverServiceUnderTest,
  discoverClient,
  refresh,
  startDiscoverService,
  TECH_FEED_PATH,
} from './harness.ts';
import { TEST_TOPICS, techFeedItems } from './news-corpus.ts';

// search-svc without SEARXNG_URL (as `pnpm start` with nothing configured): it would answer news
// searches from the local documents, which are not news. Only the tech topic has an RSS feed.
describe('without SearXNG', () => {
  let site: FakeWebsite;
  let search: SearchServiceUnderTest;
  let svc: DiscoverServiceUnderTest;
  let reader: ReturnType<typeof discoverClient>;

  beforeAll(async () => {
    site = await startFakeWebsite({
      [TECH_FEED_PATH]: {
        contentType: FEED_TYPES.rss,
        body: rssFeed({ title: 'Tech wire', link: 'https://techwire.test/' }, techFeedItems()),
      },
    });
    search = await startSearchService({ FETCH_ALLOW_PRIVATE_HOSTS: new URL(site.url).host });
    svc = await startDiscoverService(
      { env: {} },
      {
        SEARCH_SERVICE_URL: search.url,
        DISCOVER_TOPICS: TEST_TOPICS,
        DISCOVER_FEEDS: `tech=${site.url}${TECH_FEED_PATH}`,
      },
    );
    reader = discoverClient(svc.url, await svc.userToken('reader'));
  });
  afterAll(async () => {
    await svc?.close();
    await Promise.allSettled([search?.close(), site?.close()]);
  });

  it('a topic with nothing to read says how to turn news on (503 not_configured), not an empty page', async () => {
    const science = await reader.feed('topic=science');
    expect(science.status).toBe(503);
    expect(science.body.error.code).toBe('not_configured');
    expect(science.body.error.message).toContain('SEARXNG_URL');
    expect(science.body.error.message).toContain('DISCOVER_FEEDS');
    // For You falls back to the top topic, which has no feed either.
    expect((await reader.forYou()).status).toBe(503);
  });

  it('a topic with an RSS feed still shows its stories', async () => {
    const tech = await reader.feed('topic=tech');
    expect(tech.status).toBe(200);
    expect(tech.body.stories.length).toBeGreaterThan(0);
    expect(tech.body.stories.every((story: { outlets: string[] }) => story.outlets.length > 0)).toBe(true);
  });

  it('the refresh skips what is not configured instead of failing the CronJob', async () => {
    const report = await refresh(svc.url, { deadlineMs: 30_000 });
    expect(report.status).toBe(200);
    expect(report.body.failed).toEqual([]);
    expect(report.body.refreshed).toEqual(['feed:tech']);
    expect(report.body.skipped).toEqual(expect.arrayContaining(['feed:top', 'feed:science']));
    expect(report.body.notConfigured).toContain('SEARXNG_URL');
  });
});
