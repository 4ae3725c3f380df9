import { randomUUID } from 'node:crypto';
import { quantize, vectorBytes } from '@perplexica/embeddings';
import { type Kysely, sql } from 'kysely';
import type { MemoryDatabase, MemoryRow, MemoryScope, MemorySource } from './db/schema.ts';
import type { MemoryStore } from './deps.ts';
import { normalizeMemory } from './memory-text.ts';

type Db = Kysely<MemoryDatabase>;

/** Whose memories: a user's personal ones, or an organization's facts. */
export interface Owner {
  scope: MemoryScope;
  ownerId: string;
}

export const personal = (userId: string): Owner => ({ scope: 'personal', ownerId: userId });
export const orgFacts = (orgId: string): Owner => ({ scope: 'org', ownerId: orgId });

const columns = [
  'id',
  'scope',
  'owner_id',
  'created_by',
  'source',
  'thread_id',
  'text',
  'normalized',
  'embedding',
  'embedding_scale',
  'embedding_model',
  'created_at',
  'updated_at',
] as const;

export interface StoredEmbedding {
  embedding: Buffer | null;
  embedding_scale: number | null;
  embedding_model: string | null;
}

const noEmbedding: StoredEmbedding = { embedding: null, embedding_scale: null, embedding_model: null };

/** A quantized vector ready for the row, from an embedder's unit vector. */
export function storedEmbedding(vector: Float32Array, model: string): StoredEmbedding {
  const quantized = quantize(vector);
  return { embedding: vectorBytes(quantized), embedding_scale: quantized.scale, embedding_model: model };
}

/**
 * Embeds a memory for storage. When the provider fails the memory is still kept, without a vector:
 * recall ranks it by its words and embeds it again the next time it is a candidate.
 */
async function embedForStorage(store: MemoryStore, text: string): Promise<StoredEmbedding> {
  try {
    const [vector] = await store.embedder.embed([text]);
    return vector ? storedEmbedding(vector, store.embedder.model) : noEmbedding;
  } catch (error) {
    store.logger.warn({ err: error }, 'could not embed a memory; keeping it without a vector');
    return noEmbedding;
  }
}

export interface NewMemory {
  text: string;
  createdBy: string;
  source: MemorySource;
  threadId: string | null;
}

export type SaveOutcome =
  | { outcome: 'created' | 'updated'; memory: MemoryRow }
  | { outcome: 'full'; limit: number };

/**
 * Keeps a memory. One already there with the same normalized text is updated instead (its wording
 * becomes the latest, and one the user wrote stays the user's). A new one is refused when the owner
 * is at `limit`. The count and the insert run under a per-owner advisory lock, so concurrent
 * writes cannot overshoot the limit.
 */
