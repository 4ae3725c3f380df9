import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@perplexica/local-stack';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's chromium, headless, with nothing reaching out to the network on its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export const screenshotDir = join(repoRoot, 'test-results', 'screenshots');

/** A full-page screenshot in test-results/screenshots/<name>.png, to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** Page errors and failed requests the app did not expect, collected for an assertion. */
export function watchForErrors(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // The browser logs every 4xx response (the first refresh with no session yet, a refused domain
    // check the test provokes); those are the app's to explain, and the tests check it does. A 5xx
    // or a script error is a problem.
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) problems.push(message.text());
  });
  return problems;
}

/** The answer of the last question on the page, once it has finished streaming. */
export async function finishedAnswer(target: Page) {
  const turn = target.locator('article.turn').last();
  await turn.locator('.related, .turn__actions button:has-text("Copy")').first().waitFor();
  await expect.poll(() => turn.getAttribute('aria-busy')).toBe('false');
  return turn;
}

/** A new account through the sign-up form; resolves on the ask page. */
export async function signUp(target: Page, email: string, password: string): Promise<void> {
  await target.goto('/login');
  await target.getByRole('button', { name: 'Create an account' }).click();
  await target.getByLabel('Email').fill(email);
  await target.getByLabel('Password').fill(password);
  await target.getByRole('button', { name: 'Create account' }).click();
  await target.getByRole('heading', { name: 'What do you want to know?' }).waitFor();
}
