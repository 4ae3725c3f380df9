import type { MemoryScope } from './db/schema.ts';
import type { MemoryStore } from './deps.ts';
import { type Owner, orgFacts, personal, recallCandidates } from './memory-repository.ts';
import { rankMemories } from './ranking.ts';
import { resolveSetting } from './settings-repository.ts';
import type { RecallInput } from './wire-schemas.ts';

export interface RecalledMemory {
  id: string;
  text: string;
  scope: MemoryScope;
  score: number;
}

/**
 * The memories worth giving the model for this question, best first, at most `limit`, none below
 * RECALL_MIN_SCORE. Personal memories only when memory is on for the user; the org's facts always
 * (admins keep them for everyone, like the org's custom instructions), so `enabled: false` can
 * still come with org facts.
 */
export async function recallMemories(
  store: MemoryStore,
  input: RecallInput,
): Promise<{ enabled: boolean; memories: RecalledMemory[] }> {
  const { config } = store;
  const setting = await resolveSetting(store.db, config, input.userId, input.orgId);
  const owners: Owner[] = [];
  if (setting.enabled) owners.push(personal(input.userId));
  if (input.orgId) owners.push(orgFacts(input.orgId));
  const candidates = await recallCandidates(
    store.db,
    owners,
    config.MEMORY_MAX_PER_USER + config.MEMORY_MAX_PER_ORG,
  );
  const ranked = await rankMemories(store, input.query, candidates);
  return {
    enabled: setting.enabled,
    memories: ranked
      .filter(({ score }) => score >= config.RECALL_MIN_SCORE)
      .slice(0, input.limit)
      .map(({ memory, score }) => ({ id: memory.id, text: memory.text, scope: memory.scope, score })),
  };
}