export async function saveMemory(
  store: MemoryStore,
  owner: Owner,
  input: NewMemory,
  limit: number,
): Promise<SaveOutcome> {
  const normalized = normalizeMemory(input.text);
  const vector = await embedForStorage(store, input.text);
  return store.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`memory:${owner.scope}:${owner.ownerId}`}))`.execute(
      trx,
    );
    const updated = await trx
      .updateTable('memories')
      .set({
        text: input.text,
        ...vector,
        source: sql<MemorySource>`case when ${input.source} = 'user' then 'user' else source end`,
        updated_at: sql`now()`,
      })
      .where('scope', '=', owner.scope)
      .where('owner_id', '=', owner.ownerId)
      .where('normalized', '=', normalized)
      .returning(columns)
      .executeTakeFirst();
    if (updated) return { outcome: 'updated', memory: updated };

    const { count } = await trx
      .selectFrom('memories')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('scope', '=', owner.scope)
      .where('owner_id', '=', owner.ownerId)
      .executeTakeFirstOrThrow();
    if (Number(count) >= limit) return { outcome: 'full', limit };

    const created = await trx
      .insertInto('memories')
      .values({
        id: randomUUID(),
        scope: owner.scope,
        owner_id: owner.ownerId,
        created_by: input.createdBy,
        source: input.source,
        thread_id: input.threadId,
        text: input.text,
        normalized,
        ...vector,
      })
      .returning(columns)
      .executeTakeFirstOrThrow();
    return { outcome: 'created', memory: created };
  });
}

/** One owner's memories, newest first; `q` keeps those containing it (case-insensitive). */
export function listMemories(db: Db, owner: Owner, q?: string): Promise<MemoryRow[]> {
  let query = db
    .selectFrom('memories')
    .select(columns)
    .where('scope', '=', owner.scope)
    .where('owner_id', '=', owner.ownerId);
  // position() rather than LIKE: the user's text needs no escaping of % and _.
  if (q) query = query.where(sql<boolean>`position(lower(${q}) in lower(text)) > 0`);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

export function findMemory(db: Db, owner: Owner, id: string): Promise<MemoryRow | undefined> {
  return db
    .selectFrom('memories')
    .select(columns)
    .where('id', '=', id)
    .where('scope', '=', owner.scope)
    .where('owner_id', '=', owner.ownerId)
    .executeTakeFirst();
}

export type UpdateOutcome =
  | { outcome: 'updated'; memory: MemoryRow }
  | { outcome: 'not_found' }
  | { outcome: 'duplicate'; existingId: string };

const isUniqueViolation = (error: unknown) => (error as { code?: unknown }).code === '23505';

/** New wording for a memory; refused when the owner already has another memory saying the same. */
export async function updateMemory(
  store: MemoryStore,
  owner: Owner,
  id: string,
  text: string,
): Promise<UpdateOutcome> {
  if (!(await findMemory(store.db, owner, id))) return { outcome: 'not_found' };
  const normalized = normalizeMemory(text);
  const vector = await embedForStorage(store, text);
  try {
    const memory = await store.db
      .updateTable('memories')
      .set({ text, normalized, ...vector, updated_at: sql`now()` })
      .where('id', '=', id)
      .where('scope', '=', owner.scope)
      .where('owner_id', '=', owner.ownerId)
      .returning(columns)
      .executeTakeFirst();
    return memory ? { outcome: 'updated', memory } : { outcome: 'not_found' };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const existing = await store.db
      .selectFrom('memories')
      .select('id')
      .where('scope', '=', owner.scope)
      .where('owner_id', '=', owner.ownerId)
      .where('normalized', '=', normalized)
      .executeTakeFirst();
    return { outcome: 'duplicate', existingId: existing?.id ?? id };
  }
}

export async function deleteMemory(db: Db, owner: Owner, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('memories')
    .where('id', '=', id)
    .where('scope', '=', owner.scope)
    .where('owner_id', '=', owner.ownerId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Forgets everything of an owner; how many memories went. */
export async function deleteAllMemories(db: Db, owner: Owner): Promise<number> {
  const result = await db
    .deleteFrom('memories')
    .where('scope', '=', owner.scope)
    .where('owner_id', '=', owner.ownerId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Everything recall may return for these owners. Each owner holds at most its cap of memories, so
 * this is bounded; `max` is a second guard should a cap be lowered after rows were written.
 */
export function recallCandidates(db: Db, owners: Owner[], max: number): Promise<MemoryRow[]> {
  if (owners.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('memories')
    .select(columns)
    .where((eb) =>
      eb.or(
        owners.map((owner) => eb.and([eb('scope', '=', owner.scope), eb('owner_id', '=', owner.ownerId)])),
      ),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(max)
    .execute();
}

/**
 * Stores vectors computed for memories that had none, or one of another model. Only where the
 * text is still the one embedded: a concurrent edit's fresh vector is never overwritten.
 */
export async function storeEmbeddings(
  db: Db,
  updates: Array<{ id: string; normalized: string; vector: StoredEmbedding }>,
): Promise<void> {
  await Promise.all(
    updates.map(({ id, normalized, vector }) =>
      db
        .updateTable('memories')
        .set(vector)
        .where('id', '=', id)
        .where('normalized', '=', normalized)
        .execute(),
    ),
  );
}
