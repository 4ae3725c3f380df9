import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePortOffset, type LaunchedStack, launchStack } from '../../packages/local-stack/test/launch.ts';
import { launchChromium, screenshot, signUp, watchForErrors } from './browser.ts';

// Tasks and notifications as a person uses them, in Debian's chromium, against the whole local
// stack as `pnpm start` runs it with nothing configured: chat-svc runs the tasks (extractive
// answers over the bundled documents), notifications-svc keeps the in-app inbox, and there are no
// VAPID keys and no SMTP server, so push and email are "not set up". The browser lives in Berlin
// and writes dates the British way, so times read the same on every machine.
let stack: LaunchedStack;
let browser: Browser;
let desktop: BrowserContext;
let page: Page;
let problems: string[];
let dataDir: string;
const stamp = Date.now();
const owner = `tasks-owner-${stamp}@example.com`;
const stranger = `tasks-stranger-${stamp}@example.com`;
const password = 'a long enough passphrase 42';
const QUESTION = 'How efficient are home solar panels?';
const contextOptions = { locale: 'en-GB', timezoneId: 'Europe/Berlin' } as const;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'perplexica-tasks-web-'));
  stack = await launchStack({
    PERPLEXICA_DATA_DIR: dataDir,
    PERPLEXICA_PORT_OFFSET: String(await freePortOffset()),
  });
  browser = await launchChromium();
  desktop = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    baseURL: stack.url,
    ...contextOptions,
  });
  // A step that cannot happen fails within seconds, naming its locator, not at the test's timeout.
  desktop.setDefaultTimeout(10_000);
  page = await desktop.newPage();
  problems = watchForErrors(page);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.interrupt();
  await rm(dataDir, { recursive: true, force: true });
});

const taskCard = (target: Page, title: string) => target.locator('.task-card', { hasText: title });
const bellCount = (target: Page) => target.getByTestId('unread-count');
/** The unread count the bell shows: 0 when it shows none. */
const unreadOnBell = async (target: Page) =>
  (await bellCount(target).count()) === 0 ? 0 : Number(await bellCount(target).textContent());
const fieldError = (field: Locator) =>
  field.evaluate((input) => {
    const id = input.getAttribute('aria-describedby');
    return id ? (document.getElementById(id)?.textContent ?? null) : null;
  });

let threadPath = '';

