import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuthServiceUnderTest,
  signUp,
  startAuthService,
  uniqueEmail,
} from '../../auth-svc/test/harness.ts';
import {
  type NotificationsServiceUnderTest,
  notifier,
  startNotificationsService,
  taskResult,
} from './harness.ts';
import { startSmtpServer, type TestSmtpServer } from './smtp-server.ts';

// A real auth-svc answers the user lookup (GET /internal/v1/users/:id) and a real SMTP server,
// which wants a password as a provider's does, receives what nodemailer sends.
const SMTP_PASSWORD = 'smtp-password-never-logged';
let auth: AuthServiceUnderTest;
let smtp: TestSmtpServer;
let svc: NotificationsServiceUnderTest;

beforeAll(async () => {
  [auth, smtp] = await Promise.all([
    startAuthService({ LOG_LEVEL: 'warn' }),
    startSmtpServer({ credentials: { user: 'perplexica', pass: SMTP_PASSWORD } }),
  ]);
  svc = await startNotificationsService({
    AUTH_SERVICE_URL: auth.url,
    SMTP_URL: smtp.url,
    SMTP_FROM: 'Perplexica <notifications@perplexica.test>',
  });
});
afterEach(() => {
  smtp.received.length = 0;
  smtp.recipientsTried.length = 0;
  smtp.refuseRecipients(() => null);
});
afterAll(async () => {
  await svc?.close();
  await smtp?.close();
  await auth?.close();
});

async function notifyAndSettle(body: Record<string, unknown>) {
  const answer = await notifier(svc.url).notify(body);
  expect(answer.status).toBe(202);
  await svc.jobsSettled();
  return answer.body as { id: string; duplicate: boolean };
}

describe('email', () => {
  it('goes to the address auth-svc has, with the title as subject and the same content as text and HTML', async () => {
    const email = uniqueEmail();
    const { user } = await signUp(auth.url, email);
    const { id } = await notifyAndSettle(
      taskResult(user.id, {
        kind: 'billing',
        title: 'Payment failed',
        body: 'Your card was declined.\n\nUpdate it to keep Pro.',
        url: '/settings/billing',
      }),
    );
    expect(smtp.received).toHaveLength(1);
    const [{ to, from, mail }] = smtp.received as [(typeof smtp.received)[0]];
    expect(to).toEqual([email]);
    expect(from).toBe('notifications@perplexica.test');
    expect(mail.subject).toBe('Payment failed');
    expect(mail.from?.value).toEqual([{ name: 'Perplexica', address: 'notifications@perplexica.test' }]);
    expect(mail.text).toContain('Payment failed');
    expect(mail.text).toContain('Your card was declined.\n\nUpdate it to keep Pro.');
    expect(mail.text).toContain('Open it: https://app.perplexica.test/settings/billing');
    expect(mail.text).toContain('billing emails are on');
    expect(mail.html).toContain('<h1 style="font-size:18px;margin:0 0 16px">Payment failed</h1>');
    expect(mail.html).toContain('Your card was declined.</p>');
    expect(mail.html).toContain('href="https://app.perplexica.test/settings/billing"');
    expect(await svc.deliveries(id)).toEqual([
      { channel: 'email', target: email, status: 'sent', tries: 1, last_error: null },
    ]);
  });

  it('escapes user content in the HTML part and keeps it verbatim in the text part', async () => {
    const { user } = await signUp(auth.url);
    const title = 'Alert: <script>alert("x")</script> & "more"';
    const body = 'Result: <img src=x onerror=alert(1)> & <b>bold</b>';
    await notifyAndSettle(
      taskResult(user.id, { kind: 'security', title, body, url: 'https://example.com/a?b=1&c="2"' }),
    );
    const { mail } = smtp.received[0]!;
    const html = mail.html as string;
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>bold</b>');
    expect(html).toContain('Alert: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;more&quot;');
    expect(html).toContain('Result: &lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(html).toContain('href="https://example.com/a?b=1&amp;c=&quot;2&quot;"');
    expect(mail.text).toContain(body);
    expect(mail.subject).toBe(title);
  });

  it('kinds with email off by default (task results) send no email', async () => {
    const { user } = await signUp(auth.url);
    const { id } = await notifyAndSettle(taskResult(user.id));
    expect(smtp.received).toEqual([]);
    expect(await svc.deliveries(id)).toEqual([]);
  });

  it('a user auth-svc does not know: recorded as failed, nothing sent, the job does not fail', async () => {
    const { id } = await notifyAndSettle(
      taskResult('5d6f8a2e-9c1b-4e7d-8f3a-2b1c0d9e8f7a', { kind: 'billing' }),
    );
    expect(smtp.recipientsTried).toEqual([]);
    expect(await svc.deliveries(id)).toEqual([
      {
        channel: 'email',
        target: '-',
        status: 'failed',
        tries: 1,
        last_error: 'auth-svc knows no such user',
      },
    ]);
  });

  it('an address the SMTP server refuses for good (550) is recorded failed and not tried again', async () => {
    const email = uniqueEmail('bounce.test');
    const { user } = await signUp(auth.url, email);
    smtp.refuseRecipients((address) =>
      address.endsWith('@bounce.test') ? { code: 550, message: 'No such mailbox' } : null,
    );
    const { id } = await notifyAndSettle(taskResult(user.id, { kind: 'security' }));
    expect(smtp.recipientsTried).toEqual([email]);
    expect(smtp.received).toEqual([]);
    const [delivery] = await svc.deliveries(id);
    expect(delivery).toMatchObject({ channel: 'email', target: email, status: 'failed', tries: 1 });
    expect(delivery?.last_error).toContain('550');
  });

  it('a temporary refusal (451) is retried until the server accepts, and the email arrives once', async () => {
    const email = uniqueEmail('greylist.test');
    const { user } = await signUp(auth.url, email);
    let refusals = 2;
    smtp.refuseRecipients(() =>
      refusals-- > 0 ? { code: 451, message: 'Greylisted, try again later' } : null,
    );
    const { id } = await notifyAndSettle(taskResult(user.id, { kind: 'billing' }));
    expect(smtp.recipientsTried).toEqual([email, email, email]);
    expect(smtp.received.map((message) => message.to)).toEqual([[email]]);
    expect(await svc.deliveries(id)).toEqual([
      { channel: 'email', target: email, status: 'sent', tries: 3, last_error: null },
    ]);
  });

  it('logs name no secret: not the SMTP password, the VAPID private key or the service token', () => {
    const logs = svc.logs.text();
    expect(logs).toContain('delivery failed');
    for (const secret of [SMTP_PASSWORD, svc.config.VAPID_PRIVATE_KEY as string, svc.config.SERVICE_TOKEN]) {
      expect(logs).not.toContain(secret);
    }
  });
});
