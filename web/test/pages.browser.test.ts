import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePortOffset, type LaunchedStack, launchStack } from '../../packages/local-stack/test/launch.ts';
import { finishedAnswer, launchChromium, screenshot, signUp, watchForErrors } from './browser.ts';
import { AURORA_QUESTION, type PagesWorld, standInForTheWeb, startPagesWorld } from './pages-world.ts';

// The pages beside the answer box (Discover, Finance, Travel, Images & videos) and the images and
// videos under an answer, in Debian's chromium against the whole local stack as `pnpm start` runs
// it. The third parties behind them (SearXNG, FMP, Tripadvisor, Amadeus) are the doubles in
// @perplexica/fakes, reached by the services through the environment the stack passes on.
let world: PagesWorld;
let stack: LaunchedStack;
let browser: Browser;
let desktop: BrowserContext;
let page: Page;
let problems: string[];
let dataDir: string;
const email = `pages-${Date.now()}@example.com`;
const password = 'a long enough passphrase 42';

/** YYYY-MM-DD, `days` from today. */
function dayFromToday(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  return date.toISOString().slice(0, 10);
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'perplexica-pages-'));
  world = await startPagesWorld();
  stack = await launchStack({
    PERPLEXICA_DATA_DIR: dataDir,
    PERPLEXICA_PORT_OFFSET: String(await freePortOffset()),
    ...world.env,
  });
  browser = await launchChromium();
  desktop = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: stack.url });
  desktop.setDefaultTimeout(15_000);
  await standInForTheWeb(desktop, stack.url);
  page = await desktop.newPage();
  problems = watchForErrors(page);
  await signUp(page, email, password);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.interrupt();
  await world?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('Discover', () => {
  it('shows a topic’s stories clustered across outlets, with citation chips linking to them', async () => {
    await page.getByRole('link', { name: 'Discover' }).click();
    await page.getByRole('navigation', { name: 'Topics' }).getByRole('link', { name: 'Science' }).click();
    await page.waitForURL(/\/discover\/science$/);
    const story = page.locator('article.story', { hasText: 'Artemis lander touches down' });
    await story.waitFor();
    // Reuters, AP and the BBC reported it: one story, three outlets.
    await expect(story.locator('.story__sources summary').textContent()).resolves.toContain('3 outlets');
    const sources = await story
      .locator('.story__sources li a')
      .evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href));
    expect(sources.map((url) => new URL(url).hostname).sort()).toEqual(
      ['apnews.com', 'www.bbc.co.uk', 'www.reuters.com'].sort(),
    );
    const chips = story.locator('.story__summary a.citation');
    expect(await chips.count()).toBeGreaterThan(0);
    for (const href of await chips.evaluateAll((links) =>
      links.map((link) => (link as HTMLAnchorElement).href),
    )) {
      expect(sources).toContain(href);
    }
    // A chip tells on hover which outlet it is.
    await chips.first().hover();
    await expect.poll(() => story.locator('.citation-card').first().isVisible()).toBe(true);

    // Three outlets: where they agree and where they differ, each claim cited to its outlets.
    await story.locator('details.triangulation summary').click();
    const compared = story.locator('.triangulation__body');
    await compared.getByRole('heading', { name: 'Where outlets agree' }).waitFor();
    await compared.getByRole('heading', { name: 'Where outlets differ' }).waitFor();
    await expect.poll(() => compared.locator('a.triangulation__chip').count()).toBeGreaterThan(0);
    for (const href of await compared
      .locator('a.triangulation__chip')
      .evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href))) {
      expect(sources).toContain(href);
    }
    await screenshot(page, 'pages-01-discover');
  });

  it('follows a topic, which then fills For you, and unfollows it', async () => {
    await page.getByRole('button', { name: 'Follow Science' }).click();
    await expect
      .poll(() => page.getByRole('button', { name: 'Following Science' }).getAttribute('aria-pressed'))
      .toBe('true');
    await page.getByRole('link', { name: 'For you' }).click();
    await page.getByText('Stories from the topics you follow: Science.').waitFor();
    await page.locator('article.story', { hasText: 'Artemis lander' }).waitFor();
    // The server keeps it: after a reload For you still follows Science.
    await page.reload();
    await page.getByText('Stories from the topics you follow: Science.').waitFor();
    await page.locator('article.story', { hasText: 'Mars rover' }).waitFor();

    await page.getByRole('navigation', { name: 'Topics' }).getByRole('link', { name: 'Science' }).click();
    await page.getByRole('button', { name: 'Following Science' }).click();
    await page.getByRole('button', { name: 'Follow Science' }).waitFor();
    await page.getByRole('link', { name: 'For you' }).click();
    await page.getByText(/You follow no topics yet/).waitFor();
  });

  it('“Ask about this” opens the ask page with the story as the question', async () => {
    await page.getByRole('navigation', { name: 'Topics' }).getByRole('link', { name: 'Finance' }).click();
    const story = page.locator('article.story', { hasText: 'Federal Reserve' }).first();
    const title = ((await story.locator('.story__title').textContent()) ?? '').trim();
    await story.getByRole('button', { name: /^Ask about this/ }).click();
    await page.waitForURL((url) => url.pathname === '/' && url.searchParams.get('q') === title);
    await expect(page.getByLabel('Ask anything…').inputValue()).resolves.toBe(title);
  });
});

