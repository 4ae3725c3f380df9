import {
  createCipheriv,
  createDecipheriv,
  createECDH,
  createPublicKey,
  hkdfSync,
  randomBytes,
  randomUUID,
  verify,
} from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type FakeServer, MAX_RECORDED_CALLS, type RecordedCall } from './fake-server.ts';

/**
 * A stand-in for a browser push service (Mozilla autopush, FCM's Web Push endpoint), speaking
 * RFC 8030 with VAPID (RFC 8292) and message encryption (RFC 8291, aes128gcm of RFC 8188).
 *
 * `createSubscription()` plays the browser: it makes the P-256 key pair and the 16-byte auth
 * secret, keeps the private parts and hands out what `PushSubscription.toJSON()` gives a page.
 * `POST /push/<id>` then checks what a real push service checks and answers as autopush does:
 *
 * - 401 when `Authorization: vapid t=<JWT>, k=<key>` is missing or wrong: the ES256 signature
 *   (checked with k), `aud` = the endpoint's origin, `exp` in the future and at most 24 h ahead,
 *   `sub` a mailto: or https: URI;
 * - 400 without a `TTL` header, or for a payload whose `Content-Encoding` is not aes128gcm (a
 *   message without a payload is accepted, as RFC 8030 allows);
 * - 413 for a body over 4096 bytes; 400 when it does not decrypt;
 * - 410 for an unknown (or unsubscribed) subscription;
 * - else 201 with a `Location`, the decrypted plaintext kept in `received`.
 *
 * Modes, for all subscriptions or one endpoint: ok; not_found (404, an expired subscription as
 * FCM reports it); gone (410); rate_limited (429 with Retry-After); error (500).
 * The body of every refusal is autopush's `{code, errno, error, message}`.
 */
export type PushServiceMode = 'ok' | 'not_found' | 'gone' | 'rate_limited' | 'error';

/** What a browser's `PushSubscription.toJSON()` gives the page (and the page gives the server). */
export interface PushSubscriptionJson {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** One message the fake accepted and decrypted. */
export interface ReceivedPush {
  endpoint: string;
  /** The decrypted payload as UTF-8 text. */
  payload: string;
  ttl: number;
  urgency: string | null;
  topic: string | null;
  /** The VAPID application server key (k=), base64url. */
  vapidPublicKey: string;
  /** The JWT's `sub`. */
  subject: string;
}

export interface FakePushService extends FakeServer {
  /** A new browser subscription on this push service. */
  createSubscription(): PushSubscriptionJson;
  /** The user unsubscribed in the browser: the endpoint answers 410 from now on. */
  removeSubscription(endpoint: string): void;
  /** Accepted messages, oldest first (cleared by `reset()`). */
  received: ReceivedPush[];
  /** Messages accepted for one endpoint. */
  receivedBy(endpoint: string): ReceivedPush[];
  /** Requests to /push/… with their answer status, whatever the mode (cleared by `reset()`). */
  attempts: Array<{ endpoint: string; status: number }>;
  /** Without an endpoint: the mode of every subscription; with one: that subscription's only. */
  setMode(mode: PushServiceMode, endpoint?: string): void;
}

/** The largest encrypted body a push service must accept (RFC 8030 section 7.2). */
export const MAX_PUSH_BODY_BYTES = 4096;
const MAX_VAPID_LIFETIME_SECONDS = 24 * 60 * 60;

interface BrowserKeys {
  ecdh: ReturnType<typeof createECDH>;
  publicKey: Buffer;
  authSecret: Buffer;
}

class PushRefusal extends Error {
  readonly status: number;
  readonly errno: number;
  readonly headers: Record<string, string>;

