import { UnrecoverableError } from 'bullmq';
import type { MemoryStore } from '../deps.ts';
import { deleteMemory, personal, recallCandidates, saveMemory } from '../memory-repository.ts';
import { rankMemories } from '../ranking.ts';
import { resolveSetting } from '../settings-repository.ts';
import { explicitRequests } from './explicit-requests.ts';
import { type FactModel, FactModelError } from './fact-model.ts';
import type { ExtractJob } from './queue.ts';

/** Existing memories shown to the model so it does not restate them. */
const KNOWN_FOR_MODEL = 20;

/** What one job did; kept by BullMQ as the job's return value. */
export interface ExtractionOutcome {
  skipped?: 'disabled' | 'full';
  /** Ids of memories created or updated. */
  saved: string[];
  /** Ids of memories deleted by "forget that …". */
  forgotten: string[];
  /** Why the model's output was ignored, when it was. */
  rejected?: string;
}

/**
 * Turns a question into memories, after the answer. "forget that …" deletes the user's closest
 * memory (when it is close enough) and keeps nothing from that question. Otherwise the model, if
 * one is configured, lists durable facts about the user; without one, only explicit "remember
 * that …" requests are kept. The setting is checked again here: the user may have turned memory
 * off since the job was queued. Saving dedupes, so a retried job changes nothing twice.
 */
export async function extractMemories(
  store: MemoryStore,
  factModel: FactModel | null,
  job: ExtractJob,
): Promise<ExtractionOutcome> {
  const { config, db } = store;
  const { enabled } = await resolveSetting(db, config, job.userId, job.orgId);
  if (!enabled) return { skipped: 'disabled', saved: [], forgotten: [] };
  const owner = personal(job.userId);
  const requests = explicitRequests(job.question);

  if (requests.forget.length > 0) {
    const forgotten: string[] = [];
    for (const target of requests.forget) {
      const candidates = await recallCandidates(db, [owner], config.MEMORY_MAX_PER_USER);
      const [closest] = await rankMemories(store, target, candidates);
      if (closest && closest.score >= config.FORGET_MIN_SCORE) {
        if (await deleteMemory(db, owner, closest.memory.id)) forgotten.push(closest.memory.id);
      }
    }
    return { saved: [], forgotten };
  }

  let facts = requests.remember;
  let rejected: string | undefined;
  if (factModel) {
    const candidates = await recallCandidates(db, [owner], config.MEMORY_MAX_PER_USER);
    const known = (await rankMemories(store, job.question, candidates))
      .filter(({ score }) => score >= config.RECALL_MIN_SCORE)
      .slice(0, KNOWN_FOR_MODEL)
      .map(({ memory }) => memory.text);
    try {
      ({ facts, rejected } = await factModel.extract(job.question, known));
    } catch (error) {
      // A request the provider will never accept (bad model name, unsupported schema) is not retried.
      if (error instanceof FactModelError && !error.retryable) throw new UnrecoverableError(error.message);
      throw error;
    }
  }

  const saved: string[] = [];
  for (const text of facts) {
    const result = await saveMemory(
      store,
      owner,
      { text, createdBy: job.userId, source: 'extracted', threadId: job.threadId },
      config.MEMORY_MAX_PER_USER,
    );
    if (result.outcome === 'full')
      return { skipped: 'full', saved, forgotten: [], ...(rejected ? { rejected } : {}) };
    saved.push(result.memory.id);
  }
  return { saved, forgotten: [], ...(rejected ? { rejected } : {}) };
}
