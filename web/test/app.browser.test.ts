import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { repoRoot, webDist } from '@perplexica/local-stack';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePortOffset, type LaunchedStack, launchStack } from '../../packages/local-stack/test/launch.ts';
import { finishedAnswer, launchChromium, screenshot, watchForErrors } from './browser.ts';

const run = promisify(execFile);

// The web app as a researcher uses it, in Debian's chromium, against the whole local stack as
// `pnpm start` runs it (which builds the app when its sources changed): embedded Postgres, local
// Redis, the local search engine over two ingested notes, the extractive answerer.
let stack: LaunchedStack;
let browser: Browser;
let desktop: BrowserContext;
let page: Page;
let problems: string[];
let dataDir: string;
let docs: string;
const email = `researcher-${Date.now()}@example.com`;
const adminEmail = `admin-${Date.now()}@example.com`;
const password = 'a long enough passphrase 42';
const QUESTION = 'How efficient are home solar panels?';

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'perplexica-web-'));
  docs = await mkdtemp(join(tmpdir(), 'perplexica-web-docs-'));
  await writeFile(
    join(docs, 'solar.md'),
    '# Solar panels\n\nSolar panels convert sunlight into electricity using photovoltaic cells. Most home solar panels reach an efficiency of 18 to 22 percent. An inverter turns their direct current into alternating current for the home.\n',
  );
  await writeFile(
    join(docs, 'batteries.md'),
    '# Home batteries\n\nA home battery stores the electricity that solar panels make during the day for use in the evening. Most home batteries hold between 5 and 15 kilowatt hours.\n',
  );
  stack = await launchStack({
    PERPLEXICA_DATA_DIR: dataDir,
    PERPLEXICA_PORT_OFFSET: String(await freePortOffset()),
    ADMIN_EMAILS: adminEmail,
  });
  await run(process.execPath, [join(repoRoot, 'scripts', 'ingest.ts'), docs], {
    cwd: repoRoot,
    env: { ...process.env, PERPLEXICA_DATA_DIR: dataDir, POSTGRES_URL: '' },
  });
  browser = await launchChromium();
  desktop = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: stack.url });
  page = await desktop.newPage();
  problems = watchForErrors(page);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.interrupt();
  await rm(dataDir, { recursive: true, force: true });
  await rm(docs, { recursive: true, force: true });
});

describe('the build', () => {
  it('loads in under 250 KB of gzipped JavaScript and CSS on first visit', async () => {
    // What index.html pulls in before anything else: its script, styles and preloaded modules.
    const html = await readFile(join(webDist, 'index.html'), 'utf8');
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map(
      (match) => match[1] as string,
    );
    expect(assets.some((asset) => asset.endsWith('.js'))).toBe(true);
    expect(assets.some((asset) => asset.endsWith('.css'))).toBe(true);
    let bytes = 0;
    for (const asset of assets) bytes += gzipSync(await readFile(join(webDist, asset))).byteLength;
    expect(bytes).toBeLessThan(250 * 1024);
  });
});

