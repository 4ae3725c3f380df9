import type { Kysely } from 'kysely';
import type { ChatDatabase, SourceReputationRow } from '../db/schema.ts';
import type { CredibilityTier, ReputationList } from '../pipeline/credibility.ts';
import { defaultReputation, type ReputationEntry } from './default-reputation.ts';

/** An admin's word on a domain, as stored. */
export interface ReputationOverride extends ReputationEntry {
  domain: string;
  updatedBy: string;
  updatedAt: Date;
}

export interface ReputationBook {
  /**
   * The list in force. Overrides are read from Postgres at most once per TTL (one query shared by
   * every answer meanwhile); if Postgres fails, the last list read (or the defaults) serves.
   */
  current(): Promise<ReputationList>;
  overrides(): Promise<ReputationOverride[]>;
  override(domain: string): Promise<ReputationOverride | undefined>;
  /** Sets a domain's override; `full` when the table holds its maximum and the domain is new. */
  put(
    domain: string,
    entry: { tier: CredibilityTier; score: number; note: string },
    adminId: string,
  ): Promise<{ outcome: 'saved'; override: ReputationOverride } | { outcome: 'full' }>;
  remove(domain: string): Promise<boolean>;
}

const viewOf = (row: SourceReputationRow): ReputationOverride => ({
  domain: row.domain,
  tier: row.tier,
  score: row.score,
  note: row.note,
  updatedBy: row.updated_by,
  updatedAt: row.updated_at,
});

export function createReputationBook(
  db: Kysely<ChatDatabase>,
  options: { ttlMs: number; maxOverrides: number; now?: () => number },
): ReputationBook {
  const now = options.now ?? Date.now;
  let cached: { list: ReputationList; loadedAt: number } | null = null;
  let loading: Promise<ReputationList> | null = null;

  const overrides = async () =>
    (
      await db
        .selectFrom('source_reputation')
        .selectAll()
        .orderBy('domain')
        .limit(options.maxOverrides)
        .execute()
    ).map(viewOf);

  const load = async (): Promise<ReputationList> => {
    try {
      const rows = await overrides();
      const list = { overrides: new Map(rows.map((row) => [row.domain, row])), defaults: defaultReputation };
      cached = { list, loadedAt: now() };
      return list;
    } catch {
      // Ranking must not fail because the overrides could not be read: keep what we had, and try
      // again after another TTL rather than on every answer.
      const list = cached?.list ?? { overrides: new Map(), defaults: defaultReputation };
      cached = { list, loadedAt: now() };
      return list;
    } finally {
      loading = null;
    }
  };

  return {
    current() {
      if (cached && now() - cached.loadedAt < options.ttlMs) return Promise.resolve(cached.list);
      loading ??= load();
      return loading;
    },
    overrides,
    async override(domain) {
      const row = await db
        .selectFrom('source_reputation')
        .selectAll()
        .where('domain', '=', domain)
        .executeTakeFirst();
      return row ? viewOf(row) : undefined;
    },
    async put(domain, entry, adminId) {
      const existing = await this.override(domain);
      if (!existing) {
        const { count } = await db
          .selectFrom('source_reputation')
          .select((eb) => eb.fn.countAll<string>().as('count'))
          .executeTakeFirstOrThrow();
        if (Number(count) >= options.maxOverrides) return { outcome: 'full' };
      }
      const values = { ...entry, updated_by: adminId, updated_at: new Date() };
      const row = await db
        .insertInto('source_reputation')
        .values({ domain, ...values })
        .onConflict((conflict) => conflict.column('domain').doUpdateSet(values))
        .returningAll()
        .executeTakeFirstOrThrow();
      // This replica sees the change at once; the others within their TTL.
      cached = null;
      return { outcome: 'saved', override: viewOf(row) };
    },
    async remove(domain) {
      const result = await db.deleteFrom('source_reputation').where('domain', '=', domain).executeTakeFirst();
      cached = null;
      return result.numDeletedRows > 0n;
    },
  };
}
