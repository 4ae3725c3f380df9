import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePortOffset, type LaunchedStack, launchStack } from '../../packages/local-stack/test/launch.ts';
import { launchChromium, screenshot, signUp, watchForErrors } from './browser.ts';

// The audit log viewer as an org owner uses it, in Debian's chromium, against the whole local
// stack as `pnpm start` runs it (audit-svc included). Events are seeded for the test org through
// audit-svc's internal route with the stack's service token, 60 of them two days ago, so what the
// page shows does not depend on which services emit events yet (those land "now", outside the
// seeded range the filters pick).
let stack: LaunchedStack;
let browser: Browser;
let desktop: BrowserContext;
let page: Page;
let problems: string[];
let dataDir: string;
const stamp = Date.now();
const ownerEmail = `audit-owner-${stamp}@example.com`;
const strangerEmail = `audit-stranger-${stamp}@example.com`;
const password = 'a long enough passphrase 42';
const SEEDED = 60;
// Whole minutes, so the datetime-local inputs (minute precision) can bound the seeded range exactly.
const base = new Date(Math.floor((stamp - 2 * 86_400_000) / 60_000) * 60_000);
const minutes = (n: number) => new Date(base.getTime() + n * 60_000);
/** A datetime-local value; the browser runs in UTC (timezoneId below), so this is UTC. */
const localInput = (date: Date) => date.toISOString().slice(0, 16);

/** Four kinds of event in turn: 15 each of sign-in, failed sign-in, upload, denied delete. */
function seededEvent(i: number, orgId: string, actorId: string) {
  const kind = i % 4;
  return {
    eventId: randomUUID(),
    service: kind === 0 || kind === 2 ? 'auth-svc' : 'upload-svc',
    time: minutes(i).toISOString(),
    actor: { id: actorId, type: 'user' },
    orgId,
    action: kind === 0 || kind === 2 ? 'auth.sign_in' : kind === 1 ? 'files.upload' : 'files.delete',
    target: kind === 0 || kind === 2 ? { type: 'session', id: `s_${i}` } : { type: 'file', id: `f_${i}` },
    outcome: kind === 2 ? 'failure' : kind === 3 ? 'denied' : 'success',
    ip: `203.0.113.${i}`,
    userAgent: 'Mozilla/5.0 (seeded)',
    requestId: `req_${i}`,
    details:
      kind === 1 ? { name: `report-${i}.pdf`, size: 1000 + i } : kind === 2 ? { reason: 'bad_password' } : {},
  };
}

async function json<T>(response: Response): Promise<T> {
  const body = (await response.json()) as T;
  if (!response.ok) throw new Error(`${response.status} ${JSON.stringify(body)}`);
  return body;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'perplexica-audit-web-'));
  stack = await launchStack({
    PERPLEXICA_DATA_DIR: dataDir,
    PERPLEXICA_PORT_OFFSET: String(await freePortOffset()),
  });
  const auditPort = /audit-svc (\d+)/.exec(stack.output())?.[1];
  if (!auditPort) throw new Error(`audit-svc is not among the stack's services:\n${stack.output()}`);

  // The owner and their org, through the public API as the app would make them.
  const signup = await json<{ user: { id: string }; accessToken: string }>(
    await fetch(`${stack.url}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ownerEmail, password }),
    }),
  );
  const org = await json<{ id: string }>(
    await fetch(`${stack.url}/api/v1/auth/orgs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${signup.accessToken}` },
      body: JSON.stringify({ name: 'Audited Research Group' }),
    }),
  );
  const serviceToken = (await readFile(join(dataDir, 'service-token'), 'utf8')).trim();
  for (let i = 0; i < SEEDED; i += 1) {
    const stored = await json<{ stored: boolean }>(
      await fetch(`http://127.0.0.1:${auditPort}/internal/v1/audit-events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-service-token': serviceToken },
        body: JSON.stringify(seededEvent(i, org.id, signup.user.id)),
      }),
    );
    expect(stored.stored).toBe(true);
  }

  browser = await launchChromium();
  desktop = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    baseURL: stack.url,
    timezoneId: 'UTC',
    acceptDownloads: true,
  });
  page = await desktop.newPage();
  problems = watchForErrors(page);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.interrupt();
  await rm(dataDir, { recursive: true, force: true });
});

const rows = (target: Page) => target.locator('tr.audit-row');
const seededRange = `from=${encodeURIComponent(minutes(-1).toISOString())}&to=${encodeURIComponent(minutes(SEEDED).toISOString())}`;

/** Signs in through the form (the account exists already). */
async function signIn(target: Page, email: string) {
  await target.goto('/login');
  await target.getByLabel('Email').fill(email);
  await target.getByLabel('Password').fill(password);
  await target.getByRole('button', { name: 'Sign in' }).click();
  await target.getByRole('heading', { name: 'What do you want to know?' }).waitFor();
}