describe('the web app in a browser', () => {
  it('signs up and lands on the ask page', async () => {
    await page.goto('/');
    await page.waitForURL(/\/login/);
    await screenshot(page, '01-sign-in');
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'What do you want to know?' }).waitFor();
    await screenshot(page, '02-home');
    expect(page.url()).toBe(`${stack.url}/`);
  });

  it('asks a question and streams the answer with sources and citation chips', async () => {
    const streamed = page.waitForResponse(
      (response) => response.url().endsWith('/api/v1/chat') && response.request().method() === 'POST',
    );
    await page.getByLabel('Ask anything…').fill(QUESTION);
    await page.keyboard.press('Enter');
    const response = await streamed;
    expect(response.headers()['content-type']).toContain('text/event-stream');
    await page.waitForURL(/\/search\/[0-9a-f-]{36}$/);
    const turn = await finishedAnswer(page);

    await expect.poll(() => turn.locator('.source-card').count()).toBeGreaterThan(0);
    const sourceCount = await turn.locator('.source-card').count();
    await expect(turn.locator('.source-card').first().textContent()).resolves.toMatch(
      /solar\.md|batteries\.md/,
    );
    const answer = (await turn.locator('.markdown').textContent()) ?? '';
    expect(answer).toMatch(/18 to 22 percent/);
    const chips = await turn.locator('.markdown .citation').allTextContents();
    expect(chips.length).toBeGreaterThan(0);
    for (const chip of chips) {
      expect(Number(chip)).toBeGreaterThanOrEqual(1);
      expect(Number(chip)).toBeLessThanOrEqual(sourceCount);
    }
    await expect(turn.locator('.badge', { hasText: 'extractive' }).count()).resolves.toBe(1);

    // Hovering a citation shows its source.
    await turn.locator('.markdown .citation').first().hover();
    await expect.poll(() => turn.locator('.citation-card').first().isVisible()).toBe(true);
    await expect(turn.locator('.citation-card').first().textContent()).resolves.toMatch(
      /Solar panels|Home batteries/,
    );
    await screenshot(page, '03-answer');
  });

  it('a related question is asked in the same thread', async () => {
    const threadUrl = page.url();
    const related = page.locator('.related__item').first();
    const question = ((await related.textContent()) ?? '').replace(/\+$/, '').trim();
    await related.click();
    await expect.poll(() => page.locator('article.turn').count()).toBe(2);
    await finishedAnswer(page);
    await expect(page.locator('article.turn h2').last().textContent()).resolves.toBe(question);
    expect(page.url()).toBe(threadUrl);
    await screenshot(page, '04-follow-up');
  });

  it('a reload keeps the session and shows the thread as it was', async () => {
    await page.reload();
    await expect.poll(() => page.locator('article.turn').count()).toBe(2);
    await expect(page.locator('article.turn h2').first().textContent()).resolves.toBe(QUESTION);
    await expect(page.locator('article.turn').first().locator('.markdown').textContent()).resolves.toMatch(
      /18 to 22 percent/,
    );
  });

  it('the library lists, searches, opens, renames, bookmarks and deletes threads', async () => {
    await page.getByRole('link', { name: 'Library' }).click();
    const row = page.locator('.library__row', { hasText: QUESTION });
    await row.waitFor();
    await page.getByPlaceholder('Search your threads').fill('zzzzunlikely');
    await page.getByText('Nothing matches.').waitFor();
    await page.getByPlaceholder('Search your threads').fill('solar');
    await row.waitFor();

    await row.getByRole('link', { name: QUESTION }).click();
    await page.waitForURL(/\/search\//);
    await expect.poll(() => page.locator('article.turn').count()).toBe(2);
    await page.goBack();

    await page
      .locator('.library__row')
      .first()
      .getByRole('button', { name: /^Rename/ })
      .click();
    await page.getByLabel('New title').fill('Solar panel efficiency, for the report');
    await page.getByRole('button', { name: 'Save' }).click();
    const renamed = page.locator('.library__row', { hasText: 'Solar panel efficiency, for the report' });
    await renamed.waitFor();
    await renamed.getByRole('button', { name: /^Bookmark/ }).click();
    await renamed.locator('.badge', { hasText: 'Bookmarked' }).waitFor();
    await page.getByLabel('Bookmarked only').check();
    await expect.poll(() => page.locator('.library__row').count()).toBe(1);
    await screenshot(page, '05-library');

    page.once('dialog', (dialog) => void dialog.accept());
    await renamed.getByRole('button', { name: /^Delete/ }).click();
    await expect.poll(() => page.locator('.library__row').count()).toBe(0);
    await page.getByLabel('Bookmarked only').uncheck();
    await page.getByPlaceholder('Search your threads').fill('');
    await page.getByText('No threads yet. Ask something to start one.').waitFor();
  });

  it('creates an API key that is shown once and works, then revokes it', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('my research script');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = ((await page.getByTestId('new-api-key').textContent()) ?? '').trim();
    expect(key.length).toBeGreaterThan(20);
    await screenshot(page, '06-api-key');

    const askWith = (apiKey: string) =>
      fetch(`${stack.url}/api/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'sonar', messages: [{ role: 'user', content: QUESTION }] }),
      });
    const answered = await askWith(key);
    expect(answered.status).toBe(200);
    expect(((await answered.json()) as { citations: string[] }).citations.length).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByTestId('new-api-key').count()).resolves.toBe(0);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Revoke my research script' }).click();
    await page.getByText('No active keys.').waitFor();
    expect((await askWith(key)).status).toBe(401);
  });

  it('shares a thread by a link anyone can read without signing in', async () => {
    await page.getByRole('link', { name: 'New thread' }).click();
    await page.getByLabel('Ask anything…').fill('How much electricity does a home battery hold?');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\//);
    await finishedAnswer(page);
    await expect.poll(() => page.getByRole('button', { name: 'Share' }).isEnabled()).toBe(true);
    await page.getByRole('button', { name: 'Share' }).click();
    const link = (await page.locator('.notice--info a').first().getAttribute('href')) as string;
    expect(link).toMatch(/\/s\/[A-Za-z0-9_-]{22}$/);

    const stranger = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    try {
      const view = await stranger.newPage();
      await view.goto(link);
      await view
        .getByRole('heading', { name: 'How much electricity does a home battery hold?' })
        .first()
        .waitFor();
      await expect(view.locator('.markdown').first().textContent()).resolves.toMatch(/kilowatt hours/);
      await expect(view.getByLabel('Ask a follow-up…').count()).resolves.toBe(0);
      await screenshot(view, '07-shared');
    } finally {
      await stranger.close();
    }
  });

  it('creates an organization, claims an email domain and explains what is missing in words', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Organization name').fill('Solar Research Group');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByText('Solar Research Group').first().waitFor();
    await page.getByText('you own it').waitFor();

    await page.getByLabel('Domain').fill('solar-research.example');
    await page.getByRole('button', { name: 'Add domain' }).click();
    const record = page.locator('.key-list li', { hasText: 'solar-research.example' });
    await record.getByText('not verified yet').waitFor();
    await expect(record.textContent()).resolves.toContain('_perplexica');
    await record.getByRole('button', { name: 'Verify solar-research.example' }).click();
    await expect(page.getByRole('alert').first().textContent()).resolves.toMatch(
      /DNS lookup failed|does not hold the expected value/,
    );

    await page.getByLabel('Issuer URL').fill('http://login.solar-research.example');
    await page.getByLabel('Client ID').fill('perplexica');
    await page.getByRole('button', { name: 'Save single sign-on' }).click();
    await page.getByText(/issuer: must use https/).waitFor();
    await screenshot(page, '08-organization');
  });

  it('switches to the dark theme', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Dark').check();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.getByRole('link', { name: 'Library' }).click();
    await page.locator('.library__title').first().click();
    await page.waitForURL(/\/search\//);
    await finishedAnswer(page);
    await screenshot(page, '09-dark');
    await page.evaluate(() => localStorage.removeItem('perplexica:theme'));
  });

  it('says in words what went wrong, never a blank page', async () => {
    await page.goto('/search/00000000-0000-4000-8000-000000000000');
    await page.getByRole('heading', { name: 'This thread does not exist' }).waitFor();
    await page.goto('/no/such/page');
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();

    const fresh = await browser.newContext({ baseURL: stack.url });
    try {
      const login = await fresh.newPage();
      await login.goto('/login');
      await login.getByLabel('Email').fill(email);
      await login.getByLabel('Password').fill('not the right password');
      await login.getByRole('button', { name: 'Sign in' }).click();
      await expect(login.getByRole('alert').textContent()).resolves.toContain(
        'Email or password is incorrect',
      );
    } finally {
      await fresh.close();
    }
    expect(problems).toEqual([]);
  });

  it('works on a phone: sign in, ask, read the answer, open the menu', async () => {
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
      await mobile.getByLabel('Email').fill(email);
      await mobile.getByLabel('Password').fill(password);
      await mobile.getByRole('button', { name: 'Sign in' }).click();
      await mobile.getByLabel('Ask anything…').fill(QUESTION);
      await mobile.getByRole('button', { name: 'Ask' }).tap();
      await mobile.waitForURL(/\/search\//);
      const turn = await finishedAnswer(mobile);
      await expect(turn.locator('.markdown').textContent()).resolves.toMatch(/18 to 22 percent/);
      // Nothing wider than the screen: no sideways scrolling to read the answer.
      const overflow = await mobile.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(mobile, '10-phone-answer');
      await mobile.getByRole('button', { name: 'Menu' }).tap();
      await mobile.getByRole('link', { name: 'Library' }).waitFor();
      await screenshot(mobile, '11-phone-menu');
    } finally {
      await phone.close();
    }
  });

  it('an administrator sees every user and their role', async () => {
    const adminContext = await browser.newContext({
      viewport: { width: 1280, height: 860 },
      baseURL: stack.url,
    });
    try {
      const admin = await adminContext.newPage();
      await admin.goto('/login');
      await admin.getByRole('button', { name: 'Create an account' }).click();
      await admin.getByLabel('Email').fill(adminEmail);
      await admin.getByLabel('Password').fill(password);
      await admin.getByRole('button', { name: 'Create account' }).click();
      await admin.getByRole('link', { name: 'Admin' }).click();
      await admin.getByRole('cell', { name: email }).waitFor();
      await expect(admin.getByLabel(`Role of ${email}`).inputValue()).resolves.toBe('user');
      // Their own role cannot be changed from here (an admin cannot demote themselves).
      await expect(admin.getByLabel(`Role of ${adminEmail}`).isDisabled()).resolves.toBe(true);
      await screenshot(admin, '12-admin');
    } finally {
      await adminContext.close();
    }
    // Someone who is not an administrator has no Admin link.
    await expect(page.getByRole('link', { name: 'Admin' }).count()).resolves.toBe(0);
  });
});
