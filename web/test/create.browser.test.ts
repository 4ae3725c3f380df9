import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '@perplexica/local-stack';
import type { Browser, BrowserContext, Download, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePortOffset, type LaunchedStack, launchStack } from '../../packages/local-stack/test/launch.ts';
import { finishedAnswer, launchChromium, screenshot, signUp, watchForErrors } from './browser.ts';

const run = promisify(execFile);

// Create and thread export as a researcher uses them, in Debian's chromium, against the whole
// local stack as `pnpm start` runs it: create-svc with no model (the extractive answerer) and no
// OpenAI key, library-svc behind the exports, the local search engine over one ingested note.
let stack: LaunchedStack;
let browser: Browser;
let desktop: BrowserContext;
let page: Page;
let problems: string[];
let dataDir: string;
let docs: string;
const stamp = Date.now();
const email = `creator-${stamp}@example.com`;
const strangerEmail = `create-stranger-${stamp}@example.com`;
const password = 'a long enough passphrase 42';
const QUESTION = 'How efficient are home solar panels?';
// Made through the API before the browser starts, so the list has more than one page (20).
// Every POST that makes something counts against create-svc's budget of 30 a minute per person:
// these and the ten this file makes in the browser stay under it.
const EARLIER_TABLES = 18;

const CITIES_CSV = [
  'City,Country,Population,Area km2,Website',
  'Oslo,Norway,709037,454,https://www.oslo.kommune.no/',
  'Bergen,Norway,289330,465,https://www.bergen.kommune.no/',
  'Stockholm,Sweden,984748,188,https://start.stockholm/',
  'Helsinki,Finland,664028,214,https://www.hel.fi/',
].join('\n');

let tableId = '';

async function json<T>(response: Response): Promise<T> {
  const body = (await response.json()) as T;
  if (!response.ok) throw new Error(`${response.status} ${JSON.stringify(body)}`);
  return body;
}

/** What a download holds, as bytes. */
async function bytesOf(download: Download): Promise<Buffer> {
  return readFile((await download.path()) as string);
}

/** Clicks what starts a download and resolves with it. */
async function downloadFrom(target: Page, click: () => Promise<void>): Promise<Download> {
  const [download] = await Promise.all([target.waitForEvent('download', { timeout: 20_000 }), click()]);
  return download;
}

/** Signs in through the form (the account exists already). */
async function signIn(target: Page, who: string) {
  await target.goto('/login');
  await target.getByLabel('Email').fill(who);
  await target.getByLabel('Password').fill(password);
  await target.getByRole('button', { name: 'Sign in' }).click();
  await target.getByRole('heading', { name: 'What do you want to know?' }).waitFor();
}

const tab = (target: Page, name: string) =>
  target.locator('fieldset.tabs').getByRole('button', { name, exact: true });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'perplexica-create-web-'));
  docs = await mkdtemp(join(tmpdir(), 'perplexica-create-docs-'));
  await writeFile(
    join(docs, 'solar.md'),
    '# Solar panels\n\nSolar panels convert sunlight into electricity using photovoltaic cells. Most home solar panels reach an efficiency of 18 to 22 percent. An inverter turns their direct current into alternating current for the home.\n',
  );
  stack = await launchStack({
    PERPLEXICA_DATA_DIR: dataDir,
    PERPLEXICA_PORT_OFFSET: String(await freePortOffset()),
  });
  expect(stack.output()).toMatch(/create-svc/);
  await run(process.execPath, [join(repoRoot, 'scripts', 'ingest.ts'), docs], {
    cwd: repoRoot,
    env: { ...process.env, PERPLEXICA_DATA_DIR: dataDir, POSTGRES_URL: '' },
  });

  // The account, and earlier tables of its own, through the public API as the app would make them.
  const signup = await json<{ accessToken: string }>(
    await fetch(`${stack.url}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    }),
  );
  for (let i = 1; i <= EARLIER_TABLES; i += 1) {
    await json(
      await fetch(`${stack.url}/api/v1/create/tables`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${signup.accessToken}` },
        body: JSON.stringify({
          title: `Earlier table ${i}`,
          data: { format: 'json', rows: [{ n: i, square: i * i }] },
        }),
      }),
    );
  }

  browser = await launchChromium();
  desktop = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    baseURL: stack.url,
    locale: 'en-US',
    timezoneId: 'UTC',
    acceptDownloads: true,
  });
  page = await desktop.newPage();
  page.setDefaultTimeout(20_000);
  problems = watchForErrors(page);
  await signIn(page, email);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.interrupt();
  await rm(dataDir, { recursive: true, force: true });
  await rm(docs, { recursive: true, force: true });
});

