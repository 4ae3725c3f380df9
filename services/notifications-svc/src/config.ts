import { createECDH } from 'node:crypto';
import {
  flag,
  jwtEnv,
  kitEnv,
  positiveInt,
  postgresEnv,
  redisEnv,
  serviceAuthEnv,
  urlWith,
} from '@perplexica/config';
import { z } from 'zod';

/** A base64url key of an exact decoded length (VAPID keys as `web-push generate-vapid-keys` prints them). */
const base64urlKey = (bytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'must be base64url (web-push generate-vapid-keys prints it so)')
    .refine((value) => Buffer.from(value, 'base64url').length === bytes, `must decode to ${bytes} bytes`);

/** Every variable notifications-svc reads, parsed once at boot (see README for each). */
export const notificationsConfigSchema = z
  .object({
    ...kitEnv(3013),
    ...postgresEnv,
    ...redisEnv,
    ...serviceAuthEnv,
    ...jwtEnv,
    DB_SCHEMA: z.string().default('notifications'),
    REDIS_KEY_PREFIX: z.string().default('perplexica:notifications:'),
    /** Where the web app is: links in emails (a notification's path is joined to it). */
    PUBLIC_APP_URL: urlWith('http', 'https').default('http://127.0.0.1:8080'),

    /** Web Push: both keys, or neither (push is then not_configured). */
    VAPID_PUBLIC_KEY: base64urlKey(65).optional(),
    VAPID_PRIVATE_KEY: base64urlKey(32).optional(),
    /** Who push services contact about this sender (RFC 8292): a mailto: or https: URI. */
    VAPID_SUBJECT: z
      .string()
      .regex(/^(mailto:\S+@\S+|https:\/\/\S+)$/, 'must be a mailto: address or an https: URL')
      .default('mailto:notifications@perplexica.invalid'),
    /**
     * Accept push endpoints over http and on private, loopback or link-local addresses. Only for
     * tests and a laptop stack: a real browser's endpoint is always https on the internet, and
     * anything else would let a user make this service send requests into the cluster (SSRF).
     */
    PUSH_ALLOW_INSECURE_ENDPOINTS: flag(false),
    /** How long a push service keeps a message for an offline browser. */
    PUSH_TTL_SECONDS: positiveInt(86_400),
    PUSH_TIMEOUT_MS: positiveInt(10_000),
    /** Browsers one user may subscribe; a new one beyond it replaces their oldest. */
    PUSH_MAX_SUBSCRIPTIONS_PER_USER: positiveInt(20),

    /** smtp:// or smtps:// with credentials (nodemailer's URL form); unset: email is not_configured. */
    SMTP_URL: urlWith('smtp', 'smtps').optional(),
    SMTP_FROM: z.string().min(3).default('Perplexica <notifications@perplexica.invalid>'),
    SMTP_TIMEOUT_MS: positiveInt(15_000),

    /** Run the delivery worker in this process (turn off for API-only replicas). */
    NOTIFICATIONS_WORKER: flag(true),
    NOTIFICATIONS_CONCURRENCY: positiveInt(8),
    /** Tries of one delivery job, with exponential backoff from NOTIFICATIONS_BACKOFF_MS. */
    NOTIFICATIONS_ATTEMPTS: positiveInt(8),
    NOTIFICATIONS_BACKOFF_MS: positiveInt(2_000),
  })
  .superRefine((config, ctx) => {
    const { VAPID_PUBLIC_KEY: publicKey, VAPID_PRIVATE_KEY: privateKey } = config;
    if ((publicKey === undefined) !== (privateKey === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [publicKey === undefined ? 'VAPID_PUBLIC_KEY' : 'VAPID_PRIVATE_KEY'],
        message: 'set both VAPID keys, or neither',
      });
      return;
    }
    if (publicKey && privateKey && !vapidKeysMatch(publicKey, privateKey)) {
      ctx.addIssue({
        code: 'custom',
        path: ['VAPID_PUBLIC_KEY'],
        message: 'is not the public key of VAPID_PRIVATE_KEY',
      });
    }
  });

export type NotificationsConfig = z.infer<typeof notificationsConfigSchema>;

/** A mismatched pair would sign every message with a key browsers never saw: refused at boot. */
function vapidKeysMatch(publicKey: string, privateKey: string): boolean {
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from(privateKey, 'base64url'));
    return ecdh.getPublicKey().equals(Buffer.from(publicKey, 'base64url'));
  } catch {
    return false;
  }
}
