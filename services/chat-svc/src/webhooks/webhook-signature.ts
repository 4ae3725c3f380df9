import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// The Standard Webhooks scheme (standardwebhooks.com), so receivers can use its libraries or this
// file: the secret is "whsec_" + base64 of the key bytes; each request carries webhook-id,
// webhook-timestamp (Unix seconds) and webhook-signature ("v1,<base64 HMAC-SHA256>", several
// space-separated during a rotation) over "<id>.<timestamp>.<raw body>". This file needs nothing
// but node:crypto, so a receiver written in TypeScript can copy it as it is.

const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;
/** Five minutes either way, the tolerance the specification recommends. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** A new signing secret: 32 random bytes, in the specification's whsec_<base64> form. */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

function keyOf(secret: string): Buffer {
  return secret.startsWith(SECRET_PREFIX)
    ? Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64')
    : Buffer.from(secret, 'utf8');
}

function signatureOf(secret: string, id: string, timestamp: string, body: string): Buffer {
  return createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest();
}

/** The three headers of one attempt (the timestamp is the attempt's: a retry is signed anew). */
export function signWebhook(
  secret: string,
  id: string,
  body: string,
  timestampSeconds = Math.floor(Date.now() / 1000),
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  const timestamp = String(timestampSeconds);
  return {
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${signatureOf(secret, id, timestamp, body).toString('base64')}`,
  };
}

export type WebhookVerification =
  | { ok: true; id: string; timestamp: number }
  | {
      ok: false;
      reason: 'missing_header' | 'invalid_timestamp' | 'timestamp_out_of_tolerance' | 'no_matching_signature';
    };

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * For receivers: whether a request was signed with `secret` and sent recently. `body` must be the
 * raw bytes as received (parsing and re-serialising JSON changes them). A timestamp further than
 * `toleranceSeconds` from now is refused, so a captured request cannot be replayed later; to stop
 * a replay inside the window too, remember the webhook-id of what you processed (it is the same
 * on every retry of one delivery).
 */
export function verifyWebhook(
  secret: string,
  headers: HeaderSource,
  body: string | Buffer,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): WebhookVerification {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) return { ok: false, reason: 'missing_header' };
  if (!/^\d{1,15}$/.test(timestamp)) return { ok: false, reason: 'invalid_timestamp' };
  const seconds = Number(timestamp);
  if (Math.abs(Date.now() / 1000 - seconds) > toleranceSeconds) {
    return { ok: false, reason: 'timestamp_out_of_tolerance' };
  }
  const expected = signatureOf(
    secret,
    id,
    timestamp,
    typeof body === 'string' ? body : body.toString('utf8'),
  );
  const matches = signatures.split(' ').some((entry) => {
    const [version, encoded] = entry.split(',', 2);
    if (version !== 'v1' || !encoded) return false;
    const given = Buffer.from(encoded, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { ok: true, id, timestamp: seconds } : { ok: false, reason: 'no_matching_signature' };
}
