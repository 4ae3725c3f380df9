import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeYooKassa, startFakeYooKassa, type YooKassaNotification } from '@perplexica/fakes';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePortOffset, type LaunchedStack, launchStack } from '../../packages/local-stack/test/launch.ts';
import { finishedAnswer, launchChromium, screenshot, signUp, watchForErrors } from './browser.ts';

// Billing as a person uses it, in Debian's chromium, against the whole local stack in two worlds:
// as `pnpm start` runs it (no YooKassa: everything but buying works, and the page says what an
// operator sets), and with YooKassa configured against the double from @perplexica/fakes, where
// the test plays the person paying on YooKassa's page and YooKassa notifying the shop. The browser
// writes the British way and lives in Moscow (prices are in rubles), so text reads the same on
// every machine. The browser has no internet: YooKassa's page is a stand-in served by the test.
const password = 'a long enough passphrase 42';
const stamp = Date.now();
const contextOptions = {
  viewport: { width: 1280, height: 900 },
  locale: 'en-GB',
  timezoneId: 'Europe/Moscow',
} as const;
/** The page YooKassa's double names in its confirmation URLs (YooKassa's own checkout). */
const CHECKOUT = /^https:\/\/yoomoney\.ru\/checkout\//;
const YOOMONEY = /^https:\/\/yoomoney\.ru\//;

/** Nothing scrolls sideways: the page is no wider than the screen. */
const fitsTheScreen = (target: Page) =>
  target.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

/** YooKassa's page, as a stand-in: the browser cannot reach yoomoney.ru, and the test pays for the person. */
async function standInCheckout(context: BrowserContext): Promise<void> {
  // The whole host, so its favicon is answered too rather than failing in the console.
  await context.route(YOOMONEY, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: '<!doctype html><title>YooKassa</title><h1>YooKassa checkout (stand-in)</h1>',
    }),
  );
}

/** Signs in through the form (the account exists already); resolves on the ask page. */
async function signIn(target: Page, email: string): Promise<void> {
  await target.goto('/login');
  await target.getByLabel('Email').fill(email);
  await target.getByLabel('Password').fill(password);
  await target.getByRole('button', { name: 'Sign in' }).click();
  await target.getByRole('heading', { name: 'What do you want to know?' }).waitFor();
}

const summaryOf = (target: Page) => ({
  plan: target.getByTestId('current-plan'),
  usage: target.getByTestId('quality-usage'),
  balance: target.getByTestId('credit-balance'),
});