  constructor(status: number, errno: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.errno = errno;
    this.headers = headers;
  }
}

const reasonPhrases: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  410: 'Gone',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

const modeRefusals: Record<Exclude<PushServiceMode, 'ok'>, () => PushRefusal> = {
  not_found: () => new PushRefusal(404, 102, 'Request did not validate: subscription expired'),
  gone: () => new PushRefusal(410, 106, 'Request did not validate: no such subscription'),
  rate_limited: () => new PushRefusal(429, 999, 'Too many messages', { 'retry-after': '1' }),
  error: () => new PushRefusal(500, 999, 'Internal error'),
};

export async function startFakePushService(options: { latencyMs?: number } = {}): Promise<FakePushService> {
  const subscriptions = new Map<string, BrowserKeys>();
  const received: ReceivedPush[] = [];
  const attempts: Array<{ endpoint: string; status: number }> = [];
  const calls: RecordedCall[] = [];
  const endpointModes = new Map<string, PushServiceMode>();
  let mode: PushServiceMode = 'ok';
  let latencyMs = options.latencyMs ?? 0;
  let baseUrl = '';

  function accept(id: string, req: IncomingMessage, body: Buffer): ReceivedPush {
    const endpoint = `${baseUrl}/push/${id}`;
    const { publicKey, subject } = checkVapid(req.headers.authorization, baseUrl);
    const ttlHeader = req.headers.ttl;
    if (typeof ttlHeader !== 'string' || !/^\d+$/.test(ttlHeader)) {
      throw new PushRefusal(400, 111, 'Missing or invalid TTL header');
    }
    const chosen = endpointModes.get(endpoint) ?? mode;
    if (chosen !== 'ok') throw modeRefusals[chosen]();
    const keys = subscriptions.get(id);
    if (!keys) throw modeRefusals.gone();
    if (body.length > MAX_PUSH_BODY_BYTES) throw new PushRefusal(413, 104, 'Payload too large');
    // A message without a payload (a tickle: the page fetches what is new) needs no encryption.
    if (body.length === 0) {
      return { endpoint, payload: '', ...details(req, ttlHeader), vapidPublicKey: publicKey, subject };
    }
    if (req.headers['content-encoding'] !== 'aes128gcm') {
      throw new PushRefusal(400, 110, 'Content-Encoding must be aes128gcm');
    }
    let plaintext: Buffer;
    try {
      plaintext = decryptAes128gcm(body, keys);
    } catch (error) {
      throw new PushRefusal(400, 110, `Payload does not decrypt: ${(error as Error).message}`);
    }
    return {
      endpoint,
      payload: plaintext.toString('utf8'),
      ...details(req, ttlHeader),
      vapidPublicKey: publicKey,
      subject,
    };
  }

  function details(req: IncomingMessage, ttl: string) {
    const header = (name: string) => {
      const value = req.headers[name];
      return typeof value === 'string' ? value : null;
    };
    return { ttl: Number(ttl), urgency: header('urgency'), topic: header('topic') };
  }

  async function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const match = /^\/push\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
    if (!match || req.method !== 'POST') return refuse(res, new PushRefusal(404, 102, 'No such route'));
    const id = match[1] as string;
    try {
      const message = accept(id, req, body);
      received.push(message);
      attempts.push({ endpoint: message.endpoint, status: 201 });
      res.writeHead(201, { location: `${baseUrl}/message/${randomUUID()}`, 'content-length': 0 });
      res.end();
    } catch (error) {
      if (!(error instanceof PushRefusal)) throw error;
      attempts.push({ endpoint: `${baseUrl}/push/${id}`, status: error.status });
      refuse(res, error);
    }
  }

  const sockets = new Set<Socket>();
  let closed = false;
  const server = createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://fake');
      calls.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        // Encrypted bytes: recorded as base64 so tests can still see (and compare) them.
        body: body.length > 0 ? body.toString('base64') : undefined,
        headers: req.headers,
      });
      if (calls.length > MAX_RECORDED_CALLS) calls.shift();
      if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
      if (closed) return;
      await handle(req, res, body);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fake push service error: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    calls,
    received,
    attempts,
    close: () =>
      new Promise<void>((resolve) => {
        if (closed) return resolve();
        closed = true;
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }),
    reset() {
      calls.length = 0;
      received.length = 0;
      attempts.length = 0;
      endpointModes.clear();
      mode = 'ok';
      latencyMs = options.latencyMs ?? 0;
    },
    setLatency(ms) {
      latencyMs = Math.max(0, ms);
    },
    setMode(next, endpoint) {
      if (endpoint === undefined) mode = next;
      else endpointModes.set(endpoint, next);
    },
    receivedBy: (endpoint) => received.filter((message) => message.endpoint === endpoint),
    createSubscription() {
      const ecdh = createECDH('prime256v1');
      const publicKey = ecdh.generateKeys();
      const authSecret = randomBytes(16);
      const id = randomBytes(24).toString('base64url');
      subscriptions.set(id, { ecdh, publicKey, authSecret });
      return {
        endpoint: `${baseUrl}/push/${id}`,
        keys: { p256dh: publicKey.toString('base64url'), auth: authSecret.toString('base64url') },
      };
    },
    removeSubscription(endpoint) {
      const id = endpoint.slice(endpoint.lastIndexOf('/') + 1);
      subscriptions.delete(id);
    },
  };
}

