import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeWebsite, FEED_TYPES, rssFeed, startFakeWebsite } from '@perplexica/fakes';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePortOffset, type LaunchedStack, launchStack } from '../../packages/local-stack/test/launch.ts';
import { finishedAnswer, launchChromium, screenshot, signUp, watchForErrors } from './browser.ts';
import { minimalPdf } from './minimal-pdf.ts';

// The researcher's own knowledge in the web app, in Debian's chromium against the whole local
// stack as `pnpm start` runs it: files uploaded and cited by page, spaces with members, roles and
// connectors, memory, and collections. The only stand-in is a website serving a real RSS feed for
// a connector to sync (search-svc may fetch it: FETCH_ALLOW_PRIVATE_HOSTS names its address).
let stack: LaunchedStack;
let website: FakeWebsite;
let browser: Browser;
let desktop: BrowserContext;
let page: Page;
let problems: string[];
let dataDir: string;
let spaceUrl: string;
const stamp = Date.now();
const owner = `owner-${stamp}@example.com`;
const viewer = `viewer-${stamp}@example.com`;
const stranger = `stranger-${stamp}@example.com`;
const password = 'a long enough passphrase 42';
const VACATION_QUESTION = 'How many days of paid vacation does an employee get?';
const BIKE_QUESTION = 'How large is the bike allowance?';

const handbook = minimalPdf([
  ['Northwind Employee Handbook', 'This handbook explains how we work together at Northwind Traders.'],
  ['Vacation policy', 'Every employee receives 27 days of paid vacation per calendar year.'],
  ['Expense reports', 'Expense reports must be submitted within 45 days of the purchase.'],
]);
const notes = '# Greenhouse notes\n\nTomato seedlings need a night temperature above 12 degrees Celsius.\n';
const benefits =
  '# Benefits\n\nEvery employee may claim a bike allowance of 300 euros per year. The allowance is paid with the March salary.\n';
// The first bytes of a PNG: upload-svc reads the content, whatever the name says.
const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'perplexica-knowledge-'));
  website = await startFakeWebsite();
  website.setPage('/feed.xml', {
    contentType: FEED_TYPES.rss,
    body: rssFeed({ title: 'Northwind news', link: website.url }, [
      {
        title: 'Cycle to work scheme',
        link: `${website.url}/news/cycle-to-work`,
        html: '<p>The cycle to work scheme lends employees an electric bike for two years.</p>',
        published: new Date('2025-03-01T09:00:00Z'),
      },
    ]),
  });
  stack = await launchStack({
    PERPLEXICA_DATA_DIR: dataDir,
    PERPLEXICA_PORT_OFFSET: String(await freePortOffset()),
    FETCH_ALLOW_PRIVATE_HOSTS: new URL(website.url).host,
  });
  browser = await launchChromium();
  desktop = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: stack.url });
  // A step that cannot happen fails within seconds, naming its locator, not at the test's timeout.
  desktop.setDefaultTimeout(10_000);
  page = await desktop.newPage();
  problems = watchForErrors(page);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.interrupt();
  await website?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** A second person, in their own browser context (own cookies, own session). */
async function personIn(viewport = { width: 1280, height: 860 }) {
  const context = await browser.newContext({ viewport, baseURL: stack.url });
  context.setDefaultTimeout(10_000);
  const tab = await context.newPage();
  const theirProblems = watchForErrors(tab);
  return { context, tab, problems: theirProblems };
}

const fileRow = (target: Page, name: string) => target.locator('.file-row', { hasText: name });

