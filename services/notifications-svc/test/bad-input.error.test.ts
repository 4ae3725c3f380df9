import { randomUUID } from 'node:crypto';
import { type FakePushService, startFakePushService } from '@perplexica/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  type JsonResponse,
  type NotificationsServiceUnderTest,
  notifier,
  startNotificationsService,
  taskResult,
  userClient,
} from './harness.ts';

// Production rules for endpoints (https only, no private addresses), and a small body limit so the
// 413 test need not send megabytes.
let svc: NotificationsServiceUnderTest;
let push: FakePushService;
let token: string;
let client: ReturnType<typeof userClient>;
const userId = randomUUID();

beforeAll(async () => {
  push = await startFakePushService();
  svc = await startNotificationsService(
    { PUSH_ALLOW_INSECURE_ENDPOINTS: 'false', BODY_LIMIT_BYTES: '16384' },
    { worker: false },
  );
  token = await svc.token(userId);
  client = userClient(svc.url, token);
});
afterAll(async () => {
  await svc?.close();
  await push?.close();
});

function expectError(response: JsonResponse, status: number, code: string, path?: string) {
  expect(response.status).toBe(status);
  expect(response.body.error.code).toBe(code);
  expect(response.body.error.message).toEqual(expect.any(String));
  expect(response.body.error.requestId).toEqual(expect.any(String));
  if (path) expect(response.body.error.details.map((issue: { path: string }) => issue.path)).toContain(path);
}

const goodKeys = () => push.createSubscription().keys;
const httpsEndpoint = 'https://updates.push.services.mozilla.com/wpush/v2/gAAAAABf';

describe('push subscriptions', () => {
  it('a public https endpoint with good keys is accepted (the baseline the refusals differ from)', async () => {
    expect((await client.subscribe({ endpoint: httpsEndpoint, keys: goodKeys() })).status).toBe(201);
  });

  it('malformed subscriptions: 400 validation_failed naming the field', async () => {
    const keys = goodKeys();
    const cases: Array<[unknown, string]> = [
      [{ keys }, 'body.endpoint'],
      [{ endpoint: 42, keys }, 'body.endpoint'],
      [{ endpoint: 'not a url', keys }, 'body.endpoint'],
      [{ endpoint: `https://push.example.com/${'a'.repeat(2100)}`, keys }, 'body.endpoint'],
      [{ endpoint: httpsEndpoint }, 'body.keys'],
      [{ endpoint: httpsEndpoint, keys: { auth: keys.auth } }, 'body.keys.p256dh'],
      [{ endpoint: httpsEndpoint, keys: { p256dh: keys.p256dh } }, 'body.keys.auth'],
      [{ endpoint: httpsEndpoint, keys: { ...keys, p256dh: 'not base64!' } }, 'body.keys.p256dh'],
      // 65 bytes, but not a point on the curve.
      [
        { endpoint: httpsEndpoint, keys: { ...keys, p256dh: Buffer.alloc(65, 4).toString('base64url') } },
        'body.keys.p256dh',
      ],
      [{ endpoint: httpsEndpoint, keys: { ...keys, p256dh: keys.p256dh.slice(0, 40) } }, 'body.keys.p256dh'],
      [
        { endpoint: httpsEndpoint, keys: { ...keys, auth: Buffer.alloc(8).toString('base64url') } },
        'body.keys.auth',
      ],
      [{ endpoint: httpsEndpoint, keys, expirationTime: 'soon' }, 'body.expirationTime'],
    ];
    for (const [body, path] of cases)
      expectError(await client.subscribe(body), 400, 'validation_failed', path);
    expect((await client.subscriptions()).body.subscriptions).toHaveLength(1);
  });

  it('http endpoints are refused unless PUSH_ALLOW_INSECURE_ENDPOINTS', async () => {
    for (const endpoint of [
      'http://push.example.com/wpush/abc',
      'ftp://push.example.com/abc',
      push.createSubscription().endpoint,
    ]) {
      const answer = await client.subscribe({ endpoint, keys: goodKeys() });
      expectError(answer, 400, 'validation_failed', 'body.endpoint');
    }
    const answer = await client.subscribe({ endpoint: 'http://push.example.com/x', keys: goodKeys() });
    expect(answer.body.error.message).toBe('body.endpoint: must be an https URL');
  });

  it('endpoints on private, loopback, link-local or local names are refused (SSRF)', async () => {
    for (const host of [
      '127.0.0.1',
      '10.0.0.8',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.169.254',
      '[::1]',
      '[fd00::1]',
      '[::ffff:127.0.0.1]',
      '0.0.0.0',
      'localhost',
      'push.localhost',
      'redis',
      'postgresql.perplexica-infra.svc.cluster.local',
    ]) {
      const answer = await client.subscribe({ endpoint: `https://${host}/push/abc`, keys: goodKeys() });
      expectError(answer, 400, 'validation_failed', 'body.endpoint');
      expect(answer.body.error.message).toBe(
        'body.endpoint: must not point to a private, loopback or link-local address',
      );
    }
    const withCredentials = await client.subscribe({
      endpoint: 'https://user:pw@push.example.com/x',
      keys: goodKeys(),
    });
    expectError(withCredentials, 400, 'validation_failed', 'body.endpoint');
  });

  it('unsubscribe needs an endpoint; a subscription id must be a uuid', async () => {
    expectError(await client.unsubscribe(''), 400, 'validation_failed', 'body.endpoint');
    expectError(await client.unsubscribe(7), 400, 'validation_failed', 'body.endpoint');
    expectError(await client.removeSubscription('not-a-uuid'), 400, 'validation_failed', 'path.id');
  });
});

