import type { AuditEvent } from '@perplexica/audit';
import type { Kysely } from 'kysely';
import { type AppendOutcome, appendEvents } from '../append-event.ts';
import type { AuditDatabase } from '../db/schema.ts';

export interface BatchAppenderOptions {
  /** Most events appended in one transaction. */
  maxBatch?: number;
  /** How long the first event of a batch waits for others to join it. */
  maxWaitMs?: number;
}

interface Pending {
  event: AuditEvent;
  resolve: (outcome: AppendOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Appends events to their orgs' chains in batches: the worker's concurrent jobs each hand their
 * event over and wait, and what arrives within `maxWaitMs` is appended in one transaction (the
 * heads of its orgs locked in one statement, one multi-row insert, one head update) instead of a
 * transaction of five statements per event. A job completes only once its batch has committed,
 * so a crash loses nothing (BullMQ delivers the job again), and a redelivered event is still
 * stored once: with the heads locked, the batch leaves out event ids already stored.
 */
export function createBatchAppender(db: Kysely<AuditDatabase>, options: BatchAppenderOptions = {}) {
  const maxBatch = options.maxBatch ?? 500;
  const maxWaitMs = options.maxWaitMs ?? 5;
  let waiting: Pending[] = [];
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const batch = waiting;
    waiting = [];
    if (batch.length === 0) return;
    appendEvents(
      db,
      batch.map((item) => item.event),
    ).then(
      (outcomes) => {
        for (const [index, item] of batch.entries()) item.resolve(outcomes[index] as AppendOutcome);
      },
      (error) => {
        for (const item of batch) item.reject(error);
      },
    );
  };

  return {
    append(event: AuditEvent): Promise<AppendOutcome> {
      return new Promise((resolve, reject) => {
        waiting.push({ event, resolve, reject });
        if (waiting.length >= maxBatch) flush();
        else timer ??= setTimeout(flush, maxWaitMs);
      });
    },
  };
}