describe('Finance', () => {
  it('shows the indices, the day’s movers and the sectors', async () => {
    await page.getByRole('link', { name: 'Finance', exact: true }).click();
    const indices = page.getByRole('list', { name: 'Market indices' });
    await indices.getByText('5,881.63').waitFor();
    await expect(indices.locator('.index-card', { hasText: 'Nasdaq' }).textContent()).resolves.toContain(
      '19,310.79',
    );
    await expect.poll(() => page.locator('.movers .mover').count()).toBeGreaterThan(3);
    await expect.poll(() => page.locator('.sectors .sector').count()).toBeGreaterThan(2);
    await expect.poll(() => page.locator('.index-card .sparkline').count()).toBe(3);
    await screenshot(page, 'pages-02-finance');
  });

  it('opens a ticker from the box: quote, a chart with a range picker, analysts, filings', async () => {
    await page.getByLabel('Ticker symbol').fill('aapl');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/finance\/AAPL$/);
    await page.getByRole('heading', { name: 'Apple Inc.', exact: true }).waitFor();
    await expect(page.locator('.quote__last').textContent()).resolves.toBe('227.52');
    const line = page.locator('.price-chart__line');
    await line.waitFor();
    const pointsIn = async () => ((await line.getAttribute('d')) ?? '').split('L').length;
    // The default range is today so far, which minutes after the opening bell is one or two bars;
    // the month's hourly bars draw many points at any hour the test runs.
    await expect(line.getAttribute('d')).resolves.toMatch(/^M\s*\d/);

    const month = page.waitForResponse((response) => response.url().includes('/history/AAPL?range=1M'));
    await page.getByRole('button', { name: 'one month' }).click();
    expect((await month).status()).toBe(200);
    await expect
      .poll(() => page.getByRole('button', { name: 'one month' }).getAttribute('aria-pressed'))
      .toBe('true');
    await expect.poll(pointsIn).toBeGreaterThan(10);
    await expect.poll(() => page.locator('.price-chart__readout').textContent()).toMatch(/over 1M/);

    // The chart reads out prices from the keyboard too.
    await page.getByRole('slider').focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.locator('.price-chart__readout').textContent()).not.toMatch(/over 1M/);

    await page.getByRole('heading', { name: 'Analyst ratings' }).waitFor();
    await page.getByRole('heading', { name: 'SEC filings' }).waitFor();
    await page.getByRole('heading', { name: /About Apple/ }).waitFor();
    await screenshot(page, 'pages-03-quote');
  });

  it('shows a fund’s holdings', async () => {
    await page.goto('/finance/SPY');
    await page.getByRole('heading', { name: 'Top holdings' }).waitFor();
    await expect.poll(() => page.locator('.holdings tbody tr').count()).toBeGreaterThan(0);
  });

  it('says so in words when a ticker does not exist', async () => {
    await page.goto('/finance/ZZZZQ');
    await page.getByRole('heading', { name: 'No ticker “ZZZZQ”' }).waitFor();
    await expect(page.locator('.unknown-ticker').textContent()).resolves.toMatch(/does not know/);
    await page.getByLabel('Ticker symbol').fill('not a ticker!');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/A ticker is 1 to 12 letters/);
    await screenshot(page, 'pages-04-unknown-ticker');
  });
});