describe('the internal notify contract', () => {
  const notify = (body: unknown) => notifier(svc.url).notify(body);

  it('refuses each bad field with 400 validation_failed naming it', async () => {
    const good = taskResult(userId);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...good, eventId: undefined }, 'body.eventId'],
      [{ ...good, eventId: '' }, 'body.eventId'],
      [{ ...good, eventId: 'e'.repeat(201) }, 'body.eventId'],
      [{ ...good, eventId: 'line\nbreak' }, 'body.eventId'],
      [{ ...good, userId: 'alice' }, 'body.userId'],
      [{ ...good, userId: undefined }, 'body.userId'],
      [{ ...good, kind: 'marketing' }, 'body.kind'],
      [{ ...good, kind: undefined }, 'body.kind'],
      [{ ...good, title: '' }, 'body.title'],
      [{ ...good, title: '   ' }, 'body.title'],
      [{ ...good, title: 't'.repeat(201) }, 'body.title'],
      [{ ...good, body: 'b'.repeat(4001) }, 'body.body'],
      [{ ...good, body: undefined }, 'body.body'],
      [{ ...good, body: 42 }, 'body.body'],
      [{ ...good, url: 'javascript:alert(1)' }, 'body.url'],
      [{ ...good, url: 'http://example.com/x' }, 'body.url'],
      [{ ...good, url: '//evil.example.com/x' }, 'body.url'],
      [{ ...good, url: '/\\evil.example.com' }, 'body.url'],
      [{ ...good, url: '/thread/a b' }, 'body.url'],
      [{ ...good, url: 'thread/relative' }, 'body.url'],
      [{ ...good, orgId: 5 }, 'body.orgId'],
    ];
    for (const [body, path] of cases) expectError(await notify(body), 400, 'validation_failed', path);
    const unknownKind = await notify({ ...good, kind: 'marketing' });
    expect(unknownKind.body.error.message).toContain('body.kind');
    // Nothing of it was stored.
    const stored = await svc.database.db
      .selectFrom('notifications')
      .select('id')
      .where('user_id', '=', userId)
      .execute();
    expect(stored).toEqual([]);
  });

  it('accepts the edges: 200-char eventId and title, 4000-char body, no url, an https url, NUL dropped', async () => {
    const good = taskResult(userId);
    for (const body of [
      { ...good, eventId: 'e'.repeat(200), title: 't'.repeat(200), body: 'b'.repeat(4000) },
      { ...good, eventId: 'no-url', url: undefined, orgId: undefined },
      { ...good, eventId: 'null-url', url: null, orgId: '' },
      { ...good, eventId: 'https-url', url: 'https://example.com/report?id=1' },
      { ...good, eventId: 'nul', title: 'a\u0000b', body: 'c\u0000d' },
    ]) {
      expect((await notify(body)).status).toBe(202);
    }
    const nul = await svc.database.db
      .selectFrom('notifications')
      .select(['title', 'body'])
      .where('event_id', '=', 'nul')
      .executeTakeFirstOrThrow();
    expect(nul).toEqual({ title: 'ab', body: 'cd' });
  });

  it('invalid JSON, wrong content type, a body over BODY_LIMIT_BYTES', async () => {
    const url = `${svc.url}/internal/v1/notifications`;
    const serviceToken = 'test-service-token-0123456789abcdef';
    expectError(await call(url, { body: '{"eventId":', serviceToken }), 400, 'invalid_json');
    expectError(
      await call(url, { body: '{}', serviceToken, headers: { 'content-type': 'text/plain' } }),
      415,
      'unsupported_media_type',
    );
    expectError(await notify({ ...taskResult(userId), body: 'x'.repeat(20_000) }), 413, 'payload_too_large');
  });
});

describe('the inbox and preferences', () => {
  it('a cursor this API did not make is 400', async () => {
    const forged = Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url');
    for (const cursor of ['not*a*cursor', forged, 'abc', Buffer.from('[1,2]').toString('base64url')]) {
      expectError(
        await client.list(`cursor=${encodeURIComponent(cursor)}`),
        400,
        'validation_failed',
        'query.cursor',
      );
    }
  });

  it('bad unread and limit values are 400', async () => {
    expectError(await client.list('unread=yes'), 400, 'validation_failed', 'query.unread');
    for (const limit of ['0', '101', 'ten', '1.5']) {
      expectError(await client.list(`limit=${limit}`), 400, 'validation_failed', 'query.limit');
    }
  });

  it('a notification id must be a uuid', async () => {
    for (const answer of [
      await client.get('1'),
      await client.markRead('nope'),
      await client.remove("1' or '1'='1"),
    ]) {
      expectError(answer, 400, 'validation_failed', 'path.id');
    }
  });

  it('preferences: unknown kinds or channels, non-booleans, a missing wrapper are 400; nothing changes', async () => {
    const cases: Array<[unknown, string]> = [
      [{ preferences: { marketing: { email: true } } }, 'body.preferences'],
      [{ preferences: { billing: { sms: true } } }, 'body.preferences.billing'],
      [{ preferences: { billing: { email: 'yes' } } }, 'body.preferences.billing.email'],
      [{ preferences: { billing: true } }, 'body.preferences.billing'],
      [{ billing: { email: false } }, 'body'],
      [{}, 'body.preferences'],
    ];
    for (const [body, path] of cases)
      expectError(await client.putPreferences(body), 400, 'validation_failed', path);
    expectError(
      await call(`${svc.url}/api/v1/notifications/preferences`, { method: 'PUT', body: 'nope', token }),
      400,
      'invalid_json',
    );
    expect((await client.preferences()).body.preferences.billing).toEqual({
      in_app: true,
      push: true,
      email: true,
    });
  });
});
