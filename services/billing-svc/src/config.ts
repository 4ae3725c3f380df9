import { isIP } from 'node:net';
import {
  flag,
  jwtEnv,
  kitEnv,
  list,
  positiveInt,
  postgresEnv,
  redisEnv,
  serviceAuthEnv,
  urlWith,
} from '@perplexica/config';
import { z } from 'zod';

/**
 * Where YooKassa sends notifications from, as it publishes them
 * (https://yookassa.ru/developers/using-api/webhooks#ip). Checked only with YOOKASSA_WEBHOOK_IP_CHECK.
 */
export const YOOKASSA_WEBHOOK_SOURCES = [
  '185.71.76.0/27',
  '185.71.77.0/27',
  '77.75.153.0/25',
  '77.75.156.11',
  '77.75.156.35',
  '77.75.154.128/25',
  '2a02:5180::/32',
];

function isAddressOrRange(source: string): boolean {
  const [address = '', prefix, ...rest] = source.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/** An optional secret (loadConfig already treats "" as unset). */
const optionalSecret = z.string().min(1).optional();

/** Every variable billing-svc reads, parsed once at boot (see README for each). */
export const billingConfigSchema = z
  .object({
    ...kitEnv(3008),
    ...postgresEnv,
    ...redisEnv,
    ...serviceAuthEnv,
    ...jwtEnv,
    DB_SCHEMA: z.string().default('billing'),
    REDIS_KEY_PREFIX: z.string().default('perplexica:billing:'),

    /** Both or neither: without them payment routes answer 503 not_configured. */
    YOOKASSA_SHOP_ID: optionalSecret,
    YOOKASSA_SECRET_KEY: optionalSecret,
    /** The API root the SDK calls; a local double in tests. */
    YOOKASSA_API_URL: urlWith('http', 'https').default('https://api.yookassa.ru/v3'),
    /** How long one YooKassa call may take before the request gives up (the SDK sets no timeout). */
    YOOKASSA_TIMEOUT_MS: positiveInt(15_000),
    /** Send a 54-FZ receipt with every payment (needs the buyer's email). */
    YOOKASSA_RECEIPTS: flag(false),
    /** The receipt's VAT code (1: no VAT, 2: 0 %, 3: 10 %, 4: 20 %, … as YooKassa numbers them). */
    YOOKASSA_VAT_CODE: z.coerce.number().int().min(1).max(12).default(1),
    /** The shop's tax system code (1..6), sent with receipts when set. */
    YOOKASSA_TAX_SYSTEM_CODE: z.coerce.number().int().min(1).max(6).optional(),
    /** Refuse notifications from outside YooKassa's published addresses. */
    YOOKASSA_WEBHOOK_IP_CHECK: flag(false),
    /** The addresses (IPs or CIDR ranges) notifications may come from. */
    YOOKASSA_WEBHOOK_SOURCES: list()
      .transform((sources) => (sources.length > 0 ? sources : YOOKASSA_WEBHOOK_SOURCES))
      .refine((sources) => sources.every(isAddressOrRange), {
        message: 'must be IP addresses or CIDR ranges, comma-separated',
      }),
    /** Where YooKassa sends the user after paying (the web app's billing page). */
    BILLING_RETURN_URL: urlWith('http', 'https').default('http://localhost:8080/billing'),

    /** Run the renewal worker in this process (turn off for API-only replicas). */
    BILLING_WORKER: flag(true),
    /** How often due subscriptions are looked for and their renewals queued. */
    RENEWAL_SWEEP_MS: positiveInt(300_000),
    /** Tries of one renewal (or payment check), with exponential backoff from BILLING_JOB_BACKOFF_MS. */
    BILLING_JOB_ATTEMPTS: positiveInt(8),
    BILLING_JOB_BACKOFF_MS: positiveInt(60_000),
    /** When a created payment is checked with YooKassa in case its notification never arrives. */
    PAYMENT_CHECK_DELAY_MS: positiveInt(600_000),
  })
  .superRefine((config, issues) => {
    if (Boolean(config.YOOKASSA_SHOP_ID) !== Boolean(config.YOOKASSA_SECRET_KEY)) {
      issues.addIssue({
        code: 'custom',
        path: [config.YOOKASSA_SHOP_ID ? 'YOOKASSA_SECRET_KEY' : 'YOOKASSA_SHOP_ID'],
        message: 'set both YOOKASSA_SHOP_ID and YOOKASSA_SECRET_KEY, or neither',
      });
    }
  });

export type BillingConfig = z.infer<typeof billingConfigSchema>;