describe('Travel', () => {
  it('plans a trip day by day, citing its sources', async () => {
    await page.getByRole('link', { name: 'Travel' }).click();
    await page.getByLabel('Destination').fill('Lisbon');
    await page.getByLabel('Start date').fill(dayFromToday(20));
    await page.getByLabel('End date').fill(dayFromToday(22));
    await page.getByRole('button', { name: 'Plan my trip' }).click();
    const plan = page.locator('section.itinerary');
    await plan.getByRole('heading', { name: '3 days in Lisbon' }).waitFor({ timeout: 30_000 });
    await expect(plan.locator('.itinerary__day').count()).resolves.toBe(3);
    const sources = await plan
      .locator('.itinerary__sources a')
      .evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href));
    expect(sources.length).toBeGreaterThan(0);
    const chips = await plan
      .locator('.itinerary__what a.citation')
      .evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href));
    expect(chips.length).toBeGreaterThanOrEqual(3);
    for (const href of chips) expect(sources).toContain(href);
    // The ideas for the season are there too, each from a search result.
    await expect.poll(() => page.locator('.idea').count()).toBeGreaterThan(0);
    await screenshot(page, 'pages-05-travel');
  });

  it('finds a place on Tripadvisor with its reviews and photos, and hotels with a link to book', async () => {
    await page.getByLabel('Place or city').fill('Belem Tower');
    await page.getByRole('button', { name: 'Find places' }).click();
    const place = page.locator('article.place');
    await place.getByRole('heading', { name: 'Belem Tower' }).waitFor();
    await expect.poll(() => place.locator('.review').count()).toBeGreaterThan(0);
    await expect.poll(() => place.locator('.place__photos img').count()).toBeGreaterThan(0);
    await expect(place.getByRole('link', { name: 'See Belem Tower on Tripadvisor' }).count()).resolves.toBe(
      1,
    );

    // The hotel search starts from the planned trip.
    await expect(page.getByLabel('City', { exact: true }).inputValue()).resolves.toBe('Lisbon');
    await page.getByRole('button', { name: 'Find hotels' }).click();
    const hotel = page.locator('.hotel', { hasText: 'PESTANA PALACE LISBOA' });
    await hotel.waitFor();
    const book = await hotel.getByRole('link', { name: /^Book/ }).getAttribute('href');
    expect(new URL(book ?? '').hostname).toMatch(/booking\.com$/);
    await screenshot(page, 'pages-06-travel-places');
  });

  it('explains bad dates in words', async () => {
    await page.getByLabel('Start date').fill('2020-01-01');
    await page.getByLabel('End date').fill('2020-01-03');
    await page.getByRole('button', { name: 'Plan my trip' }).click();
    await expect
      .poll(() => page.locator('.trip-form [role="alert"]').textContent())
      .toBe('Start date: must not be in the past (2020-01-01)');
    await page.getByLabel('Start date').fill(dayFromToday(30));
    await page.getByLabel('End date').fill(dayFromToday(25));
    await page.getByRole('button', { name: 'Plan my trip' }).click();
    await expect
      .poll(() => page.locator('.trip-form [role="alert"]').textContent())
      .toBe('End date: must not be before the start date');
  });
});

