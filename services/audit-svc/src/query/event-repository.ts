import { type Kysely, sql } from 'kysely';
import type { AuditDatabase } from '../db/schema.ts';
import type { AuditEventRow } from '../event-rows.ts';
import type { PageCursor } from './cursor.ts';
import type { AuditFilters } from './wire-schemas.ts';

type Db = Kysely<AuditDatabase>;

/** `text` as a literal inside an ILIKE pattern. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/**
 * One page of an org's events matching the filters, newest first ((time, seq) descending), after
 * the cursor. The org is always a condition: there is no way to ask for another org's events.
 */
export async function findEvents(
  db: Db,
  orgKey: string,
  filters: AuditFilters,
  page: { after?: PageCursor; limit: number },
): Promise<AuditEventRow[]> {
  let query = db.selectFrom('audit_events').selectAll().where('org_key', '=', orgKey);
  if (filters.from) query = query.where('time', '>=', filters.from);
  if (filters.to) query = query.where('time', '<', filters.to);
  if (filters.actor) query = query.where('actor_id', '=', filters.actor);
  if (filters.action) {
    query = filters.action.endsWith('.*')
      ? query.where('action', 'like', `${filters.action.slice(0, -1)}%`)
      : query.where('action', '=', filters.action);
  }
  if (filters.target) {
    query = query.where('target_type', '=', filters.target.type);
    if (filters.target.id !== undefined) query = query.where('target_id', '=', filters.target.id);
  }
  if (filters.outcome) query = query.where('outcome', '=', filters.outcome);
  if (filters.q) {
    const pattern = `%${likeLiteral(filters.q)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('action', 'ilike', pattern),
        eb('target_type', 'ilike', pattern),
        eb('target_id', 'ilike', pattern),
        eb(sql`details::text`, 'ilike', pattern),
      ]),
    );
  }
  if (page.after) {
    const { time, seq } = page.after;
    query = query.where(sql<boolean>`(time, seq) < (${new Date(time)}::timestamptz, ${seq}::bigint)`);
  }
  return query.orderBy('time', 'desc').orderBy('seq', 'desc').limit(page.limit).execute();
}

/** An org's events in chain order from seq `afterSeq + 1`, `limit` at a time (verify walks these). */
export async function chainSlice(db: Db, orgKey: string, afterSeq: number, limit: number) {
  return db
    .selectFrom('audit_events')
    .selectAll()
    .where('org_key', '=', orgKey)
    .where('seq', '>', String(afterSeq))
    .orderBy('seq')
    .limit(limit)
    .execute();
}

export async function chainHead(db: Db, orgKey: string) {
  return db
    .selectFrom('audit_chain_heads')
    .select(['seq', 'hash'])
    .where('org_key', '=', orgKey)
    .executeTakeFirst();
}

/** Where the retained chain starts after retention dropped older partitions; none before that. */
export async function chainAnchor(db: Db, orgKey: string) {
  return db
    .selectFrom('audit_chain_anchors')
    .select(['seq', 'hash'])
    .where('org_key', '=', orgKey)
    .executeTakeFirst();
}
