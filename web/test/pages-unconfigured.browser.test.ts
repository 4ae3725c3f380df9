import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePortOffset, type LaunchedStack, launchStack } from '../../packages/local-stack/test/launch.ts';
import { launchChromium, screenshot, signUp, watchForErrors } from './browser.ts';

// The same pages on a stack where nothing is configured (`pnpm start` on a fresh machine): no
// SearXNG, no FMP, Tripadvisor or Amadeus keys. The services answer 503 not_configured, and every
// page must say in words what an operator sets, never show a broken or blank page.
let stack: LaunchedStack;
let browser: Browser;
let page: Page;
let problems: string[];
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'perplexica-unconfigured-'));
  stack = await launchStack({
    PERPLEXICA_DATA_DIR: dataDir,
    PERPLEXICA_PORT_OFFSET: String(await freePortOffset()),
  });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: stack.url });
  context.setDefaultTimeout(15_000);
  page = await context.newPage();
  problems = watchForErrors(page);
  await signUp(page, `unconfigured-${Date.now()}@example.com`, 'a long enough passphrase 42');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.interrupt();
  await rm(dataDir, { recursive: true, force: true });
});

describe('pages whose providers are not configured', () => {
  it('Finance says how an operator sets the FMP key, on the overview and on a ticker', async () => {
    await page.getByRole('link', { name: 'Finance' }).click();
    const notice = page.getByRole('region', { name: 'Market data is not set up on this server' });
    await notice.waitFor();
    const text = (await notice.textContent()) ?? '';
    expect(text).toContain('FMP_API_KEY');
    expect(text).toContain('finance-keys');
    expect(text).toContain('fmp_api_key');
    await screenshot(page, 'pages-20-finance-not-configured');

    await page.goto('/finance/AAPL');
    await page.getByRole('region', { name: 'Market data is not set up on this server' }).waitFor();
  });

  it('Travel says which keys places and hotels need, and why a trip cannot be planned', async () => {
    await page.getByRole('link', { name: 'Travel' }).click();
    await page.getByLabel('Place or city').fill('Lisbon');
    await page.getByRole('button', { name: 'Find places' }).click();
    const places = page.getByRole('region', {
      name: 'Places from Tripadvisor are not set up on this server',
    });
    await places.waitFor();
    await expect(places.textContent()).resolves.toContain('TRIPADVISOR_API_KEY');

    await page.getByLabel('City', { exact: true }).fill('Lisbon');
    await page.getByRole('button', { name: 'Find hotels' }).click();
    const hotels = page.getByRole('region', { name: 'Hotel search is not set up on this server' });
    await hotels.waitFor();
    await expect(hotels.textContent()).resolves.toMatch(/AMADEUS_CLIENT_ID.*AMADEUS_CLIENT_SECRET/);

    // Without SearXNG there is nothing to ground a plan in.
    await page.getByLabel('Destination').fill('Lisbon');
    await page.getByRole('button', { name: 'Plan my trip' }).click();
    await page
      .locator('.trip-form')
      .getByRole('region', { name: 'Web search is not set up on this server' })
      .waitFor();
    await screenshot(page, 'pages-21-travel-not-configured');
  });

  it('Images and videos say that SearXNG is needed', async () => {
    await page.goto('/media?q=volcano&kind=videos');
    const notice = page.getByRole('region', { name: 'Web search is not set up on this server' });
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toContain('SEARXNG_URL');
    await screenshot(page, 'pages-22-media-not-configured');
  });

  it('Discover says news needs SearXNG (or feeds), rather than an empty page', async () => {
    await page.getByRole('link', { name: 'Discover' }).click();
    // discover-svc answers 503 not_configured when search-svc has no SearXNG and a topic no feed.
    const notice = page.getByRole('region', { name: 'Web search is not set up on this server' });
    await notice.waitFor();
    await notice.getByText(/DISCOVER_FEEDS/).waitFor();
    expect(await notice.locator('code', { hasText: 'SEARXNG_URL' }).count()).toBeGreaterThan(0);
    await screenshot(page, 'pages-23-discover-not-configured');
    // The browser logs each 503 the services answer; those are the notices above. Nothing else failed.
    expect(problems.filter((problem) => !/status of 503/.test(problem))).toEqual([]);
  });
});
