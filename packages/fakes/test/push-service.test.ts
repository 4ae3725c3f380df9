import { createECDH, createPrivateKey, sign } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { type FakePushService, type PushSubscriptionJson, startFakePushService } from '../src/index.ts';
import { encryptAes128gcm } from '../src/push-service.ts';

const vapid = webpush.generateVAPIDKeys();
const SUBJECT = 'mailto:notifications@perplexica.test';
const vapidDetails = { subject: SUBJECT, publicKey: vapid.publicKey, privateKey: vapid.privateKey };

let push: FakePushService;
beforeAll(async () => {
  push = await startFakePushService();
});
afterEach(() => push.reset());
afterAll(() => push.close());

interface Sent {
  status: number;
  headers: Headers;
  body: any;
}

/** Posts what the request details say (web-push's own sender speaks https only; the fake is http). */
async function post(details: { endpoint: string; headers: Record<string, unknown>; body: Buffer | null }) {
  const headers = Object.fromEntries(
    Object.entries(details.headers).map(([name, value]) => [name, String(value)]),
  );
  const response = await fetch(details.endpoint, {
    method: 'POST',
    headers,
    ...(details.body ? { body: new Uint8Array(details.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null } as Sent;
}

/** A message exactly as the web-push library builds it. */
function sendWithWebPush(
  subscription: PushSubscriptionJson,
  payload: string,
  options: webpush.RequestOptions = {},
) {
  return post(webpush.generateRequestDetails(subscription, payload, { vapidDetails, TTL: 60, ...options }));
}

/** An ES256 JWT signed with any P-256 key, with any claims (web-push refuses to make bad ones). */
function vapidHeader(claims: Record<string, unknown>, keys = createEcKeys()) {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signingInput = `${encode({ typ: 'JWT', alg: 'ES256' })}.${encode(claims)}`;
  const signature = sign('sha256', Buffer.from(signingInput), {
    key: keys.privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return `vapid t=${signingInput}.${signature.toString('base64url')}, k=${keys.publicKey}`;
}

function createEcKeys() {
  const ecdh = createECDH('prime256v1');
  const publicKey = ecdh.generateKeys();
  const privateKey = createPrivateKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      d: ecdh.getPrivateKey().toString('base64url'),
      x: publicKey.subarray(1, 33).toString('base64url'),
      y: publicKey.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
  return { privateKey, publicKey: publicKey.toString('base64url') };
}

const now = () => Math.floor(Date.now() / 1000);

function rawPost(subscription: PushSubscriptionJson, headers: Record<string, string>, body: Buffer) {
  return post({
    endpoint: subscription.endpoint,
    headers: {
      ttl: '60',
      'content-encoding': 'aes128gcm',
      'content-type': 'application/octet-stream',
      ...headers,
    },
    body,
  });
}

describe('a subscription, as a browser makes it', () => {
  it('has an endpoint on the fake and the P-256 key and auth secret a browser hands a page', () => {
    const subscription = push.createSubscription();
    expect(subscription.endpoint).toMatch(new RegExp(`^${push.url}/push/[A-Za-z0-9_-]+$`));
    const p256dh = Buffer.from(subscription.keys.p256dh, 'base64url');
    expect(p256dh).toHaveLength(65);
    expect(p256dh[0]).toBe(4);
    expect(Buffer.from(subscription.keys.auth, 'base64url')).toHaveLength(16);
    expect(push.createSubscription().endpoint).not.toBe(subscription.endpoint);
  });
});

describe('a message sent with the web-push library', () => {
  it('is accepted (201 with a Location), its VAPID checked and its payload decrypted', async () => {
    const subscription = push.createSubscription();
    const payload = JSON.stringify({ title: 'Your task ran', body: 'Prices: ✓ 3 new — ünïcode' });
    const answer = await sendWithWebPush(subscription, payload, { urgency: 'high', topic: 'task-42' });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('location')).toMatch(new RegExp(`^${push.url}/message/`));
    expect(push.received).toEqual([
      {
        endpoint: subscription.endpoint,
        payload,
        ttl: 60,
        urgency: 'high',
        topic: 'task-42',
        vapidPublicKey: vapid.publicKey,
        subject: SUBJECT,
      },
    ]);
    expect(push.receivedBy(subscription.endpoint)).toHaveLength(1);
    expect(push.receivedBy(push.createSubscription().endpoint)).toEqual([]);
    // What went over the wire is ciphertext, not the payload.
    const wire = Buffer.from(push.calls[0]?.body as string, 'base64');
    expect(wire.includes(Buffer.from('Your task ran'))).toBe(false);
  });

  it('each subscription decrypts only with its own keys', async () => {
    const first = push.createSubscription();
    const second = push.createSubscription();
    expect((await sendWithWebPush(first, 'for the first')).status).toBe(201);
    // Encrypted for the first browser's keys, delivered to the second's endpoint.
    const misdirected = webpush.generateRequestDetails(first, 'for the first', { vapidDetails, TTL: 60 });
    expect((await post({ ...misdirected, endpoint: second.endpoint })).status).toBe(400);
    expect(push.received.map((message) => message.endpoint)).toEqual([first.endpoint]);
  });

  it('a message without a payload needs no encryption and is accepted', async () => {
    const subscription = push.createSubscription();
    const answer = await post(webpush.generateRequestDetails(subscription, null, { vapidDetails, TTL: 0 }));
    expect(answer.status).toBe(201);
    expect(push.received).toMatchObject([{ endpoint: subscription.endpoint, payload: '', ttl: 0 }]);
  });

  it('several records (RFC 8188) decrypt in order', async () => {
    const subscription = push.createSubscription();
    const text = 'record '.repeat(40);
    const body = encryptAes128gcm(subscription, Buffer.from(text), { recordSize: 64 });
    const answer = await rawPost(subscription, { authorization: vapidHeader(validClaims()) }, body);
    expect(answer.status).toBe(201);
    expect(push.received[0]?.payload).toBe(text);
  });
});

function validClaims(overrides: Record<string, unknown> = {}) {
  return { aud: push.url, exp: now() + 3600, sub: SUBJECT, ...overrides };
}

describe('refusals, as autopush answers them', () => {
  const expectRefusal = (answer: Sent, status: number, errno: number) => {
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({
      code: status,
      errno,
      error: expect.any(String),
      message: expect.any(String),
    });
  };

  it('401 for VAPID that is missing, signed by another key, for another audience, expired, too long, or without a proper sub', async () => {
    const subscription = push.createSubscription();
    const body = encryptAes128gcm(subscription, Buffer.from('hello'));
    const signer = createEcKeys();
    const impostor = createEcKeys();
    const cases: Array<string | undefined> = [
      undefined,
      'WebPush abc',
      vapidHeader(validClaims(), signer).replace(/k=.*$/, `k=${impostor.publicKey}`),
      vapidHeader(validClaims({ aud: 'https://push.example.com' })),
      vapidHeader(validClaims({ exp: now() - 10 })),
      vapidHeader(validClaims({ exp: now() + 25 * 3600 })),
      vapidHeader(validClaims({ exp: undefined })),
      vapidHeader(validClaims({ sub: 'http://insecure.example.com' })),
      vapidHeader(validClaims({ sub: undefined })),
    ];
    for (const authorization of cases) {
      const answer = await rawPost(subscription, authorization ? { authorization } : {}, body);
      expectRefusal(answer, 401, 109);
    }
    // web-push's own audience for another origin is refused as well.
    const headers = webpush.getVapidHeaders(
      'https://fcm.googleapis.com',
      SUBJECT,
      vapid.publicKey,
      vapid.privateKey,
      'aes128gcm',
    );
    expectRefusal(await rawPost(subscription, headers, body), 401, 109);
    expect(push.received).toEqual([]);
    // And the same body with good VAPID goes through.
    expect((await rawPost(subscription, { authorization: vapidHeader(validClaims()) }, body)).status).toBe(
      201,
    );
  });

  it('400 without TTL, for the old aesgcm encoding, and for a body that does not decrypt', async () => {
    const subscription = push.createSubscription();
    const authorization = vapidHeader(validClaims());
    const body = encryptAes128gcm(subscription, Buffer.from('hello'));
    const withoutTtl = await post({
      endpoint: subscription.endpoint,
      headers: { authorization, 'content-encoding': 'aes128gcm' },
      body,
    });
    expectRefusal(withoutTtl, 400, 111);
    expectRefusal(await sendWithWebPush(subscription, 'old style', { contentEncoding: 'aesgcm' }), 401, 109);
    expectRefusal(
      await rawPost(subscription, { authorization, 'content-encoding': 'aesgcm' }, body),
      400,
      110,
    );
    const tampered = Buffer.from(body);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 1;
    expectRefusal(await rawPost(subscription, { authorization }, tampered), 400, 110);
    const wrongSecret = encryptAes128gcm(subscription, Buffer.from('hello'), {
      authSecret: Buffer.alloc(16, 7),
    });
    expectRefusal(await rawPost(subscription, { authorization }, wrongSecret), 400, 110);
    expect(push.received).toEqual([]);
  });

  it('413 for a body over 4096 bytes', async () => {
    const subscription = push.createSubscription();
    const body = encryptAes128gcm(subscription, Buffer.alloc(5000, 'x'));
    expectRefusal(await rawPost(subscription, { authorization: vapidHeader(validClaims()) }, body), 413, 104);
  });

  it('410 for an unknown or unsubscribed subscription', async () => {
    const subscription = push.createSubscription();
    push.removeSubscription(subscription.endpoint);
    expectRefusal(await sendWithWebPush(subscription, 'anyone there?'), 410, 106);
    const madeUp = { ...push.createSubscription(), endpoint: `${push.url}/push/never-issued` };
    expectRefusal(await sendWithWebPush(madeUp, 'anyone there?'), 410, 106);
    expect(push.attempts.map((attempt) => attempt.status)).toEqual([410, 410]);
  });

  it('modes: for every subscription or one endpoint; reset() restores ok', async () => {
    const first = push.createSubscription();
    const second = push.createSubscription();
    push.setMode('rate_limited');
    const limited = await sendWithWebPush(first, 'one');
    expectRefusal(limited, 429, 999);
    expect(limited.headers.get('retry-after')).toBe('1');
    push.setMode('error');
    expectRefusal(await sendWithWebPush(first, 'one'), 500, 999);
    push.setMode('ok');
    push.setMode('not_found', second.endpoint);
    expectRefusal(await sendWithWebPush(second, 'two'), 404, 102);
    expect((await sendWithWebPush(first, 'one')).status).toBe(201);
    push.setMode('gone', first.endpoint);
    expectRefusal(await sendWithWebPush(first, 'one'), 410, 106);
    push.reset();
    expect((await sendWithWebPush(first, 'one')).status).toBe(201);
    expect((await sendWithWebPush(second, 'two')).status).toBe(201);
    expect(push.received.map((message) => message.payload)).toEqual(['one', 'two']);
  });
});
