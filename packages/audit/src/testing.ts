import type { Logger } from '@perplexica/observability';
import { type AuditEmitter, createAuditEmitter } from './emitter.ts';
import type { AuditEvent } from './event.ts';

export interface AuditCapture {
  /** A real emitter: hand it to the service under test. */
  emitter: AuditEmitter;
  /** Every event queued so far, oldest first (read back from the BullMQ queue). */
  events(): Promise<AuditEvent[]>;
  /** The first queued event matching `predicate`, waiting for it (bounded). */
  waitFor(predicate: (event: AuditEvent) => boolean, timeoutMs?: number): Promise<AuditEvent>;
  close(): Promise<void>;
}

/**
 * For a service's tests: a real emitter on a test Redis prefix with no worker draining it, so
 * what the service queued can be read back from the queue itself.
 */
export function captureAuditEvents(options: {
  url: string;
  prefix: string;
  service: string;
  logger: Logger;
}): AuditCapture {
  const emitter = createAuditEmitter(options);
  const events = async () => {
    const jobs = await emitter.queue.getJobs(['waiting', 'prioritized', 'delayed', 'active', 'completed']);
    return jobs
      .filter((job) => job !== undefined)
      .sort((a, b) => a.timestamp - b.timestamp)
      .map((job) => job.data);
  };
  return {
    emitter,
    events,
    async waitFor(predicate, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await events()).find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching audit event queued within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    close: () => emitter.close(),
  };
}
