import { type Kysely, sql } from 'kysely';
import type { AuditDatabase } from '../db/schema.ts';

/** Held while partitions are created or dropped, so two replicas never do it at once. */
const MAINTENANCE_LOCK = 781_305_112;

const monthStart = (year: number, monthIndex: number) => new Date(Date.UTC(year, monthIndex, 1));
const partitionName = (month: Date) =>
  `audit_events_y${month.getUTCFullYear()}m${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
const PARTITION_NAME = /^audit_events_y(\d{4})m(\d{2})$/;

/** audit_events' monthly partitions, oldest first (the default partition is not one of them). */
export async function monthlyPartitions(
  db: Kysely<AuditDatabase>,
): Promise<Array<{ name: string; month: Date }>> {
  const rows = await sql<{ name: string }>`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'audit_events'::regclass`.execute(db);
  return rows.rows
    .flatMap((row) => {
      const match = PARTITION_NAME.exec(row.name);
      return match ? [{ name: row.name, month: monthStart(Number(match[1]), Number(match[2]) - 1) }] : [];
    })
    .sort((a, b) => a.month.getTime() - b.month.getTime());
}

/**
 * Creates the partition of `month` (any instant in it) if it is missing, with the TRUNCATE guard
 * every partition carries (row triggers come from the parent; TRUNCATE triggers do not).
 */
export async function ensurePartition(db: Kysely<AuditDatabase>, month: Date): Promise<string> {
  const from = monthStart(month.getUTCFullYear(), month.getUTCMonth());
  const to = monthStart(from.getUTCFullYear(), from.getUTCMonth() + 1);
  const name = partitionName(from);
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${MAINTENANCE_LOCK})`.execute(trx);
    const exists = await sql<{ found: boolean }>`select to_regclass(${name}) is not null as found`.execute(
      trx,
    );
    if (exists.rows[0]?.found) return;
    await sql`create table ${sql.id(name)} partition of audit_events
      for values from (${sql.lit(from.toISOString())}) to (${sql.lit(to.toISOString())})`.execute(trx);
    await sql`create trigger audit_events_no_truncate before truncate on ${sql.id(name)}
      for each statement execute function audit_events_append_only()`.execute(trx);
  });
  return name;
}

/** This month's partition and the next `monthsAhead`, so events never fall into the default one. */
export async function ensureMonthlyPartitions(
  db: Kysely<AuditDatabase>,
  now: Date,
  monthsAhead = 2,
): Promise<void> {
  for (let ahead = 0; ahead <= monthsAhead; ahead += 1) {
    await ensurePartition(db, monthStart(now.getUTCFullYear(), now.getUTCMonth() + ahead));
  }
}

/**
 * Retention: drops the monthly partitions that ended before the first day of the month
 * `retentionMonths` before `now` (0 keeps everything). Before a partition goes, each org's last
 * link in it is kept as that org's chain anchor, so verify still proves the retained chain starts
 * exactly where the dropped one ended. Rows are never deleted one by one: a partition is detached
 * and dropped whole, and the id index of its events with it.
 */
export async function dropExpiredPartitions(
  db: Kysely<AuditDatabase>,
  now: Date,
  retentionMonths: number,
): Promise<string[]> {
  if (retentionMonths <= 0) return [];
  const cutoff = monthStart(now.getUTCFullYear(), now.getUTCMonth() - retentionMonths);
  const dropped: string[] = [];
  for (const partition of await monthlyPartitions(db)) {
    const end = monthStart(partition.month.getUTCFullYear(), partition.month.getUTCMonth() + 1);
    if (end > cutoff) break;
    await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${MAINTENANCE_LOCK})`.execute(trx);
      await sql`
        insert into audit_chain_anchors (org_key, seq, hash, dropped_before)
        select distinct on (org_key) org_key, seq, hash, ${end.toISOString()}::timestamptz
        from ${sql.id(partition.name)} order by org_key, seq desc
        on conflict (org_key) do update set seq = excluded.seq, hash = excluded.hash,
          dropped_before = excluded.dropped_before
        where audit_chain_anchors.seq < excluded.seq`.execute(trx);
      await sql`alter table audit_events detach partition ${sql.id(partition.name)}`.execute(trx);
      await sql`drop table ${sql.id(partition.name)}`.execute(trx);
      await sql`delete from audit_event_ids where stored_at < ${end.toISOString()}::timestamptz`.execute(trx);
    });
    dropped.push(partition.name);
  }
  return dropped;
}