describe('tasks', () => {
  it('finds Tasks and the bell in the navigation after signing up', async () => {
    await signUp(page, owner, password);
    await page.getByRole('link', { name: 'Tasks', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Notifications, none unread' }).waitFor();
  });

  it('creates a weekly task and says when it runs, in words and in local time', async () => {
    await page.getByRole('link', { name: 'Tasks', exact: true }).click();
    await page.getByRole('heading', { name: 'Tasks', exact: true }).waitFor();
    await page.getByText('No tasks yet.').waitFor();
    await page.getByRole('button', { name: 'New task' }).click();
    const form = page.getByRole('form', { name: 'New task' });
    await form.getByLabel('Question').fill(QUESTION);
    await form.getByLabel('Title').fill('Solar digest');
    await form.getByLabel('Mode').selectOption('speed');
    // The browser's own zone is the default, and weekdays at 08:00 the starting point.
    await expect(form.getByLabel('Time zone').inputValue()).resolves.toBe('Europe/Berlin');
    await form.getByLabel('Time', { exact: true }).fill('08:00');
    await form.getByText('Every weekday at 08:00 (Europe/Berlin)').waitFor();
    await form.getByRole('button', { name: 'Create task' }).click();

    const card = taskCard(page, 'Solar digest');
    await card.waitFor();
    await page.getByText('Task “Solar digest” created.').waitFor();
    await expect(card.getByTestId('schedule-words').textContent()).resolves.toBe(
      'Every weekday at 08:00 (Europe/Berlin)',
    );
    // "Mon 12 May 2026, 08:00 (in 14 hours)": a weekday, at 08:00 Berlin time, ahead.
    const next = (await card.getByTestId('next-run').textContent()) ?? '';
    expect(next).toMatch(
      /^(Mon|Tue|Wed|Thu|Fri),? \d{1,2} \w+ \d{4},? (at )?08:00 \((in \d+ \w+|tomorrow)\)$/,
    );
    await expect(card.getByText('Active').isVisible()).resolves.toBe(true);
    await expect(card.textContent()).resolves.toContain(QUESTION);
    await screenshot(page, 'tasks-01-weekly');
  });

  it('runs a task now: the run succeeds with its thread, and the bell counts the notification', async () => {
    const card = taskCard(page, 'Solar digest');
    await card.getByRole('button', { name: 'Run now' }).click();
    // A whole answer (search, extractive answer, saved thread, notification): bounded, generously.
    await card.locator('.task-card__last').getByText('Succeeded').waitFor({ timeout: 120_000 });
    await expect.poll(() => unreadOnBell(page), { timeout: 15_000 }).toBe(1);
    await page.getByRole('link', { name: 'Notifications, 1 unread' }).waitFor();

    // The runs history opened with the run: it says how it went and links to the thread.
    const run = card.locator('.task-run').first();
    await run.getByText('Succeeded').waitFor();
    await run.getByText('Run now').waitFor();
    const runLink = await run.getByRole('link', { name: 'Open the answer' }).getAttribute('href');
    expect(runLink).toMatch(/^\/search\/[0-9a-f-]{36}$/);
    threadPath = runLink as string;
    await screenshot(page, 'tasks-02-run');

    await card.locator('.task-card__last').getByRole('link', { name: 'Open the answer' }).click();
    await page.waitForURL((url) => url.pathname === threadPath);
    const turn = page.locator('article.turn').first();
    await turn.getByText(QUESTION).waitFor();
    await expect
      .poll(async () => ((await turn.locator('.markdown').textContent()) ?? '').length)
      .toBeGreaterThan(40);
  }, 180_000);

  it('opens the notification’s thread from the inbox, and it becomes read', async () => {
    await page.getByRole('link', { name: 'Notifications, 1 unread' }).click();
    await page.getByRole('heading', { name: 'Notifications', exact: true }).waitFor();
    const item = page.locator('.notification', { hasText: 'Solar digest: new answer' });
    await item.waitFor();
    await expect(item.getAttribute('class')).resolves.toContain('notification--unread');
    await screenshot(page, 'tasks-03-inbox');

    await item.getByRole('link', { name: /Solar digest: new answer/ }).click();
    await page.waitForURL((url) => url.pathname === threadPath);
    await page.locator('article.turn').first().getByText(QUESTION).waitFor();
    await expect.poll(() => unreadOnBell(page)).toBe(0);

    await page.getByRole('link', { name: 'Notifications, none unread' }).click();
    await item.waitFor();
    await expect(item.getAttribute('class')).resolves.not.toContain('notification--unread');
    await page.getByLabel('Unread only').check();
    await page.getByText('Nothing unread.').waitFor();
    await page.getByLabel('Unread only').uncheck();
    await item.waitFor();
  });

  let reminderAt = '';
  it('sets a reminder for the next minute', async () => {
    await page.goto('/tasks');
    await page.getByRole('button', { name: 'New reminder' }).click();
    const form = page.getByRole('form', { name: 'New reminder' });
    await form.getByLabel('Title').fill('Stretch your legs');
    await form.getByLabel('Message').fill('Stand up and walk for five minutes.');
    // The next whole minute at least 20 s ahead, in the browser's (Berlin) time.
    const local = await page.evaluate(() => {
      const at = new Date(Math.ceil((Date.now() + 20_000) / 60_000) * 60_000);
      const pad = (n: number) => String(n).padStart(2, '0');
      return {
        input: `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`,
        iso: at.toISOString(),
      };
    });
    reminderAt = local.iso;
    await expect(form.getByLabel('Once').isChecked()).resolves.toBe(true);
    await form.getByLabel('Date and time').fill(local.input);
    await form.getByRole('button', { name: 'Create reminder' }).click();
    const card = taskCard(page, 'Stretch your legs');
    await card.waitFor();
    await expect(card.getByTestId('schedule-words').textContent()).resolves.toMatch(
      /^Once, on \w{3},? \d{1,2} \w+ \d{4}/,
    );
    await expect(card.getByText('Reminder', { exact: true }).isVisible()).resolves.toBe(true);
  });

  it('edits, pauses and resumes a task', async () => {
    const card = taskCard(page, 'Solar digest');
    await card.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('form', { name: 'Edit task' });
    await form.getByLabel('Time', { exact: true }).fill('09:30');
    await form.getByLabel('Sat').check();
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect
      .poll(() => card.getByTestId('schedule-words').textContent())
      .toBe('Every Monday to Saturday at 09:30 (Europe/Berlin)');

    await card.getByRole('button', { name: 'Pause' }).click();
    await card.getByText('Paused', { exact: true }).waitFor();
    await expect(card.getByTestId('next-run').textContent()).resolves.toBe('None while paused');
    await page.reload();
    await card.getByText('Paused', { exact: true }).waitFor();
    await card.getByRole('button', { name: 'Resume' }).click();
    await card.getByText('Active', { exact: true }).waitFor();
    await expect(card.getByTestId('next-run').textContent()).resolves.toMatch(/09:30 \(/);
  }, 60_000);

  it('explains refused fields in words beside them: an unknown time zone, a time in the past', async () => {
    await page.getByRole('button', { name: 'New task' }).click();
    const form = page.getByRole('form', { name: 'New task' });
    await form.getByLabel('Question').fill('What is new in perovskite solar cells?');
    const zone = form.getByLabel('Time zone');
    await zone.fill('Mars/Olympus_Mons');
    await form.getByRole('button', { name: 'Create task' }).click();
    await form.getByText('Not a known IANA time zone, e.g. "Europe/Berlin" or "UTC"').waitFor();
    await expect(zone.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(fieldError(zone)).resolves.toContain('Not a known IANA time zone');
    await screenshot(page, 'tasks-04-invalid-zone');

    await form.getByLabel('Once').check();
    const when = form.getByLabel('Date and time');
    await when.fill('2020-01-06T08:00');
    await form.getByRole('button', { name: 'Create task' }).click();
    await form.getByText('Must be in the future').waitFor();
    await expect(fieldError(when)).resolves.toBe('Must be in the future');
    await form.getByRole('button', { name: 'Cancel' }).click();
    // Nothing was made by either attempt.
    await expect(page.locator('.task-card').count()).resolves.toBe(2);
  });

  it('Settings → Notifications says push and email are not set up, and saves a choice', async () => {
    await page.goto('/settings');
    const section = page.locator('section#notifications');
    await section.getByRole('heading', { name: 'Notifications' }).waitFor();
    await section.getByText('Push notifications are not set up on this server.').waitFor();
    await expect(section.textContent()).resolves.toContain('VAPID_PUBLIC_KEY');
    await expect(
      section.getByRole('button', { name: 'Get push notifications on this browser' }).count(),
    ).resolves.toBe(0);
    const push = section.getByLabel('Task results: Push (not set up on this server)');
    await expect(push.isDisabled()).resolves.toBe(true);
    await expect(section.getByLabel('Billing: Email (not set up on this server)').isDisabled()).resolves.toBe(
      true,
    );
    await expect(section.textContent()).resolves.toContain('SMTP_URL');

    const billingInApp = section.getByLabel('Billing: In the app', { exact: true });
    await expect(billingInApp.isChecked()).resolves.toBe(true);
    await billingInApp.uncheck();
    await section.getByText('Saved: Billing, in the app: off.').waitFor();
    await screenshot(page, 'tasks-05-settings');
    await page.reload();
    await expect
      .poll(() => section.getByLabel('Billing: In the app', { exact: true }).isChecked())
      .toBe(false);
    await expect(section.getByLabel('Reminders: In the app', { exact: true }).isChecked()).resolves.toBe(
      true,
    );
  });

  it('has a push service worker that shows what notifications-svc sends', async () => {
    // No push service is reachable here, so the message is handed to the worker the way Chrome's
    // own push service would, through the DevTools protocol, with notifications-svc's payload.
    await desktop.grantPermissions(['notifications'], { origin: stack.url });
    const cdp = await desktop.newCDPSession(page);
    const registrations = new Map<string, string>();
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations: updated }) => {
      for (const registration of updated)
        registrations.set(registration.scopeURL, registration.registrationId);
    });
    await cdp.send('ServiceWorker.enable');
    try {
      await page.evaluate(async () => {
        await navigator.serviceWorker.register('/push-sw.js', { scope: '/' });
        await navigator.serviceWorker.ready;
      });
      await expect.poll(() => registrations.get(`${stack.url}/`)).toBeTruthy();
      const deliver = (payload: Record<string, unknown>) =>
        cdp.send('ServiceWorker.deliverPushMessage', {
          origin: stack.url,
          registrationId: registrations.get(`${stack.url}/`) as string,
          data: JSON.stringify(payload),
        });
      const shown = () =>
        page.evaluate(async () => {
          const registration = await navigator.serviceWorker.ready;
          return (await registration.getNotifications()).map((notification) => ({
            title: notification.title,
            body: notification.body,
            url: (notification.data as { url: string }).url,
          }));
        });
      const createdAt = new Date().toISOString();
      await deliver({
        id: 'n-1',
        kind: 'task_result',
        title: 'Pushed answer',
        body: 'It is ready.',
        url: '/search/x',
        createdAt,
      });
      await expect.poll(shown).toEqual([{ title: 'Pushed answer', body: 'It is ready.', url: '/search/x' }]);
      // A link that is neither a path of the app nor https opens the inbox instead.
      await deliver({
        id: 'n-2',
        kind: 'reminder',
        title: 'Odd link',
        body: '',
        url: 'javascript:alert(1)',
        createdAt,
      });
      await expect
        .poll(async () => (await shown()).find((notification) => notification.title === 'Odd link')?.url)
        .toBe('/notifications');
    } finally {
      await page.evaluate(async () => {
        for (const registration of await navigator.serviceWorker.getRegistrations())
          await registration.unregister();
      });
      await cdp.detach();
      await desktop.clearPermissions();
    }
  });

  it('delivers the reminder at its time, and marks all read', async () => {
    // Due a minute after it was set at most; the run and the notification follow within seconds.
    const waitMs = Math.max(0, Date.parse(reminderAt) - Date.now()) + 90_000;
    await page.goto('/tasks');
    const card = taskCard(page, 'Stretch your legs');
    await card.getByText('Done', { exact: true }).waitFor({ timeout: waitMs });
    await card.locator('.task-card__last').getByText('Succeeded').waitFor();
    await expect.poll(() => unreadOnBell(page), { timeout: 15_000 }).toBe(1);

    await page.getByRole('link', { name: 'Notifications, 1 unread' }).click();
    const item = page.locator('.notification', { hasText: 'Stretch your legs' });
    await item.waitFor();
    await expect(item.textContent()).resolves.toContain('Stand up and walk for five minutes.');
    await expect(item.getAttribute('class')).resolves.toContain('notification--unread');
    await page.getByRole('button', { name: 'Mark all as read' }).click();
    await page.getByText('Marked 1 notification as read.').waitFor();
    await expect.poll(() => unreadOnBell(page)).toBe(0);
    await expect(item.getAttribute('class')).resolves.not.toContain('notification--unread');
    await expect(page.locator('.notification--unread').count()).resolves.toBe(0);
    // Newest first: the reminder above the task's answer.
    await expect(page.locator('.notification__title').first().textContent()).resolves.toContain(
      'Stretch your legs',
    );
    await screenshot(page, 'tasks-06-inbox-read');
  }, 240_000);

  it('deletes a notification and a task (after asking)', async () => {
    const item = page.locator('.notification', { hasText: 'Stretch your legs' });
    await item.getByRole('button', { name: 'Delete “Stretch your legs”' }).click();
    await page.getByText('Notification deleted.').waitFor();
    await expect(item.count()).resolves.toBe(0);

    await page.goto('/tasks');
    const card = taskCard(page, 'Solar digest');
    await card.waitFor();
    page.once('dialog', (dialog) => void dialog.dismiss());
    await card.getByRole('button', { name: 'Delete Solar digest' }).click();
    await expect(card.count()).resolves.toBe(1);
    page.once('dialog', (dialog) => void dialog.accept());
    await card.getByRole('button', { name: 'Delete Solar digest' }).click();
    await expect.poll(() => card.count()).toBe(0);
    await page.reload();
    await taskCard(page, 'Stretch your legs').waitFor();
    await expect(card.count()).resolves.toBe(0);
    // The threads it made stay in the library.
    await page.goto(threadPath);
    await page.locator('article.turn').first().getByText(QUESTION).waitFor();
  }, 60_000);

  it('shows another person none of it', async () => {
    const context = await browser.newContext({ baseURL: stack.url, ...contextOptions });
    context.setDefaultTimeout(10_000);
    try {
      const other = await context.newPage();
      const theirProblems = watchForErrors(other);
      await signUp(other, stranger, password);
      await other.getByRole('link', { name: 'Tasks', exact: true }).click();
      await other.getByText('No tasks yet.').waitFor();
      await expect(other.locator('.task-card').count()).resolves.toBe(0);
      await other.getByRole('link', { name: 'Notifications, none unread' }).click();
      await other.getByText('No notifications yet.').waitFor();
      await expect(other.locator('.notification').count()).resolves.toBe(0);
      expect(theirProblems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('looks right in the dark and on a phone', async () => {
    await page.evaluate(() => localStorage.setItem('perplexica:theme', 'dark'));
    await page.goto('/tasks');
    await taskCard(page, 'Stretch your legs').getByRole('button', { name: 'Runs' }).click();
    await page.locator('.task-run').first().waitFor();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.getByRole('button', { name: 'New task' }).click();
    await screenshot(page, 'tasks-07-dark');
    await page.goto('/notifications');
    await page.locator('.notification').first().waitFor();
    await screenshot(page, 'tasks-08-dark-inbox');
    await page.evaluate(() => localStorage.removeItem('perplexica:theme'));

    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      baseURL: stack.url,
      ...contextOptions,
    });
    phone.setDefaultTimeout(10_000);
    try {
      const mobile = await phone.newPage();
      await mobile.goto('/login');
      await mobile.getByLabel('Email').fill(owner);
      await mobile.getByLabel('Password').fill(password);
      await mobile.getByRole('button', { name: 'Sign in' }).click();
      await mobile.getByRole('heading', { name: 'What do you want to know?' }).waitFor();
      // On a phone the bell sits beside the menu button, outside the folded navigation.
      await mobile.locator('.topbar').getByRole('link', { name: 'Notifications, none unread' }).waitFor();
      const overflow = () => mobile.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      for (const [path, name] of [
        ['/tasks', 'tasks-09-phone'],
        ['/notifications', 'tasks-10-phone-inbox'],
        ['/settings#notifications', 'tasks-11-phone-settings'],
      ] as const) {
        await mobile.goto(path);
        await mobile.locator('.task-card, .notification, #notifications table').first().waitFor();
        if (path === '/tasks') await mobile.getByRole('button', { name: 'New task' }).tap();
        await expect(overflow()).resolves.toBeLessThanOrEqual(0);
        await screenshot(mobile, name);
      }
    } finally {
      await phone.close();
    }
    expect(problems).toEqual([]);
  }, 90_000);
});