function refuse(res: ServerResponse, refusal: PushRefusal): void {
  const text = JSON.stringify({
    code: refusal.status,
    errno: refusal.errno,
    error: reasonPhrases[refusal.status] ?? 'Error',
    message: refusal.message,
  });
  res.writeHead(refusal.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...refusal.headers,
  });
  res.end(text);
}

/**
 * RFC 8292: `vapid t=<JWT>, k=<key>`. The JWT is ES256 over P-256, its signature the raw r‖s
 * of JOSE, verified with the key the sender names (a push service pins the key the subscription
 * was made with; the fake accepts any valid key and records it, so tests can compare).
 */
function checkVapid(
  authorization: string | undefined,
  origin: string,
): { publicKey: string; subject: string } {
  const unauthorized = (why: string) => new PushRefusal(401, 109, `Invalid VAPID authorization: ${why}`);
  const match = /^vapid\s+(.+)$/i.exec(authorization ?? '');
  if (!match) throw unauthorized('expected "vapid t=<JWT>, k=<key>"');
  const params = new Map(
    (match[1] as string).split(',').map((part) => {
      const [name, ...value] = part.trim().split('=');
      return [name?.toLowerCase() ?? '', value.join('=')] as const;
    }),
  );
  const token = params.get('t');
  const key = params.get('k');
  if (!token || !key) throw unauthorized('t and k are both required');
  const publicKey = Buffer.from(key, 'base64url');
  if (publicKey.length !== 65 || publicKey[0] !== 4) throw unauthorized('k is not an uncompressed P-256 key');
  const parts = token.split('.');
  if (parts.length !== 3) throw unauthorized('t is not a JWT');
  const [headerPart, claimsPart, signaturePart] = parts as [string, string, string];
  const header = parseJson(headerPart);
  if (header?.alg !== 'ES256') throw unauthorized('alg must be ES256');
  const verifier = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: publicKey.subarray(1, 33).toString('base64url'),
      y: publicKey.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
  const signed = verify(
    'sha256',
    Buffer.from(`${headerPart}.${claimsPart}`),
    { key: verifier, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signaturePart, 'base64url'),
  );
  if (!signed) throw unauthorized('signature does not verify with k');
  const claims = parseJson(claimsPart);
  if (claims?.aud !== origin) throw unauthorized(`aud must be ${origin}`);
  const now = Math.floor(Date.now() / 1000);
  const exp = claims.exp;
  if (typeof exp !== 'number' || exp <= now) throw unauthorized('exp is missing or past');
  if (exp > now + MAX_VAPID_LIFETIME_SECONDS) throw unauthorized('exp is more than 24 hours ahead');
  const subject = claims.sub;
  if (typeof subject !== 'string' || !/^(mailto:|https:)/.test(subject)) {
    throw unauthorized('sub must be a mailto: or https: URI');
  }
  return { publicKey: key, subject };
}

function parseJson(part: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? value : null;
  } catch {
    return null;
  }
}

const TAG_BYTES = 16;

/**
 * RFC 8291 on the receiving side: the sender's public key travels as the keyid of the RFC 8188
 * header; ECDH with the browser's private key, then HKDF keyed by the auth secret, give the
 * content-encryption key and nonce of each record.
 */
