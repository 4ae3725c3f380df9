import type { Queue } from 'bullmq';
import { Gauge, type Registry } from 'prom-client';

const states = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/**
 * `queue_jobs{queue,state}`: how many jobs each queue holds, read from Redis when Prometheus
 * scrapes (not on every job), for the dashboard's queue depth and alerts on a growing backlog.
 */
export function registerQueueMetrics(registry: Registry, queues: Queue[]): void {
  new Gauge({
    name: 'queue_jobs',
    help: 'Jobs in each BullMQ queue by state, at scrape time',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const queue of queues) {
        const counts = await queue.getJobCounts(...states).catch(() => null);
        if (!counts) continue;
        for (const state of states) this.set({ queue: queue.name, state }, counts[state] ?? 0);
      }
    },
  });
}
