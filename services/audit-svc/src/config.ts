import { flag, jwtEnv, kitEnv, positiveInt, postgresEnv, redisEnv, serviceAuthEnv } from '@perplexica/config';
import { z } from 'zod';

/** Every variable audit-svc reads, parsed once at boot (see README for each). */
export const auditConfigSchema = z.object({
  ...kitEnv(3012),
  ...postgresEnv,
  ...redisEnv,
  ...serviceAuthEnv,
  ...jwtEnv,
  DB_SCHEMA: z.string().default('audit'),
  REDIS_KEY_PREFIX: z.string().default('perplexica:audit:'),
  /** Run the ingestion worker in this process (turn off for API-only replicas). */
  AUDIT_WORKER: flag(true),
  /**
   * Events taken from the queue at once; those of one org are appended together in one
   * transaction (its chain lock), so more at once means bigger batches, not more lock waits.
   */
  AUDIT_WORKER_CONCURRENCY: positiveInt(128),
  /** Rows read per database round trip while exporting or verifying. */
  AUDIT_EXPORT_PAGE_SIZE: positiveInt(500),
  /**
   * Months of events kept: older monthly partitions are dropped whole (their orgs' chains keep an
   * anchor, so verify still proves what remains). 0 keeps everything.
   */
  AUDIT_RETENTION_MONTHS: z.coerce.number().int().min(0).max(1_200).default(0),
  /** How often partitions are created ahead and dropped past retention. */
  AUDIT_MAINTENANCE_INTERVAL_MS: positiveInt(6 * 3_600_000),
});

export type AuditConfig = z.infer<typeof auditConfigSchema>;

/** The BullMQ prefix: emitters in other services must use the same one (DEFAULT_AUDIT_QUEUE_PREFIX). */
export const queuePrefix = (config: AuditConfig) => `${config.REDIS_KEY_PREFIX}bull`;