describe('tables', () => {
  it('builds a typed table from pasted CSV and downloads it as CSV', async () => {
    await page.getByRole('link', { name: 'Create', exact: true }).click();
    await page.getByRole('heading', { name: 'Create', level: 1 }).waitFor();
    await expect(tab(page, 'Table').getAttribute('aria-pressed')).resolves.toBe('true');
    await page.getByLabel('Title (optional)').fill('Nordic cities');
    await page.getByLabel('Data', { exact: true }).fill(CITIES_CSV);
    await page.getByRole('button', { name: 'Make table' }).click();

    const table = page.getByRole('table', { name: /Nordic cities/ });
    await table.waitFor();
    await expect(table.locator('caption').textContent()).resolves.toMatch(/4 rows, 5 columns/);
    const headers = await table.locator('thead th').allTextContents();
    expect(headers).toEqual(['Citytext', 'Countrytext', 'Populationnumber', 'Area km2number', 'Websitelink']);
    await expect(table.locator('thead th[scope="col"]').count()).resolves.toBe(5);
    await expect(table.locator('tbody tr').count()).resolves.toBe(4);
    // Numbers read as numbers (grouped, right-aligned); links open in a new tab without a referrer.
    const oslo = table.locator('tbody tr').first();
    await expect(oslo.locator('td').nth(2).textContent()).resolves.toBe('709,037');
    await expect(oslo.locator('td.num').count()).resolves.toBe(2);
    const site = oslo.locator('td a');
    await expect(site.getAttribute('href')).resolves.toBe('https://www.oslo.kommune.no/');
    await expect(site.getAttribute('rel')).resolves.toBe('noopener noreferrer');
    tableId = /\/create\/([0-9a-f-]{36})$/.exec(
      (await page.getByRole('link', { name: 'Open', exact: true }).getAttribute('href')) ?? '',
    )?.[1] as string;
    expect(tableId).toMatch(/^[0-9a-f-]{36}$/);

    const download = await downloadFrom(page, () =>
      page.getByRole('button', { name: 'Download CSV' }).click(),
    );
    expect(download.suggestedFilename()).toBe('nordic-cities.csv');
    expect((await bytesOf(download)).toString('utf8')).toBe(`${CITIES_CSV.split('\n').join('\r\n')}\r\n`);
    await page.getByRole('status').filter({ hasText: 'Downloaded nordic-cities.csv' }).waitFor();
    await screenshot(page, 'create-01-table');
  });

  it('says in words, beside the data, why a CSV cannot be read', async () => {
    await page.goto('/create');
    await page.getByRole('button', { name: 'Make table' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Give data, describe the table you want, or both.' })
      .waitFor();

    const data = page.getByLabel('Data', { exact: true });
    await data.fill('name,score\nAda,"12\nGrace,15\n');
    await page.getByRole('button', { name: 'Make table' }).click();
    const problem = page.locator('.create-data .field-error');
    await expect
      .poll(() => problem.textContent())
      .toMatch(/The CSV cannot be read: line 2: a quoted field is never closed/);
    await expect(data.getAttribute('aria-invalid')).resolves.toBe('true');
    // The field says it, and it is named: the textarea is described by the problem.
    const describedBy = (await data.getAttribute('aria-describedby')) ?? '';
    const problemId = (await problem.getAttribute('id')) as string;
    expect(describedBy.split(' ')).toContain(problemId);

    await data.fill('[{"name": "Ada", "score": {"nested": 1}}]');
    await page.getByRole('button', { name: 'Make table' }).click();
    await expect.poll(() => problem.textContent()).toMatch(/Must be text, a number, a boolean or null/);
    await screenshot(page, 'create-02-bad-csv');
  });

  it('says a table from a description needs a model, and what an operator sets', async () => {
    await page.goto('/create');
    await page
      .getByLabel('Describe the table (optional; needs a model)')
      .fill('The five largest Nordic cities');
    await page.getByRole('button', { name: 'Make table' }).click();
    const notice = page.getByRole('status', {
      name: 'Tables from a description are not set up on this server',
    });
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toMatch(/LLM_PROVIDER/);
    await expect(notice.textContent()).resolves.toMatch(
      /Tables from data you give \(CSV or JSON\) work without it/,
    );
    await expect(page.getByRole('table').count()).resolves.toBe(0);
  });
});

describe('dashboards', () => {
  it('charts the table with only its fields offered, one mark per row, and saves it', async () => {
    await page.goto(`/create/${tableId}`);
    await page.getByRole('heading', { name: 'Nordic cities', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Chart it' }).click();
    await page.waitForURL(/tab=dashboard&table=/);
    await expect(tab(page, 'Dashboard').getAttribute('aria-pressed')).resolves.toBe('true');

    const first = page.getByRole('group', { name: 'Chart 1' });
    await first.waitFor();
    await expect(page.getByLabel('Table', { exact: true }).inputValue()).resolves.toBe(tableId);
    // x: every field; y: only the numbers.
    const xOptions = await first.getByLabel('Along the bottom (x)').locator('option').allTextContents();
    expect(xOptions).toEqual([
      'City (text)',
      'Country (text)',
      'Population (number)',
      'Area km2 (number)',
      'Website (link)',
    ]);
    const yChoices = first.getByRole('group', { name: 'Numbers to plot (y)' });
    await expect(yChoices.getByRole('checkbox').count()).resolves.toBe(2);
    await expect(yChoices.getByRole('checkbox', { name: 'Population' }).isChecked()).resolves.toBe(true);
    await expect(first.getByLabel('Along the bottom (x)').inputValue()).resolves.toBe('city');

    // The preview draws as it is set up: a bar per city.
    const preview = page.getByRole('region', { name: 'Preview' });
    await expect.poll(() => preview.locator('svg rect.chart__mark').count()).toBe(4);

    await page.getByRole('button', { name: 'Add a chart' }).click();
    const second = page.getByRole('group', { name: 'Chart 2' });
    await second.getByLabel('Type').selectOption('line');
    await second.getByLabel('Chart title (optional)').fill('Area');
    await second.getByRole('checkbox', { name: 'Population' }).uncheck();
    await second.getByRole('checkbox', { name: 'Area km2' }).check();
    await page.getByRole('button', { name: 'Add a chart' }).click();
    const third = page.getByRole('group', { name: 'Chart 3' });
    await third.getByLabel('Type').selectOption('pie');
    await expect(third.getByRole('radio').count()).resolves.toBe(2);
    await page.getByLabel('Dashboard title').fill('Nordic dashboard');
    await page.getByRole('button', { name: 'Save dashboard' }).click();

    await page.getByRole('status').filter({ hasText: 'Saved “Nordic dashboard”.' }).waitFor();
    const saved = page.getByRole('region', { name: 'Nordic dashboard' });
    const charts = saved.locator('figure.chart');
    await expect.poll(() => charts.count()).toBe(3);
    await expect.poll(() => charts.nth(0).locator('svg rect.chart__mark').count()).toBe(4);
    await expect.poll(() => charts.nth(1).locator('svg circle.chart__mark').count()).toBe(4);
    await expect.poll(() => charts.nth(2).locator('svg .chart__slice').count()).toBe(4);
    // Each mark is titled with its row and value; each chart has a summary in words and its numbers.
    await expect(charts.nth(0).locator('svg rect.chart__mark title').allTextContents()).resolves.toEqual([
      'Oslo: 709,037',
      'Bergen: 289,330',
      'Stockholm: 984,748',
      'Helsinki: 664,028',
    ]);
    await expect(charts.nth(0).getByRole('img').getAttribute('aria-label')).resolves.toBe(
      'Population by City',
    );
    await expect(charts.nth(0).locator('figcaption').textContent()).resolves.toMatch(
      /^Bar chart of Population over 4 City values\. Highest 984,748 \(Stockholm\), lowest 289,330 \(Bergen\)\.$/,
    );
    await expect(charts.nth(1).locator('h3').textContent()).resolves.toBe('Area');
    await expect(charts.nth(2).locator('figcaption').textContent()).resolves.toMatch(
      /Largest slice: Stockholm, 37%/,
    );
    await charts.nth(0).getByText('The numbers').click();
    await expect(charts.nth(0).locator('details table tbody tr').count()).resolves.toBe(4);
    await expect(preview.count()).resolves.toBe(0);
    await screenshot(page, 'create-03-dashboard');

    const download = await downloadFrom(page, () =>
      page.getByRole('button', { name: 'Download JSON' }).click(),
    );
    expect(download.suggestedFilename()).toBe('nordic-dashboard.json');
    const spec = JSON.parse((await bytesOf(download)).toString('utf8')) as {
      charts: unknown[];
      rows: unknown[];
    };
    expect(spec.charts).toHaveLength(3);
    expect(spec.rows).toHaveLength(4);
  });

  it('charts pasted data, kept as a table', async () => {
    await page.goto('/create?tab=dashboard');
    await page.getByRole('radio', { name: 'Paste data' }).check();
    await page.getByLabel('Dashboard title').fill('Sales');
    await page
      .getByLabel('Data to chart')
      .fill(
        'month;region;revenue\n2026-01-01;North;10\n2026-01-01;South;7\n2026-02-01;North;12\n2026-02-01;South;9',
      );
    await page.getByLabel('Separator').selectOption(';');
    await page.getByRole('button', { name: 'Use this data' }).click();
    const first = page.getByRole('group', { name: 'Chart 1' });
    await first.waitFor();
    await first.getByLabel('Along the bottom (x)').selectOption('month');
    await first.getByLabel('Split into series by (optional)').selectOption('region');
    await first.getByRole('checkbox', { name: 'Stack the bars' }).check();
    const preview = page.getByRole('region', { name: 'Preview' });
    // Two months × two regions, stacked; a legend names the regions.
    await expect.poll(() => preview.locator('svg rect.chart__mark').count()).toBe(4);
    await expect(preview.getByRole('list', { name: 'Legend' }).textContent()).resolves.toBe('NorthSouth');
    await page.getByRole('button', { name: 'Save dashboard' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved “Sales”.' }).waitFor();
    await screenshot(page, 'create-04-stacked');
  });

  it('shows what the service refuses beside the field it names', async () => {
    await page.goto('/create?tab=dashboard');
    await page.getByRole('radio', { name: 'Paste data' }).check();
    await page.getByLabel('Dashboard title').fill('Groups');
    const lines = ['item,group,value'];
    for (let i = 1; i <= 26; i += 1) lines.push(`item ${i},group ${i},${i}`);
    await page.getByLabel('Data to chart').fill(lines.join('\n'));
    await page.getByRole('button', { name: 'Use this data' }).click();
    const first = page.getByRole('group', { name: 'Chart 1' });
    await first.waitFor();
    // 26 groups are more series than create-svc draws (25): only it knows, and it names the field.
    const split = first.getByLabel('Split into series by (optional)');
    await split.selectOption('group');
    await page.getByRole('button', { name: 'Save dashboard' }).click();
    const problem = first.locator('.field-error');
    await expect.poll(() => problem.textContent()).toBe('"group" has 26 values; at most 25 series.');
    await expect(split.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(split.getAttribute('aria-describedby')).resolves.toBe(await problem.getAttribute('id'));
    await expect(page.getByRole('status').filter({ hasText: 'Saved' }).count()).resolves.toBe(0);
    await screenshot(page, 'create-05-refused-field');
  });
});

describe('images', () => {
  it('asks for a description, then says images are not set up, and what an operator sets', async () => {
    await page.goto('/create');
    await tab(page, 'Image').click();
    await page.getByRole('button', { name: 'Make image' }).click();
    await page.getByRole('alert').filter({ hasText: 'Describe the image you want.' }).waitFor();
    await page.getByLabel('Describe the image').fill('A watercolour of a lighthouse at dawn');
    await page.getByRole('button', { name: 'Make image' }).click();
    const notice = page.getByRole('status', { name: 'Images are not set up on this server' });
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toMatch(/OPENAI_API_KEY/);
    await expect(notice.textContent()).resolves.toMatch(/llm-credentials/);
    await screenshot(page, 'create-06-image-not-configured');
  });
});

describe('your creations', () => {
  it('lists them newest first, a page at a time, filtered by kind', async () => {
    await page.goto('/create');
    await tab(page, 'Your creations').click();
    await page.waitForURL(/tab=list/);
    await expect.poll(() => rows(page).count()).toBe(20);
    const titles = await rows(page).locator('.creation__title').allTextContents();
    // The Groups table (its dashboard was refused), Sales (a dashboard) and its table, the Nordic
    // dashboard, the Nordic table, then the earlier ones.
    expect(titles.slice(0, 5)).toEqual(['Groups', 'Sales', 'Sales', 'Nordic dashboard', 'Nordic cities']);
    expect(titles[5]).toBe(`Earlier table ${EARLIER_TABLES}`);
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows(page).count()).toBe(EARLIER_TABLES + 5);
    await expect(page.getByRole('button', { name: 'Load more' }).count()).resolves.toBe(0);
    await expect(rows(page).last().locator('.creation__title').textContent()).resolves.toBe(
      'Earlier table 1',
    );

    await tab(page, 'Dashboards').click();
    await page.waitForURL(/kind=dashboard/);
    await expect.poll(() => rows(page).count()).toBe(2);
    for (const kind of await rows(page).locator('.creation__kind').allTextContents())
      expect(kind).toBe('Dashboard');
    await page.reload();
    await expect.poll(() => rows(page).count()).toBe(2);
    await expect(tab(page, 'Dashboards').getAttribute('aria-pressed')).resolves.toBe('true');
    await screenshot(page, 'create-07-list');
  });

  it('opens one, and deletes one after asking', async () => {
    await page.goto('/create?tab=list&kind=table');
    await expect.poll(() => rows(page).count()).toBe(20);
    await page.getByRole('link', { name: 'Open “Nordic cities”' }).click();
    await page.waitForURL(`**/create/${tableId}`);
    await page.getByRole('heading', { name: 'Nordic cities', level: 1 }).waitFor();
    await expect(page.locator('.create-artifact__origin').textContent()).resolves.toBe(
      'From CSV data you gave.',
    );
    await expect(
      page
        .getByRole('table', { name: /Nordic cities/ })
        .locator('tbody tr')
        .count(),
    ).resolves.toBe(4);

    // Cancelled: nothing changes.
    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByRole('heading', { name: 'Nordic cities', level: 1 }).isVisible()).resolves.toBe(
      true,
    );

    await page.goto('/create?tab=list&kind=table');
    await expect.poll(() => rows(page).count()).toBe(20);
    const salesTable = (await page
      .getByRole('link', { name: 'Open “Sales”' })
      .getAttribute('href')) as string;
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await page.getByRole('button', { name: 'Delete “Sales”' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'Open “Sales”' }).count()).toBe(0);
    expect(asked).toBe('Delete “Sales”? This cannot be undone.');
    await page.reload();
    await expect.poll(() => rows(page).count()).toBe(20);
    await expect(page.getByRole('link', { name: 'Open “Sales”' }).count()).resolves.toBe(0);
    await expect(page.getByRole('link', { name: 'Open “Nordic cities”' }).count()).resolves.toBe(1);

    // The dashboard keeps its own copy of the data, so it still draws without the table.
    await page.goto('/create?tab=list&kind=dashboard');
    await page.getByRole('link', { name: 'Open “Sales”' }).click();
    await page.getByRole('heading', { name: 'Sales', level: 1 }).waitFor();
    await expect.poll(() => page.locator('figure.chart').first().locator('rect.chart__mark').count()).toBe(4);
    await page.goto(salesTable);
    await page.getByRole('heading', { name: 'This creation does not exist' }).waitFor();
  });

  it('are not seen by anyone else', async () => {
    const other = await browser.newContext({ baseURL: stack.url, locale: 'en-US' });
    try {
      const stranger = await other.newPage();
      const strangerProblems = watchForErrors(stranger);
      await signUp(stranger, strangerEmail, password);
      await stranger.goto('/create?tab=list');
      await stranger.getByText('Nothing made yet.').waitFor();
      await expect(rows(stranger).count()).resolves.toBe(0);
      await stranger.goto('/create?tab=dashboard');
      await stranger.getByText('You have no tables yet.').waitFor();
      // The first user's dashboard, by its address: not found, as if it did not exist.
      await page.goto('/create?tab=list&kind=dashboard');
      const href = (await page
        .getByRole('link', { name: 'Open “Nordic dashboard”' })
        .getAttribute('href')) as string;
      await stranger.goto(href);
      await stranger.getByRole('heading', { name: 'This creation does not exist' }).waitFor();
      await expect(stranger.locator('figure.chart').count()).resolves.toBe(0);
      await screenshot(stranger, 'create-08-stranger');
      expect(strangerProblems).toEqual([]);
    } finally {
      await other.close();
    }
  });
});

describe('thread export', () => {
  let threadUrl = '';

  it('downloads a thread as Markdown with its question and reference list', async () => {
    await page.goto('/');
    await page.getByLabel('Ask anything…').fill(QUESTION);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\/[0-9a-f-]{36}$/);
    await finishedAnswer(page);
    threadUrl = page.url();
    // The first answer is saved when it ends: the thread's actions wake up then.
    await expect.poll(() => page.getByRole('button', { name: 'Share' }).isEnabled()).toBe(true);

    const exportButton = page.getByRole('button', { name: `Export “${QUESTION}”` });
    await exportButton.click();
    await expect(exportButton.getAttribute('aria-expanded')).resolves.toBe('true');
    await screenshot(page, 'create-09-export-menu');
    const markdown = await downloadFrom(page, () =>
      page.getByRole('button', { name: 'Markdown (.md)' }).click(),
    );
    expect(markdown.suggestedFilename()).toMatch(/\.md$/);
    const text = (await bytesOf(markdown)).toString('utf8');
    expect(text).toContain(`## ${QUESTION}`);
    expect(text).toMatch(/18 to 22 percent/);
    expect(text).toMatch(/## Sources\n\n- \[1\] /);
    await page
      .getByRole('status')
      .filter({ hasText: `Downloaded ${markdown.suggestedFilename()}` })
      .waitFor();
    // The menu closed and gave focus back to its button.
    await expect(exportButton.getAttribute('aria-expanded')).resolves.toBe('false');
  });

  it('downloads it as PDF and as Word, by keyboard too', async () => {
    await page.goto(threadUrl);
    await expect.poll(() => page.getByRole('button', { name: 'Share' }).isEnabled()).toBe(true);
    const exportButton = page.getByRole('button', { name: `Export “${QUESTION}”` });
    await exportButton.click();
    const pdf = await downloadFrom(page, () => page.getByRole('button', { name: 'PDF (.pdf)' }).click());
    expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
    expect((await bytesOf(pdf)).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    await exportButton.focus();
    await page.keyboard.press('Enter');
    const word = page.getByRole('button', { name: 'Word (.docx)' });
    await word.focus();
    const docx = await downloadFrom(page, () => page.keyboard.press('Enter'));
    expect(docx.suggestedFilename()).toMatch(/\.docx$/);
    const bytes = await bytesOf(docx);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(bytes.includes(Buffer.from('word/document.xml'))).toBe(true);

    // Escape closes the menu.
    await exportButton.click();
    await page.keyboard.press('Escape');
    await expect(exportButton.getAttribute('aria-expanded')).resolves.toBe('false');
  });

  it('downloads a shared thread without an account', async () => {
    await page.goto(threadUrl);
    await expect.poll(() => page.getByRole('button', { name: 'Share' }).isEnabled()).toBe(true);
    await page.getByRole('button', { name: 'Share' }).click();
    const link = (await page.locator('.notice--info a').first().getAttribute('href')) as string;
    expect(link).toMatch(/\/s\/[A-Za-z0-9_-]+$/);
    const anonymous = await browser.newContext({ acceptDownloads: true, locale: 'en-US' });
    try {
      const reader = await anonymous.newPage();
      await reader.goto(link);
      await reader.getByRole('heading', { name: QUESTION }).first().waitFor();
      await reader.getByRole('button', { name: /^Export/ }).click();
      const pdf = await downloadFrom(reader, () =>
        reader.getByRole('button', { name: 'PDF (.pdf)' }).click(),
      );
      expect((await bytesOf(pdf)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      await screenshot(reader, 'create-10-shared-export');
    } finally {
      await anonymous.close();
    }
  });
});

describe('the look', () => {
  it('reads in the dark theme and on a phone, nothing scrolling sideways', async () => {
    await page.evaluate(() => localStorage.setItem('perplexica:theme', 'dark'));
    await page.goto('/create?tab=list&kind=dashboard');
    await page.getByRole('link', { name: 'Open “Sales”' }).click();
    await page.getByRole('heading', { name: 'Sales', level: 1 }).waitFor();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await expect.poll(() => page.locator('rect.chart__mark').count()).toBe(4);
    await screenshot(page, 'create-11-dark-dashboard');
    await page.goto(`/create/${tableId}`);
    await page.getByRole('table', { name: /Nordic cities/ }).waitFor();
    await screenshot(page, 'create-12-dark-table');
    await page.evaluate(() => localStorage.removeItem('perplexica:theme'));

    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      baseURL: stack.url,
      locale: 'en-US',
      timezoneId: 'UTC',
    });
    try {
      const mobile = await phone.newPage();
      mobile.setDefaultTimeout(20_000);
      await signIn(mobile, email);
      const sideways = () => mobile.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      const pages: Array<[string, (target: Page) => Locator, string]> = [
        ['/create?tab=list', (target) => rows(target).first(), 'create-13-phone-list'],
        [
          '/create?tab=dashboard',
          (target) => target.getByLabel('Table', { exact: true }),
          'create-14-phone-dashboard-form',
        ],
      ];
      for (const [address, ready, name] of pages) {
        await mobile.goto(address);
        await ready(mobile).waitFor();
        expect(await sideways()).toBeLessThanOrEqual(0);
        await screenshot(mobile, name);
      }
      await mobile.goto('/create?tab=list&kind=dashboard');
      await mobile.getByRole('link', { name: 'Open “Nordic dashboard”' }).tap();
      await expect.poll(() => mobile.locator('figure.chart').nth(2).locator('.chart__slice').count()).toBe(4);
      expect(await sideways()).toBeLessThanOrEqual(0);
      await screenshot(mobile, 'create-15-phone-dashboard');
      await mobile.goto('/create?tab=list&kind=table');
      await mobile.getByRole('link', { name: 'Open “Nordic cities”' }).tap();
      await mobile.getByRole('table').waitFor();
      expect(await sideways()).toBeLessThanOrEqual(0);
      await screenshot(mobile, 'create-16-phone-table');
    } finally {
      await phone.close();
    }
    // The two 503s are create-svc saying "not configured", which the page explains.
    expect(problems.filter((problem) => !/status of 503/.test(problem))).toEqual([]);
  });
});

/** The rows of Your creations. */
function rows(target: Page) {
  return target.locator('li.creation');
}