function decryptAes128gcm(body: Buffer, keys: BrowserKeys): Buffer {
  if (body.length < 21) throw new Error('shorter than the aes128gcm header');
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const keyIdLength = body[20] as number;
  const senderPublicKey = body.subarray(21, 21 + keyIdLength);
  if (keyIdLength !== 65) throw new Error('keyid is not the sender public key');
  if (recordSize <= TAG_BYTES + 1) throw new Error('record size too small');
  const { contentKey, nonce } = deriveContentKeys(keys, senderPublicKey, salt);
  const ciphertext = body.subarray(21 + keyIdLength);
  if (ciphertext.length === 0) throw new Error('no records');
  const records: Buffer[] = [];
  for (let offset = 0, sequence = 0; offset < ciphertext.length; offset += recordSize, sequence += 1) {
    const record = ciphertext.subarray(offset, offset + recordSize);
    if (record.length <= TAG_BYTES) throw new Error('record shorter than its tag');
    const decipher = createDecipheriv('aes-128-gcm', contentKey, recordNonce(nonce, sequence));
    decipher.setAuthTag(record.subarray(record.length - TAG_BYTES));
    const padded = Buffer.concat([
      decipher.update(record.subarray(0, record.length - TAG_BYTES)),
      decipher.final(),
    ]);
    const last = offset + recordSize >= ciphertext.length;
    records.push(unpad(padded, last));
  }
  return Buffer.concat(records);
}

function deriveContentKeys(keys: BrowserKeys, senderPublicKey: Buffer, salt: Buffer) {
  const sharedSecret = keys.ecdh.computeSecret(senderPublicKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), keys.publicKey, senderPublicKey]);
  const inputKey = Buffer.from(hkdfSync('sha256', sharedSecret, keys.authSecret, keyInfo, 32));
  return {
    contentKey: Buffer.from(
      hkdfSync('sha256', inputKey, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16),
    ),
    nonce: Buffer.from(hkdfSync('sha256', inputKey, salt, Buffer.from('Content-Encoding: nonce\0'), 12)),
  };
}

/** The record's sequence number XORed into the low bytes of the base nonce. */
function recordNonce(base: Buffer, sequence: number): Buffer {
  const nonce = Buffer.from(base);
  // Fewer than 2^32 records fit any body a push service takes, so the low 4 bytes suffice.
  nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ sequence) >>> 0, 8);
  return nonce;
}

/** A record ends in a delimiter (2 for the last record, 1 before) and zero padding. */
function unpad(padded: Buffer, last: boolean): Buffer {
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end -= 1;
  if (end < 0 || padded[end] !== (last ? 2 : 1)) throw new Error('bad padding delimiter');
  return padded.subarray(0, end);
}

/**
 * The sending side of RFC 8291, for tests that need a message no library would make (a wrong
 * auth secret, several records). Production code uses the `web-push` library.
 */
export function encryptAes128gcm(
  subscription: PushSubscriptionJson,
  plaintext: Buffer,
  options: { recordSize?: number; authSecret?: Buffer } = {},
): Buffer {
  const recordSize = options.recordSize ?? MAX_PUSH_BODY_BYTES;
  const sender = createECDH('prime256v1');
  const senderPublicKey = sender.generateKeys();
  const browserPublicKey = Buffer.from(subscription.keys.p256dh, 'base64url');
  const authSecret = options.authSecret ?? Buffer.from(subscription.keys.auth, 'base64url');
  const salt = randomBytes(16);
  const sharedSecret = sender.computeSecret(browserPublicKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), browserPublicKey, senderPublicKey]);
  const inputKey = Buffer.from(hkdfSync('sha256', sharedSecret, authSecret, keyInfo, 32));
  const contentKey = Buffer.from(
    hkdfSync('sha256', inputKey, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16),
  );
  const nonce = Buffer.from(hkdfSync('sha256', inputKey, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const chunkSize = recordSize - TAG_BYTES - 1;
  const records: Buffer[] = [];
  for (
    let offset = 0, sequence = 0;
    offset === 0 || offset < plaintext.length;
    offset += chunkSize, sequence += 1
  ) {
    const chunk = plaintext.subarray(offset, offset + chunkSize);
    const last = offset + chunkSize >= plaintext.length;
    const cipher = createCipheriv('aes-128-gcm', contentKey, recordNonce(nonce, sequence));
    const sealed = Buffer.concat([
      cipher.update(Buffer.concat([chunk, Buffer.from([last ? 2 : 1])])),
      cipher.final(),
    ]);
    records.push(sealed, cipher.getAuthTag());
  }
  const header = Buffer.alloc(21);
  salt.copy(header, 0);
  header.writeUInt32BE(recordSize, 16);
  header[20] = senderPublicKey.length;
  return Buffer.concat([header, senderPublicKey, ...records]);
}