describe('Images and videos', () => {
  it('searches images, then videos with their length, site and a player', async () => {
    await page.getByRole('link', { name: 'Images & videos' }).click();
    await page.getByLabel('Search images and videos').fill('lighthouse');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/media\?q=lighthouse&kind=images$/);
    const images = page.getByRole('list', { name: 'Images of lighthouse' });
    await images.locator('.image-tile').first().waitFor();
    await expect(images.locator('.image-tile').first().getAttribute('href')).resolves.toBe(
      'https://www.flickr.com/photos/alice/51234',
    );
    await expect(images.textContent()).resolves.toContain('1920 × 1080');
    await screenshot(page, 'pages-07-images');

    await page.getByLabel('Search images and videos').fill('volcano');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Videos' }).click();
    await page.waitForURL(/kind=videos/);
    const video = page.locator('.video-card', { hasText: 'Volcano eruption explained' });
    await video.waitFor();
    await expect(video.locator('.video-card__duration').textContent()).resolves.toBe('4:32');
    await expect(video.locator('.video-card__meta').textContent()).resolves.toMatch(
      /^YouTube · Science Channel/,
    );
    // A player that is not one we allow is never embedded: that video only links out.
    await expect(
      page
        .locator('.video-card', { hasText: 'Volcano lava flow' })
        .getByRole('button', { name: /^Play here/ })
        .count(),
    ).resolves.toBe(0);
    await video.getByRole('button', { name: /^Play here/ }).click();
    await expect(video.locator('iframe').getAttribute('src')).resolves.toMatch(
      /^https:\/\/www\.youtube-nocookie\.com\/embed\/dQw4w9WgXcQ\?autoplay=1$/,
    );
    await video.frameLocator('iframe').getByText('A video player').waitFor();
    await screenshot(page, 'pages-08-videos');
  });

  it('shows an answer’s images and videos under it', async () => {
    await page.getByRole('link', { name: 'New thread' }).click();
    await page.getByLabel('Ask anything…').fill(AURORA_QUESTION);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\//);
    const turn = await finishedAnswer(page);
    const strip = turn.getByRole('region', { name: 'Images and videos' });
    await expect.poll(() => strip.locator('.image-tile').count()).toBe(4);
    await expect(strip.locator('.image-tile').first().getAttribute('href')).resolves.toMatch(
      /^https:\/\/www\.flickr\.com\/photos\/skywatch\/northern-lights-\d$/,
    );
    await expect(strip.locator('.video-card').count()).resolves.toBe(2);
    await expect(strip.locator('.video-card__duration').first().textContent()).resolves.toBe('4:32');
    await expect(strip.getByRole('link', { name: 'More images' }).getAttribute('href')).resolves.toBe(
      `/media?${new URLSearchParams({ q: AURORA_QUESTION, kind: 'images' })}`,
    );
    await screenshot(page, 'pages-09-answer-media');
  });
});

describe('the pages in the dark and on a phone', () => {
  const pages = [
    ['discover', '/discover/science', 'article.story'],
    ['finance', '/finance', '.sector'],
    ['quote', '/finance/AAPL', '.price-chart__line'],
    ['travel', '/travel', '.idea'],
    ['media', '/media?q=volcano&kind=videos', '.video-card'],
  ] as const;

  it('reads well in the dark theme', async () => {
    await page.evaluate(() => localStorage.setItem('perplexica:theme', 'dark'));
    for (const [name, path, ready] of pages) {
      await page.goto(path);
      await page.locator(ready).first().waitFor();
      await screenshot(page, `pages-10-dark-${name}`);
    }
    await page.evaluate(() => localStorage.removeItem('perplexica:theme'));
    expect(problems).toEqual([]);
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      baseURL: stack.url,
    });
    phone.setDefaultTimeout(15_000);
    await standInForTheWeb(phone, stack.url);
    try {
      const mobile = await phone.newPage();
      await mobile.goto('/login');
      await mobile.getByLabel('Email').fill(email);
      await mobile.getByLabel('Password').fill(password);
      await mobile.getByRole('button', { name: 'Sign in' }).click();
      await mobile.getByLabel('Ask anything…').waitFor();
      for (const [name, path, ready] of pages) {
        await mobile.goto(path);
        await mobile.locator(ready).first().waitFor();
        const overflow = await mobile.evaluate(
          () => document.documentElement.scrollWidth - window.innerWidth,
        );
        expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
        await screenshot(mobile, `pages-11-phone-${name}`);
      }
      // An answer's images scroll sideways in their own row; the page does not.
      await mobile.goto('/');
      await mobile.getByLabel('Ask anything…').fill(AURORA_QUESTION);
      await mobile.getByRole('button', { name: 'Ask' }).tap();
      await mobile.waitForURL(/\/search\//);
      const turn = await finishedAnswer(mobile);
      await expect.poll(() => turn.locator('.media-strip .image-tile').count()).toBe(4);
      const overflow = await mobile.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, 'the answer scrolls sideways').toBeLessThanOrEqual(0);
      await screenshot(mobile, 'pages-11-phone-answer');
    } finally {
      await phone.close();
    }
  });
});