describe('files', () => {
  it('signs up and finds Files and Spaces in the navigation', async () => {
    await signUp(page, owner, password);
    await expect(page.getByRole('link', { name: 'Files' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('link', { name: 'Spaces' }).isVisible()).resolves.toBe(true);
  });

  it('uploads by the picker and by dropping, refuses what it cannot read, and shows files becoming ready', async () => {
    await page.getByRole('link', { name: 'Files' }).click();
    await page.getByRole('heading', { name: 'Files', exact: true }).waitFor();
    await page.getByText('No files yet.').waitFor();

    // The first upload is held back a moment on its way (then sent on, unchanged, to the real
    // upload-svc), long enough to see the progress of a batch: one sending, the next waiting.
    await page.route(
      '**/api/v1/upload',
      async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        await route.continue();
      },
      { times: 1 },
    );
    await page.getByLabel('Choose files to upload').setInputFiles([
      { name: 'handbook.pdf', mimeType: 'application/pdf', buffer: handbook },
      { name: 'notes.md', mimeType: 'text/markdown', buffer: Buffer.from(notes) },
    ]);
    const uploads = page.getByRole('list', { name: 'Uploads' });
    await uploads.getByLabel('Uploading handbook.pdf').waitFor();
    await uploads.getByText('Waiting…').waitFor();
    await screenshot(page, 'k00-uploading');
    await fileRow(page, 'handbook.pdf').waitFor();
    await fileRow(page, 'notes.md').waitFor();

    // Dropped onto the drop zone, as a person drags a file from their desktop.
    const dropped = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(
        new File(
          ['Meeting notes, 3 March.\nThe sourdough starter is fed twice a day with rye flour.\n'],
          'meeting.txt',
          {
            type: 'text/plain',
          },
        ),
      );
      return transfer;
    });
    await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer: dropped });
    await fileRow(page, 'meeting.txt').waitFor();

    // Refused in the server's own words: the type is judged by the content, empty is empty, and
    // the size limit is the server's.
    await page.getByLabel('Choose files to upload').setInputFiles([
      { name: 'photo.pdf', mimeType: 'application/pdf', buffer: png },
      { name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) },
      { name: 'archive.txt', mimeType: 'text/plain', buffer: Buffer.alloc(26 * 1024 * 1024, 'a') },
    ]);
    await page.getByText(/photo\.pdf was not uploaded: This file is PNG/).waitFor();
    await page.getByText('empty.txt was not uploaded: The file is empty').waitFor();
    await page.getByText(/archive\.txt was not uploaded: The file is larger than the 25 MB limit/).waitFor();

    // Queued, then processing, then ready: the list keeps asking until they are done.
    await expect
      .poll(() => page.locator('.file-row[data-status="ready"]').count(), { timeout: 30_000 })
      .toBe(3);
    await expect(fileRow(page, 'handbook.pdf').textContent()).resolves.toContain('3 pages');
    await expect(fileRow(page, 'handbook.pdf').locator('.status').textContent()).resolves.toBe('Ready');
    await screenshot(page, 'k01-files');
    await page.getByRole('button', { name: 'Dismiss photo.pdf' }).click();
    await page.getByRole('button', { name: 'Dismiss empty.txt' }).click();
    await page.getByRole('button', { name: 'Dismiss archive.txt' }).click();
  });

  it('downloads a file through a fresh download link', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download notes.md' }).click();
    expect((await download).suggestedFilename()).toBe('notes.md');
  });

  it('answers from my files with the My files focus, citing the file by name and page', async () => {
    await page.getByRole('link', { name: 'New thread' }).click();
    const sent = page.waitForRequest(
      (request) => request.url().endsWith('/api/v1/chat') && request.method() === 'POST',
    );
    await page.getByLabel('Focus').selectOption('files');
    await page.getByLabel('Ask anything…').fill(VACATION_QUESTION);
    await page.keyboard.press('Enter');
    expect((await sent).postDataJSON()).toMatchObject({ focus: 'files', query: VACATION_QUESTION });
    await page.waitForURL(/\/search\//);
    const turn = await finishedAnswer(page);

    const card = turn.locator('.source-card--file').first();
    await expect(card.textContent()).resolves.toMatch(/handbook\.pdf.*Your file · p\. 2/);
    await expect(card.getAttribute('href')).resolves.toMatch(/^\/files\/[0-9a-f-]{36}#page=2$/);
    await expect(turn.locator('.markdown').textContent()).resolves.toMatch(/27 days of paid vacation/);
    const chip = turn.locator('.markdown .citation--file').first();
    await expect(chip.getAttribute('href')).resolves.toBe(await card.getAttribute('href'));
    await chip.hover();
    await expect(turn.locator('.citation-card').first().textContent()).resolves.toMatch(/handbook\.pdf/);
    await screenshot(page, 'k02-answer-from-files');

    // The card opens the file through /files/:id, which fetches a fresh link and follows it.
    const [tab] = await Promise.all([desktop.waitForEvent('page'), card.click()]);
    // Opened in the browser (inline, not saved) at the cited page, for a PDF viewer that honours #page=.
    await tab.waitForURL(/X-Amz-Signature=.*#page=2$/);
    const opened = await tab.request.get(tab.url().replace(/#page=2$/, ''));
    expect(opened.headers()['content-type']).toBe('application/pdf');
    expect(opened.headers()['content-disposition']).toMatch(/^inline;.*handbook\.pdf/);
    await tab.close();
  });

  it('deletes a file after asking first', async () => {
    await page.getByRole('link', { name: 'Files' }).click();
    await fileRow(page, 'notes.md').waitFor();
    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.getByRole('button', { name: 'Delete notes.md' }).click();
    await expect(fileRow(page, 'notes.md').count()).resolves.toBe(1);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete notes.md' }).click();
    await expect.poll(() => fileRow(page, 'notes.md').count()).toBe(0);
    await page.reload();
    await fileRow(page, 'handbook.pdf').waitFor();
    await expect(fileRow(page, 'notes.md').count()).resolves.toBe(0);
  });
});

describe('spaces', () => {
  it('creates a space with instructions, uploads into it, and answers from its files', async () => {
    await page.getByRole('link', { name: 'Spaces' }).click();
    await page.getByText('No spaces yet.').waitFor();
    await page.getByLabel('Name').fill('Northwind HR');
    await page.getByLabel('Description (optional)').fill('Policies and benefits for the HR team.');
    await page.getByRole('button', { name: 'Create space' }).click();
    await page.waitForURL(/\/spaces\/[0-9a-f-]{36}$/);
    spaceUrl = new URL(page.url()).pathname;
    await page.getByRole('heading', { name: 'Northwind HR' }).waitFor();

    await page.getByLabel('Custom instructions').fill('Answer for HR staff, briefly.');
    await page.getByLabel('Default mode').selectOption('speed');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved.').waitFor();

    await page.getByLabel('Choose files to upload').setInputFiles({
      name: 'benefits.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from(benefits),
    });
    await expect
      .poll(() => fileRow(page, 'benefits.md').getAttribute('data-status'), { timeout: 30_000 })
      .toBe('ready');

    const sent = page.waitForRequest(
      (request) => request.url().endsWith('/api/v1/chat') && request.method() === 'POST',
    );
    await page.getByLabel('Ask in Northwind HR…').fill(BIKE_QUESTION);
    await page.keyboard.press('Enter');
    const body = (await sent).postDataJSON();
    // No mode or focus unless chosen: the space's defaults apply.
    expect(body).toEqual({ query: BIKE_QUESTION, spaceId: spaceUrl.split('/').pop() });
    await page.waitForURL(/\/search\//);
    const turn = await finishedAnswer(page);
    await expect(turn.locator('.source-card--file').first().textContent()).resolves.toContain('benefits.md');
    await expect(turn.locator('.markdown').textContent()).resolves.toMatch(/300 euros/);

    // The thread shows its space, and a follow-up stays in it.
    await page
      .getByRole('navigation', { name: 'Breadcrumb' })
      .getByRole('link', { name: 'Northwind HR' })
      .waitFor();
    const followUp = page.waitForRequest(
      (request) => request.url().endsWith('/api/v1/chat') && request.method() === 'POST',
    );
    await page.getByLabel('Ask a follow-up…').fill('When is the bike allowance paid?');
    await page.keyboard.press('Enter');
    expect((await followUp).postDataJSON()).toMatchObject({ spaceId: spaceUrl.split('/').pop() });
    await expect.poll(() => page.locator('article.turn').count()).toBe(2);
    const second = await finishedAnswer(page);
    await expect(second.locator('.source-card--file').first().textContent()).resolves.toContain(
      'benefits.md',
    );

    await page.getByRole('link', { name: 'Northwind HR' }).click();
    await page.getByRole('list', { name: 'Threads in this space' }).getByText(BIKE_QUESTION).waitFor();
  });

  it('keeps a feed in sync as the space files, and says why a source failed', async () => {
    await page.getByLabel('Kind').selectOption('rss');
    await page.getByLabel('Address').fill(`${website.url}/feed.xml`);
    await page.getByLabel('Name (optional)').fill('Northwind news');
    await page.getByRole('button', { name: 'Add source' }).click();
    const feed = page.locator('.connector-row', { hasText: 'Northwind news' });
    const status = (row: typeof feed) => row.locator('.connector-row__sync .status').textContent();
    await expect.poll(() => status(feed), { timeout: 30_000 }).toBe('Synced');
    await expect(feed.textContent()).resolves.toContain('1 document');
    // The synced item is one of the space's files now.
    await expect
      .poll(() => page.locator('.file-row', { hasText: 'Cycle to work scheme' }).count(), { timeout: 30_000 })
      .toBe(1);

    await page.getByLabel('Kind').selectOption('web');
    await page.getByLabel('Address').fill(`${website.url}/gone`);
    await page.getByLabel('Name (optional)').fill('Old intranet');
    await page.getByRole('button', { name: 'Add source' }).click();
    const broken = page.locator('.connector-row', { hasText: 'Old intranet' });
    await expect.poll(() => status(broken), { timeout: 30_000 }).toBe('Failed');
    await expect(broken.locator('.connector-row__error').textContent()).resolves.toMatch(/answered HTTP 404/);

    await broken.getByRole('button', { name: 'Pause Old intranet' }).click();
    const meta = () => broken.locator('.connector-row__meta').textContent();
    await expect.poll(meta).toMatch(/· Paused$/);
    await expect(broken.getByRole('button', { name: 'Sync Old intranet now' }).isDisabled()).resolves.toBe(
      true,
    );
    await broken.getByRole('button', { name: 'Resume Old intranet' }).click();
    await expect.poll(meta).toMatch(/· Every day$/);
    await screenshot(page, 'k03-space-owner');
    page.once('dialog', (dialog) => void dialog.accept());
    await broken.getByRole('button', { name: 'Delete Old intranet' }).click();
    await expect.poll(() => page.locator('.connector-row', { hasText: 'Old intranet' }).count()).toBe(0);
  });

  it('shares the space with a viewer, who reads it but cannot change it or upload', async () => {
    const person = await personIn();
    try {
      await signUp(person.tab, viewer, password);

      await page.getByLabel('Add someone by email').fill(viewer);
      await page.getByLabel('Their role').selectOption('viewer');
      await page.getByRole('button', { name: 'Add member' }).click();
      await page.locator('.member-row__name', { hasText: viewer }).waitFor();
      await expect(page.getByLabel(`Role of ${viewer}`).inputValue()).resolves.toBe('viewer');

      const { tab } = person;
      await tab.getByRole('link', { name: 'Spaces' }).click();
      await tab.getByRole('link', { name: /Northwind HR/ }).click();
      await tab.getByRole('heading', { name: 'Northwind HR' }).waitFor();
      await tab.getByText('You can read this space and ask in it.').waitFor();
      await fileRow(tab, 'benefits.md').waitFor();
      await expect(tab.getByLabel('Choose files to upload').count()).resolves.toBe(0);
      await expect(tab.getByRole('button', { name: 'Delete benefits.md' }).count()).resolves.toBe(0);
      await expect(tab.getByRole('button', { name: 'Save changes' }).count()).resolves.toBe(0);
      await expect(tab.getByRole('heading', { name: 'Sources' }).count()).resolves.toBe(0);
      await expect(tab.getByRole('button', { name: 'Add member' }).count()).resolves.toBe(0);
      await tab.getByText('Answer for HR staff, briefly.').waitFor();
      await tab.getByRole('button', { name: 'Leave this space' }).waitFor();
      await screenshot(tab, 'k04-space-viewer');
      expect(person.problems).toEqual([]);
    } finally {
      await person.context.close();
    }
  });

  it('is not found for someone who is not a member', async () => {
    const person = await personIn();
    try {
      await signUp(person.tab, stranger, password);
      await person.tab.goto(spaceUrl);
      await person.tab.getByRole('heading', { name: 'This space does not exist' }).waitFor();
      await expect(person.tab.getByText('Northwind HR').count()).resolves.toBe(0);
    } finally {
      await person.context.close();
    }
  });
});

describe('memory', () => {
  it('is switched on, holds memories added by hand, and answers say which they used', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Memory', exact: true }).waitFor();
    const source = page.getByTestId('memory-source');
    await expect(source.textContent()).resolves.toMatch(/^Off: this server's default/);
    await page.getByLabel('Remember things about me across threads').check();
    await expect.poll(() => source.textContent()).toMatch(/^On: your choice/);

    await page.getByLabel('Add a memory').fill('I prefer metric units');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByLabel('Add a memory').fill('My team is in Lisbon');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const memories = page.getByRole('list', { name: 'Your memories' });
    await memories.getByText('My team is in Lisbon').waitFor();
    await page.getByRole('button', { name: 'Edit “My team is in Lisbon”' }).click();
    await page.getByLabel('Edit “My team is in Lisbon”').fill('My team is in Porto');
    await memories.getByRole('button', { name: 'Save' }).click();
    await memories.getByText('My team is in Porto').waitFor();
    await page.getByPlaceholder('Search your memories').fill('metric');
    await expect.poll(() => memories.locator('li').count()).toBe(1);
    await page.getByPlaceholder('Search your memories').fill('zzzz');
    await page.getByText('No memory matches.').waitFor();
    await page.getByPlaceholder('Search your memories').fill('');
    await page.getByRole('button', { name: 'Delete “My team is in Porto”' }).click();
    await expect.poll(() => memories.locator('li').count()).toBe(1);

    await page.getByRole('link', { name: 'New thread' }).click();
    await page.getByLabel('Ask anything…').fill('Should the garden plan use metric units?');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\//);
    const turn = await finishedAnswer(page);
    const used = turn.locator('.memories-used');
    await expect(used.locator('summary').textContent()).resolves.toBe('Used 1 memory');
    await used.locator('summary').click();
    await used.getByText('I prefer metric units').waitFor();
    await screenshot(page, 'k05-memory-used');
    // Still said once the saved answer replaces the streamed one.
    await page.waitForTimeout(500);
    await expect(turn.locator('.memories-used summary').textContent()).resolves.toBe('Used 1 memory');

    await used.getByRole('link', { name: 'Manage memories in Settings → Memory' }).click();
    await page.waitForURL(/\/settings#memory$/);
    await page.getByRole('list', { name: 'Your memories' }).getByText('I prefer metric units').waitFor();
  });

  it('keeps organization facts that the owner edits, with the org default', async () => {
    await expect(page.getByRole('heading', { name: 'Your organization' }).count()).resolves.toBe(0);
    await page.getByLabel('Organization name').fill('Northwind Traders');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByText('you own it').waitFor();
    await page.getByRole('heading', { name: 'Your organization' }).waitFor();
    await page.getByLabel('Add an organization fact').fill('Our fiscal year starts in April');
    await page.getByRole('button', { name: 'Add fact' }).click();
    await page
      .getByRole('list', { name: 'Organization facts' })
      .getByText('Our fiscal year starts in April')
      .waitFor();
    const orgDefault = page.getByLabel('Memory on for members who have not chosen');
    await orgDefault.check();
    await expect.poll(() => orgDefault.isChecked()).toBe(true);
    await page.getByLabel('Add a memory').scrollIntoViewIfNeeded();
    await screenshot(page, 'k06-settings-memory');

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Forget everything' }).click();
    await page.getByText('No memories yet.').waitFor();
  });
});

describe('collections', () => {
  it('groups threads, reorders them by keyboard, shares the list and revokes it', async () => {
    await page.getByRole('link', { name: 'Library' }).click();
    await page.getByPlaceholder('New collection name').fill('HR questions');
    await page.getByRole('button', { name: 'Create collection' }).click();
    await page.getByRole('link', { name: /HR questions/ }).waitFor();

    for (const title of [VACATION_QUESTION, BIKE_QUESTION]) {
      const row = page.locator('.library__row', { hasText: title });
      await row.getByRole('button', { name: `Add “${title}” to a collection` }).click();
      await row.getByRole('button', { name: 'HR questions' }).click();
      await row.getByText('Added to “HR questions”').waitFor();
    }
    // The shelf counts them at once.
    await page.getByRole('link', { name: /HR questions\s*2 threads/ }).waitFor();
    await screenshot(page, 'k07-library-collections');

    await page.getByRole('link', { name: /HR questions/ }).click();
    await page.getByRole('heading', { name: 'HR questions' }).waitFor();
    const titles = () => page.locator('.collection-row__title').allTextContents();
    await expect.poll(titles).toEqual([VACATION_QUESTION, BIKE_QUESTION]);

    // With the keyboard: focus "move up" on the second thread and press Enter.
    await page.getByRole('button', { name: `Move “${BIKE_QUESTION}” up` }).focus();
    const saved = page.waitForResponse(
      (response) => response.url().endsWith('/order') && response.request().method() === 'PUT',
    );
    await page.keyboard.press('Enter');
    expect((await saved).status()).toBe(200);
    await expect.poll(titles).toEqual([BIKE_QUESTION, VACATION_QUESTION]);
    // The keyboard stays on the thread that moved (its "down", now that it is first).
    // (Polled up to 5 s: on a loaded machine the render after the move can take more than the 1 s default.)
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')), { timeout: 5_000 })
      .toBe(`Move “${BIKE_QUESTION}” down`);
    await page.reload();
    await expect.poll(titles).toEqual([BIKE_QUESTION, VACATION_QUESTION]);

    await page.getByRole('button', { name: 'Share' }).click();
    const link = (await page.locator('.notice--info a').first().getAttribute('href')) as string;
    expect(link).toMatch(/\/collections\/shared\/[A-Za-z0-9_-]{22}$/);
    await screenshot(page, 'k08-collection');

    const anonymous = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    try {
      const view = await anonymous.newPage();
      await view.goto(link);
      await view.getByRole('heading', { name: 'HR questions' }).waitFor();
      await expect
        .poll(() => view.locator('.collection-row__title').allTextContents())
        .toEqual([`${BIKE_QUESTION} (not shared)`, `${VACATION_QUESTION} (not shared)`]);
      await screenshot(view, 'k09-shared-collection');

      await page.getByRole('button', { name: 'Stop sharing' }).click();
      await page.getByRole('button', { name: 'Share' }).waitFor();
      await view.reload();
      await view.getByRole('heading', { name: 'Collection not available' }).waitFor();
    } finally {
      await anonymous.close();
    }
  });
});

describe('looks', () => {
  it('the new pages in the dark theme', async () => {
    await page.evaluate(() => localStorage.setItem('perplexica:theme', 'dark'));
    await page.goto(spaceUrl);
    await page.getByRole('heading', { name: 'Northwind HR' }).waitFor();
    await fileRow(page, 'benefits.md').waitFor();
    await screenshot(page, 'k10-dark-space');
    await page.goto('/files');
    await fileRow(page, 'handbook.pdf').waitFor();
    await screenshot(page, 'k11-dark-files');
    await page.goto('/spaces');
    await page.getByRole('link', { name: /Northwind HR/ }).waitFor();
    await screenshot(page, 'k12-dark-spaces');
    await page.evaluate(() => localStorage.removeItem('perplexica:theme'));
  });

  it('the new pages on a phone: nothing wider than the screen', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      baseURL: stack.url,
    });
    try {
      const mobile = await phone.newPage();
      await mobile.goto('/login');
      await mobile.getByLabel('Email').fill(owner);
      await mobile.getByLabel('Password').fill(password);
      await mobile.getByRole('button', { name: 'Sign in' }).click();
      await mobile.getByLabel('Ask anything…').waitFor();
      const overflow = () => mobile.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

      await mobile.goto(spaceUrl);
      await fileRow(mobile, 'benefits.md').waitFor();
      await mobile.locator('.connector-row').first().waitFor();
      expect(await overflow()).toBeLessThanOrEqual(0);
      await screenshot(mobile, 'k13-phone-space');

      await mobile.goto('/files');
      await fileRow(mobile, 'handbook.pdf').waitFor();
      expect(await overflow()).toBeLessThanOrEqual(0);
      await screenshot(mobile, 'k14-phone-files');

      await mobile.goto('/library');
      await mobile.locator('.library__row').first().waitFor();
      await mobile
        .locator('.library__row')
        .first()
        .getByRole('button', { name: /to a collection$/ })
        .tap();
      await mobile.locator('.menu__popover').waitFor();
      expect(await overflow()).toBeLessThanOrEqual(0);
      await screenshot(mobile, 'k15-phone-library-menu');

      await mobile.getByRole('button', { name: 'Menu' }).tap();
      await mobile.getByRole('link', { name: 'Spaces' }).waitFor();
      await mobile.getByRole('link', { name: 'Files' }).waitFor();
    } finally {
      await phone.close();
    }
    expect(problems).toEqual([]);
  });
});