describe('billing as `pnpm start` runs it (no YooKassa)', () => {
  let stack: LaunchedStack;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'perplexica-billing-plain-'));
    stack = await launchStack({
      PERPLEXICA_DATA_DIR: dataDir,
      PERPLEXICA_PORT_OFFSET: String(await freePortOffset()),
    });
    browser = await launchChromium();
    const context = await browser.newContext({ ...contextOptions, baseURL: stack.url });
    // A step that cannot happen fails within seconds, naming its locator, not at the test's timeout.
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    problems = watchForErrors(page);
    await signUp(page, `billing-plain-${stamp}@example.com`, password);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.interrupt();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('shows Free, 0/10 quality answers, no credits, and that payments are not set up', async () => {
    await page.getByRole('link', { name: 'Billing' }).click();
    await page.getByRole('heading', { name: 'Billing', level: 1 }).waitFor();
    const { plan, usage, balance } = summaryOf(page);
    await expect.poll(() => plan.textContent()).toBe('Free');
    await expect.poll(() => usage.textContent()).toContain('0/10');
    expect(await balance.textContent()).toBe('0');
    // The reset is the service's UTC midnight, in the reader's (Moscow's) time.
    await page.getByText(/starts again (today|tomorrow) at 03:00 \(your time\)/).waitFor();

    const notice = page.getByRole('region', { name: 'Payments are not set up on this server' });
    await notice.waitFor();
    const text = (await notice.textContent()) ?? '';
    expect(text).toContain('YOOKASSA_SHOP_ID');
    expect(text).toContain('YOOKASSA_SECRET_KEY');
    expect(text).toContain('yookassa-credentials');
    // Plans are still shown with their prices, in rubles the reader's way, but cannot be bought.
    await page.getByRole('listitem', { name: 'Pro subscription', exact: true }).getByText('₽990').waitFor();
    await page.getByRole('listitem', { name: '100 credits', exact: true }).getByText('₽199').waitFor();
    expect(await page.getByRole('button', { name: 'Buy 100 credits' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Subscribe to Pro' }).isDisabled()).toBe(true);
    await page.getByText('Nothing yet. Credits you buy, spend or are given appear here').waitFor();
    // Not an org owner: no organization table.
    expect(await page.getByRole('heading', { name: 'Your organization’s use' }).count()).toBe(0);
    await screenshot(page, 'billing-01-not-configured');
  });

  it('counts a quality answer asked in the app: 1/10, and in the org owner’s table', async () => {
    // An organization first, so the answer is counted for it too and its owner sees the table.
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Organization name').fill('Metered Research Group');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByText('you own it').waitFor();

    await page.getByRole('link', { name: 'New thread' }).click();
    await page.getByLabel('Ask anything…').fill('How efficient are home solar panels?');
    await page.getByLabel('Mode').selectOption('quality');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\/[0-9a-f-]{36}$/);
    await finishedAnswer(page);

    await page.getByRole('link', { name: 'Billing' }).click();
    await expect.poll(() => summaryOf(page).usage.textContent()).toContain('1/10');
    await page.getByText('9 left today.').waitFor();
    const org = page.getByRole('region', { name: 'Your organization’s use' });
    const table = org.getByRole('table');
    await table.waitFor();
    const firstRow = table.locator('tbody tr').first();
    await expect
      .poll(() => firstRow.locator('td').allTextContents())
      .toEqual(['Quality answers', '1', '1', '0']);
    await screenshot(page, 'billing-02-one-quality-answer');
    expect(problems).toEqual([]);
  }, 90_000);

  it('explains a quality answer refused for the day’s allowance, with the way to Billing', async () => {
    // Someone who has asked their ten quality answers today (through the API, as any client may).
    const email = `billing-quota-${stamp}@example.com`;
    const signup = await fetch(`${stack.url}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const { accessToken } = (await signup.json()) as { accessToken: string };
    for (let i = 0; i < 10; i += 1) {
      const answer = await fetch(`${stack.url}/api/v1/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({
          query: `What is solar panel efficiency, take ${i}?`,
          mode: 'quality',
          focus: 'web',
        }),
      });
      expect(answer.status).toBe(200);
      await answer.text();
    }

    const context = await browser.newContext({ ...contextOptions, baseURL: stack.url });
    context.setDefaultTimeout(15_000);
    try {
      const asker = await context.newPage();
      await signIn(asker, email);
      await asker.getByLabel('Ask anything…').fill('How long do home batteries last?');
      await asker.getByLabel('Mode').selectOption('quality');
      await asker.keyboard.press('Enter');
      const refusal = asker.getByRole('alert').filter({ hasText: 'quality answers' });
      await refusal.waitFor();
      const text = (await refusal.textContent()) ?? '';
      expect(text).toContain('You have used all 10 quality answers of the Free plan for today.');
      expect(text).toMatch(/They start again (today|tomorrow) at 03:00 \(your time\)/);
      expect(text).toContain('Speed, Balanced and Learn answers are not counted');
      await screenshot(asker, 'billing-03-quota-exceeded');
      await refusal.getByRole('link', { name: 'Billing page' }).click();
      await asker.waitForURL(/\/billing$/);
      await expect.poll(() => summaryOf(asker).usage.textContent()).toContain('10/10');
      await asker.getByText('All used: each further quality answer today costs one credit.').waitFor();
    } finally {
      await context.close();
    }
  }, 120_000);
});