describe('the audit log viewer', () => {
  it('shows an org owner their org’s events from the nav', async () => {
    await signIn(page, ownerEmail);
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await rows(page).first().waitFor();
    // A page is 50 events, newest first; the seeded ones fill it (live events, if any, are few).
    await expect(rows(page).count()).resolves.toBe(50);
    await expect(page.locator('.audit-table').textContent()).resolves.toContain('files.delete');
    await expect(page.getByRole('button', { name: 'Load more' }).isVisible()).resolves.toBe(true);
  });

  it('narrows by time range, pages with Load more, and keeps the filters in the address', async () => {
    await page.getByLabel('From', { exact: true }).fill(localInput(minutes(-1)));
    await page.getByLabel('To', { exact: true }).fill(localInput(minutes(SEEDED)));
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((url) => url.searchParams.has('from') && url.searchParams.has('to'));
    await expect.poll(() => rows(page).count()).toBe(50);
    // Newest first: the last seeded event (59, a denied delete) heads the table.
    await expect(rows(page).first().textContent()).resolves.toContain('f_59');
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows(page).count()).toBe(SEEDED);
    await expect(page.getByRole('button', { name: 'Load more' }).count()).resolves.toBe(0);
    await expect(rows(page).last().textContent()).resolves.toContain('s_0');
    await screenshot(page, 'audit-01-light');

    await page.getByLabel('Outcome').selectOption('failure');
    await page.getByLabel('Action').fill('auth.*');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/outcome=failure/);
    await expect.poll(() => rows(page).count()).toBe(15);
    for (const text of await rows(page).allTextContents()) expect(text).toMatch(/auth\.sign_in.*failure/);
    // The address holds the view: a reload shows the same.
    await page.reload();
    await expect.poll(() => rows(page).count()).toBe(15);
    await expect(page.getByLabel('Outcome').inputValue()).resolves.toBe('failure');
  });

  it('finds text in details and opens an event’s details by keyboard', async () => {
    await page.goto(`/audit-log?${seededRange}&q=report-17`);
    await expect.poll(() => rows(page).count()).toBe(1);
    const toggle = page.getByRole('button', { name: 'Show details of files.upload' });
    await toggle.focus();
    await page.keyboard.press('Enter');
    const hide = page.getByRole('button', { name: 'Hide details of files.upload' });
    await expect(hide.getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toMatch(/^Hide/);
    const details = page.locator('.audit-details');
    await expect(details.textContent()).resolves.toContain('"name": "report-17.pdf"');
    await expect(details.textContent()).resolves.toContain('req_17');
    await expect(details.textContent()).resolves.toContain('upload-svc');
  });

  it('exports the filtered events as CSV and JSON Lines', async () => {
    await page.goto(`/audit-log?${seededRange}&outcome=failure`);
    await expect.poll(() => rows(page).count()).toBe(15);
    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(csvDownload.suggestedFilename()).toMatch(/^audit-logs-.*\.csv$/);
    const csv = await readFile((await csvDownload.path()) as string, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^eventId,seq,time,service,actorType,actorId,orgId,action,/);
    expect(lines).toHaveLength(16);
    for (const line of lines.slice(1)) expect(line).toMatch(/,auth\.sign_in,session,s_\d+,failure,/);
    await page.getByRole('status').filter({ hasText: 'Downloaded' }).waitFor();

    const [jsonlDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export JSON Lines' }).click(),
    ]);
    const jsonl = await readFile((await jsonlDownload.path()) as string, 'utf8');
    const events = jsonl
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { outcome: string; time: string });
    expect(events).toHaveLength(15);
    expect(events.every((event) => event.outcome === 'failure')).toBe(true);
  });

  it('verifies the chain and says so in words', async () => {
    await page.getByRole('button', { name: 'Verify chain' }).click();
    const status = page.getByRole('status').filter({ hasText: 'chain' });
    await expect(status.textContent()).resolves.toMatch(/The chain is intact: all \d+ events match/);
    const checked = Number(/all (\d+) events/.exec((await status.textContent()) ?? '')?.[1]);
    expect(checked).toBeGreaterThanOrEqual(SEEDED);
  });

  it('explains a bad filter in words', async () => {
    await page.goto(`/audit-log?action=${encodeURIComponent('Sign In')}`);
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/^Action: must be an action/);
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.waitForURL(/\/audit-log$/);
    await rows(page).first().waitFor();
  });

  it('looks right in the dark and on a phone', async () => {
    await page.evaluate(() => localStorage.setItem('perplexica:theme', 'dark'));
    await page.goto(`/audit-log?${seededRange}`);
    await rows(page).first().waitFor();
    await page.getByRole('button', { name: 'Show details of files.delete' }).first().click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await screenshot(page, 'audit-02-dark');
    await page.evaluate(() => localStorage.removeItem('perplexica:theme'));

    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      baseURL: stack.url,
      timezoneId: 'UTC',
    });
    try {
      const mobile = await phone.newPage();
      await signIn(mobile, ownerEmail);
      // report-1, report-13 and report-17: a short page, so the screenshot can be read.
      await mobile.goto(`/audit-log?${seededRange}&q=report-1`);
      await expect.poll(() => rows(mobile).count()).toBe(3);
      await mobile.getByRole('button', { name: 'Show details of files.upload' }).first().tap();
      const overflow = await mobile.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(mobile, 'audit-03-phone');
    } finally {
      await phone.close();
    }
  });

  it('tells someone who is not an org owner that it is not available', async () => {
    const other = await browser.newContext({ baseURL: stack.url });
    try {
      const stranger = await other.newPage();
      await signUp(stranger, strangerEmail, password);
      await expect(stranger.getByRole('link', { name: 'Audit log' }).count()).resolves.toBe(0);
      await stranger.goto('/audit-log');
      await stranger.getByText('The audit log is not available to you.').waitFor();
      await expect(stranger.locator('.audit-table').count()).resolves.toBe(0);
      await expect(stranger.getByRole('button', { name: 'Export CSV' }).count()).resolves.toBe(0);
      await screenshot(stranger, 'audit-04-not-available');
    } finally {
      await other.close();
    }
    expect(problems).toEqual([]);
  });
});
