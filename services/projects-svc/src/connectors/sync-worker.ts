import type { Logger } from '@perplexica/observability';
import { createWorker, type QueueConfig } from '@perplexica/redis/queue';
import { DelayedError, type Worker } from 'bullmq';
import type { UploadClient } from '../clients/upload-client.ts';
import { enabledSchedules, findConnector } from './connector-repository.ts';
import { purgeDocuments, type SyncDeps, syncConnector } from './sync-connector.ts';
import { connectorIdOf, SYNC_QUEUE, type SyncJob, type SyncQueue } from './sync-queue.ts';

/** How long a sync job waits when another sync of the same connector is running. */
const BUSY_RETRY_MS = 5_000;

export interface SyncWorker {
  /** Resolves once lost schedules were put back (tests wait for it). */
  reconciled: Promise<void>;
  close(): Promise<void>;
}

/**
 * Puts back the schedules Redis lost (flushed, restored from an old snapshot) and drops those of
 * connectors that were deleted or disabled meanwhile. Postgres is the truth; Redis holds timers.
 */
async function reconcileSchedules(deps: SyncDeps, syncs: SyncQueue): Promise<void> {
  for (const connector of await enabledSchedules(deps.db)) {
    const current = await syncs.scheduleOf(connector.id);
    if (current?.everyMs === connector.interval_minutes * 60_000) continue;
    await syncs.schedule({ id: connector.id, intervalMinutes: connector.interval_minutes, enabled: true });
  }
  for (const scheduler of await syncs.queue.getJobSchedulers()) {
    const connectorId = connectorIdOf(scheduler.key);
    if (!connectorId) continue;
    const connector = await findConnector(deps.db, connectorId);
    if (!connector?.enabled) await syncs.unschedule(connectorId);
  }
}

/**
 * The worker that runs connector syncs and purges, with the queue's retries and backoff. Two syncs
 * of one connector never overlap: the second waits (moved back to delayed) until the first is done.
 */
export function startSyncWorker(
  deps: SyncDeps & {
    upload: UploadClient;
    syncs: SyncQueue;
    queueConfig: QueueConfig;
    concurrency: number;
    logger: Logger;
  },
): SyncWorker {
  const worker: Worker<SyncJob> = createWorker<SyncJob>(
    SYNC_QUEUE,
    async (job, token) => {
      const data = job.data;
      if (data.kind === 'purge') return { removed: await purgeDocuments(deps.upload, data) };
      const outcome = await syncConnector(deps, data.connectorId, job.id ?? `${job.name}:${job.timestamp}`);
      if (outcome === 'busy') {
        await job.moveToDelayed(Date.now() + BUSY_RETRY_MS, token);
        throw new DelayedError();
      }
      // A schedule outliving its connector (deleted while Redis was unreachable) ends here.
      if (outcome === 'gone') await deps.syncs.unschedule(data.connectorId).catch(() => {});
      return { outcome };
    },
    { ...deps.queueConfig, concurrency: deps.concurrency },
  );
  worker.on('failed', (job, error) =>
    deps.logger.warn(
      { jobId: job?.id, data: job?.data, attempt: job?.attemptsMade, err: error },
      'sync job attempt failed',
    ),
  );
  worker.on('error', (error) => deps.logger.error({ err: error }, 'sync worker error'));
  const reconciled = reconcileSchedules(deps, deps.syncs).catch((error) => {
    deps.logger.warn({ err: error }, 'could not reconcile connector schedules');
  });
  return {
    reconciled,
    async close() {
      await reconciled;
      await worker.close();
    },
  };
}