describe('billing with YooKassa (the double)', () => {
  let stack: LaunchedStack;
  let yookassa: FakeYooKassa;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let dataDir: string;
  const buyer = `billing-buyer-${stamp}@example.com`;
  let buyerId = '';

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'perplexica-billing-yookassa-'));
    yookassa = await startFakeYooKassa({ shopId: '506751', secretKey: 'test_browser_secret_key' });
    stack = await launchStack({
      PERPLEXICA_DATA_DIR: dataDir,
      PERPLEXICA_PORT_OFFSET: String(await freePortOffset()),
      YOOKASSA_SHOP_ID: yookassa.shopId,
      YOOKASSA_SECRET_KEY: yookassa.secretKey,
      YOOKASSA_API_URL: `${yookassa.url}/v3`,
    });
    browser = await launchChromium();
    context = await browser.newContext({ ...contextOptions, baseURL: stack.url });
    context.setDefaultTimeout(15_000);
    await standInCheckout(context);
    page = await context.newPage();
    problems = watchForErrors(page);
    // The account through the public API (its id is needed below), then signed in as a person would.
    const signup = await fetch(`${stack.url}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: buyer, password }),
    });
    expect(signup.status).toBe(201);
    buyerId = ((await signup.json()) as { user: { id: string } }).user.id;
    await signIn(page, buyer);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.interrupt();
    await yookassa?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** The browser on YooKassa's (stand-in) page: the payment's id there, and where it returns to. */
  async function onCheckout(): Promise<{ yookassaId: string; returnUrl: string }> {
    await page.waitForURL(CHECKOUT);
    await page.getByRole('heading', { name: 'YooKassa checkout (stand-in)' }).waitFor();
    const yookassaId = new URL(page.url()).searchParams.get('orderId') ?? '';
    const payment = yookassa.payment(yookassaId);
    expect(payment?.status).toBe('pending');
    return { yookassaId, returnUrl: payment?.confirmation?.return_url ?? '' };
  }

  /** YooKassa telling the shop, at the gateway's public webhook, as it would. */
  async function notify(notification: YooKassaNotification): Promise<void> {
    const response = await fetch(`${stack.url}/api/v1/billing/webhooks/yookassa`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(notification),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true });
  }

  it('buys the 100-credit pack: YooKassa, the notification, and back to “Payment received”', async () => {
    await page.getByRole('link', { name: 'Billing' }).click();
    const pack = page.getByRole('listitem', { name: '100 credits', exact: true });
    await pack.getByText('₽199').waitFor();
    // Payments are set up: no notice, and the button works.
    await expect.poll(() => page.getByRole('button', { name: 'Buy 100 credits' }).isEnabled()).toBe(true);
    expect(await page.getByRole('region', { name: 'Payments are not set up on this server' }).count()).toBe(
      0,
    );
    await screenshot(page, 'billing-10-plans');

    // A double click is one payment (the same Idempotence-Key), and the browser goes to YooKassa.
    await page.getByRole('button', { name: 'Buy 100 credits' }).dblclick();
    const { yookassaId, returnUrl } = await onCheckout();
    expect(yookassa.payments()).toHaveLength(1);
    const created = yookassa.payment(yookassaId);
    expect(created?.amount).toEqual({ value: '199.00', currency: 'RUB' });
    const ourId = created?.metadata.paymentId ?? '';
    expect(returnUrl).toBe(`${stack.url}/billing?payment=${ourId}`);

    // The person pays; YooKassa notifies the shop, then sends the browser back.
    await notify(yookassa.succeed(yookassaId));
    await page.goto(returnUrl);
    const outcome = page.getByTestId('payment-return');
    await expect.poll(() => outcome.textContent()).toContain('Payment received: +100 credits.');
    await expect.poll(() => summaryOf(page).balance.textContent()).toBe('100');
    const line = page
      .getByRole('list', { name: 'Credit history, newest first' })
      .getByRole('listitem')
      .first();
    await expect.poll(() => line.textContent()).toContain('Bought 100 credits');
    expect(await line.textContent()).toContain('+100');
    expect(await line.textContent()).toContain('balance 100');
    await screenshot(page, 'billing-11-payment-received');
  }, 60_000);

  it('says in words when a payment was canceled, and charges nothing', async () => {
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await page.waitForURL(/\/billing$/);
    await page.getByRole('button', { name: 'Buy 500 credits' }).click();
    const { yookassaId, returnUrl } = await onCheckout();
    await notify(yookassa.cancel(yookassaId));
    await page.goto(returnUrl);
    await expect
      .poll(() => page.getByTestId('payment-return').textContent(), { timeout: 20_000 })
      .toContain('The payment was canceled: the payment page was left before paying, and it expired.');
    await expect.poll(() => summaryOf(page).balance.textContent()).toBe('100');
  }, 60_000);

  it('subscribes to Pro: still waiting until paid, then Pro with 300 a day', async () => {
    await page.goto('/billing');
    await page.getByRole('button', { name: 'Subscribe to Pro' }).click();
    const { yookassaId, returnUrl } = await onCheckout();
    expect(yookassa.payment(yookassaId)?.amount).toEqual({ value: '990.00', currency: 'RUB' });

    // Back before paying (the person closed YooKassa's tab): the page says it is still waiting …
    await page.goto(returnUrl);
    const outcome = page.getByTestId('payment-return');
    await expect
      .poll(() => outcome.textContent(), { timeout: 20_000 })
      .toContain('Still waiting for YooKassa to confirm the payment.');
    expect(await outcome.textContent()).toContain('Pro starts as soon as it does.');
    // Meanwhile Pro is not offered again, so it is not paid for twice.
    const awaited = page.getByRole('button', { name: 'Waiting for your payment…' });
    expect(await awaited.isDisabled()).toBe(true);
    await screenshot(page, 'billing-12-still-waiting');
    // … and, asking again on its own, sees it paid once YooKassa has it.
    await notify(yookassa.succeed(yookassaId));
    await expect
      .poll(() => outcome.textContent(), { timeout: 20_000 })
      .toContain('Payment received: Pro is active, +1,000 credits.');
    const { plan, usage, balance } = summaryOf(page);
    await expect.poll(() => plan.textContent()).toBe('Pro');
    await expect.poll(() => usage.textContent()).toContain('0/300');
    await expect.poll(() => balance.textContent()).toBe('1,100');
    await expect.poll(() => page.getByTestId('subscription-status').textContent()).toBe('Active');
    await page.getByText('It renews then with your saved card').waitFor();
    await page
      .getByRole('listitem', { name: 'Pro subscription', exact: true })
      .getByText('You have Pro')
      .waitFor();
    expect(await page.getByRole('button', { name: 'Subscribe to Pro' }).count()).toBe(0);
    await screenshot(page, 'billing-13-pro');
  }, 60_000);

  it('cancels Pro at the period’s end after asking, and explains what that means', async () => {
    await page.getByRole('button', { name: 'Cancel at period end…' }).click();
    // Thinking better of it changes nothing.
    await page.getByRole('button', { name: 'Keep Pro' }).click();
    expect(await page.getByTestId('subscription-status').textContent()).toBe('Active');

    await page.getByRole('button', { name: 'Cancel at period end…' }).click();
    await page.getByText('Cancel Pro at the end of this period?').waitFor();
    await page.getByRole('button', { name: 'Yes, cancel at period end' }).click();
    await expect.poll(() => page.getByTestId('subscription-status').textContent()).toBe('Cancelled');
    await page
      .getByText(/You cancelled Pro\. It stays active until .+, the end of the month you paid for/)
      .waitFor();
    // Still Pro until then.
    expect(await summaryOf(page).plan.textContent()).toBe('Pro');
    // The payment's outcome was final, so its address was dropped: a reload shows no old news.
    await page.reload();
    await expect.poll(() => page.getByTestId('subscription-status').textContent()).toBe('Cancelled');
    expect(await page.getByTestId('payment-return').count()).toBe(0);
    await screenshot(page, 'billing-14-cancelled');
  }, 60_000);

  it('lists every movement of credits newest first, twenty at a time', async () => {
    // Paid work elsewhere spends credits through billing-svc's internal route (a service's token).
    const billingPort = /billing-svc (\d+)/.exec(stack.output())?.[1];
    if (!billingPort) throw new Error(`billing-svc is not among the stack's services:\n${stack.output()}`);
    const serviceToken = (await readFile(join(dataDir, 'service-token'), 'utf8')).trim();
    const userId = buyerId;
    for (let i = 1; i <= 21; i += 1) {
      const spent = await fetch(`http://127.0.0.1:${billingPort}/internal/v1/billing/spend`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-service-token': serviceToken },
        body: JSON.stringify({
          userId,
          amount: 1,
          reason: `research report ${i}`,
          idempotencyKey: `report-${i}`,
        }),
      });
      expect(spent.status).toBe(200);
    }
    await page.reload();
    await expect.poll(() => summaryOf(page).balance.textContent()).toBe('1,079');
    const history = page.getByRole('list', { name: 'Credit history, newest first' });
    const lines = history.getByRole('listitem');
    await expect.poll(() => lines.count()).toBe(20);
    const newest = (await lines.first().textContent()) ?? '';
    expect(newest).toContain('Spent Research report 21');
    expect(newest).toContain('−1');
    expect(newest).toContain('balance 1,079');
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => lines.count()).toBe(23);
    expect(await lines.nth(21).textContent()).toContain('Bought Pro');
    expect(await lines.last().textContent()).toContain('Bought 100 credits');
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
  }, 60_000);

  it('reads well in the dark theme and on a phone', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/billing');
    await summaryOf(page).plan.waitFor();
    await screenshot(page, 'billing-15-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    const phone = await browser.newContext({
      ...contextOptions,
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      baseURL: stack.url,
    });
    phone.setDefaultTimeout(15_000);
    try {
      const mobile = await phone.newPage();
      await signIn(mobile, buyer);
      await mobile.getByRole('button', { name: 'Menu' }).tap();
      await mobile.getByRole('link', { name: 'Billing' }).tap();
      await expect.poll(() => summaryOf(mobile).balance.textContent()).toBe('1,079');
      await mobile.getByRole('list', { name: 'Credit history, newest first' }).waitFor();
      expect(await fitsTheScreen(mobile)).toBe(true);
      await screenshot(mobile, 'billing-16-phone');
    } finally {
      await phone.close();
    }
  }, 60_000);

  it('shows another person none of it, not even the buyer’s payment', async () => {
    const other = await browser.newContext({ ...contextOptions, baseURL: stack.url });
    other.setDefaultTimeout(15_000);
    try {
      const stranger = await other.newPage();
      await signUp(stranger, `billing-stranger-${stamp}@example.com`, password);
      await stranger.goto('/billing');
      const { plan, usage, balance } = summaryOf(stranger);
      await expect.poll(() => plan.textContent()).toBe('Free');
      await expect.poll(() => usage.textContent()).toContain('0/10');
      expect(await balance.textContent()).toBe('0');
      await stranger.getByText('Nothing yet. Credits you buy, spend or are given appear here').waitFor();
      expect(await stranger.getByRole('heading', { name: 'Subscription', exact: true }).count()).toBe(0);

      // The buyer's return address, opened by someone else: not found, nothing about it shown.
      const buyersPayment = yookassa.payments()[0]?.metadata.paymentId ?? '';
      await stranger.goto(`/billing?payment=${buyersPayment}`);
      await expect
        .poll(() => stranger.getByTestId('payment-return').textContent())
        .toContain('We could not find this payment on your account.');
      expect(await balance.textContent()).toBe('0');
      await screenshot(stranger, 'billing-17-stranger');
    } finally {
      await other.close();
    }
    expect(problems).toEqual([]);
  }, 60_000);
});
