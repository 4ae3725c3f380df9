import { causedByPrivateAddress, guardedLookup } from '@perplexica/net';
import type { Agent } from 'undici';
import webpush from 'web-push';
import type { NotificationsConfig } from '../config.ts';
import { endpointProblem } from './endpoint-guard.ts';

/**
 * How one message to one subscription went:
 * - sent: the push service took it (201);
 * - gone: 404 or 410, the subscription no longer exists and must be dropped (RFC 8030 section 7.3);
 * - rejected: a refusal that trying again cannot fix (400 bad message, 401/403 VAPID, 413 too large,
 *   an endpoint we may not reach);
 * - retry: 429, 5xx, a timeout or a network error; the job tries again later.
 */
export type PushOutcome =
  | { kind: 'sent' }
  | { kind: 'gone'; status: number }
  | { kind: 'rejected'; reason: string }
  | { kind: 'retry'; reason: string };

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface PushMessage {
  payload: string;
  topic: string;
  urgency: 'very-low' | 'low' | 'normal' | 'high';
}

export interface PushSender {
  /** The VAPID application server key the browser subscribes with. */
  readonly publicKey: string;
  send(target: PushTarget, message: PushMessage): Promise<PushOutcome>;
  close(): Promise<void>;
}

/**
 * Web Push through the `web-push` library, which does the hard parts (VAPID's ES256 JWT, RFC 8291
 * encryption). Its own sender speaks https only and takes no custom DNS lookup, so the request it
 * describes (generateRequestDetails) is sent here with undici, through the SSRF guard. Null when
 * no VAPID keys are configured: push is then not_configured.
 */
export function createPushSender(config: NotificationsConfig): PushSender | null {
  const publicKey = config.VAPID_PUBLIC_KEY;
  const privateKey = config.VAPID_PRIVATE_KEY;
  if (!publicKey || !privateKey) return null;
  const allowInsecure = config.PUSH_ALLOW_INSECURE_ENDPOINTS;
  let agent: Promise<Agent> | undefined;
  // Loaded on the first push, as the kit does for its clients (undici is large, most replicas idle).
  const dispatcher = () => {
    agent ??= import('undici').then(
      ({ Agent }) =>
        new Agent({
          connections: 16,
          keepAliveTimeout: 10_000,
          ...(allowInsecure ? {} : { connect: { lookup: guardedLookup } }),
        }),
    );
    return agent;
  };

  return {
    publicKey,
    async send(target, message) {
      // Checked again at send time: the rules may have tightened since the browser subscribed.
      const problem = endpointProblem(target.endpoint, allowInsecure);
      if (problem) return { kind: 'rejected', reason: `endpoint ${problem}` };
      let details: ReturnType<typeof webpush.generateRequestDetails>;
      try {
        details = webpush.generateRequestDetails(
          { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
          message.payload,
          {
            vapidDetails: { subject: config.VAPID_SUBJECT, publicKey, privateKey },
            TTL: config.PUSH_TTL_SECONDS,
            contentEncoding: 'aes128gcm',
            urgency: message.urgency,
            topic: message.topic,
          },
        );
      } catch (error) {
        return {
          kind: 'rejected',
          reason: `cannot encrypt for this subscription: ${(error as Error).message}`,
        };
      }
      const headers = Object.fromEntries(
        Object.entries(details.headers).map(([name, value]) => [name.toLowerCase(), String(value)]),
      );
      try {
        const { request } = await import('undici');
        const response = await request(details.endpoint, {
          method: 'POST',
          headers,
          body: details.body ?? undefined,
          dispatcher: await dispatcher(),
          signal: AbortSignal.timeout(config.PUSH_TIMEOUT_MS),
        });
        const text = (await response.body.text()).slice(0, 300);
        return outcomeOf(response.statusCode, text);
      } catch (error) {
        if (causedByPrivateAddress(error)) return { kind: 'rejected', reason: (error as Error).message };
        return { kind: 'retry', reason: `push service unreachable: ${(error as Error).message}` };
      }
    },
    async close() {
      if (agent) await (await agent).close();
    },
  };
}

function outcomeOf(status: number, text: string): PushOutcome {
  if (status >= 200 && status < 300) return { kind: 'sent' };
  if (status === 404 || status === 410) return { kind: 'gone', status };
  const reason = `push service answered ${status}${text ? `: ${text}` : ''}`;
  if (status === 408 || status === 429 || status >= 500) return { kind: 'retry', reason };
  return { kind: 'rejected', reason };
}
