import type { Logger } from '@perplexica/observability';
import type { Kysely } from 'kysely';
import type { AuditDatabase } from '../db/schema.ts';
import { dropExpiredPartitions, ensureMonthlyPartitions } from './partitions.ts';

/**
 * Keeps audit_events' partitions ahead of the clock and behind the retention policy: once at
 * start, then every `intervalMs`. Each replica may run it; an advisory lock makes them take turns.
 */
export function startPartitionMaintenance(options: {
  db: Kysely<AuditDatabase>;
  logger: Logger;
  retentionMonths: number;
  intervalMs: number;
  now?: () => Date;
}): { stop(): void; runOnce(): Promise<void> } {
  const now = options.now ?? (() => new Date());
  const runOnce = async () => {
    try {
      await ensureMonthlyPartitions(options.db, now());
      const dropped = await dropExpiredPartitions(options.db, now(), options.retentionMonths);
      if (dropped.length > 0) {
        options.logger.info(
          { dropped, retentionMonths: options.retentionMonths },
          'audit partitions past retention dropped',
        );
      }
    } catch (error) {
      options.logger.error({ err: error }, 'audit partition maintenance failed');
    }
  };
  void runOnce();
  const timer = setInterval(runOnce, options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer), runOnce };
}
