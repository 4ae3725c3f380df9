import type { AuditEvent } from '@perplexica/audit';
import { type Kysely, sql } from 'kysely';
import { chainKeyOf, GENESIS_HASH, linkHash } from './chain/chain-hash.ts';
import type { AuditDatabase } from './db/schema.ts';
import { eventRow } from './event-rows.ts';

export type AppendOutcome = { stored: true; seq: number } | { stored: false; reason: 'duplicate' };

/**
 * Appends one event to its org's chain, once (appendEvents with one event): the internal route
 * and tests; the worker appends in batches.
 */
export async function appendEvent(db: Kysely<AuditDatabase>, event: AuditEvent): Promise<AppendOutcome> {
  return (await appendEvents(db, [event]))[0] as AppendOutcome;
}

/**
 * The one write path to audit_events (there is no update or delete anywhere in the service, and a
 * trigger refuses both; retention drops whole partitions). Inside one transaction: the heads of the events' orgs are created if
 * missing and locked FOR UPDATE in org_key order, so concurrent appends for one org queue up
 * behind each other (other orgs are not held up, and two batches never wait on each other in a
 * circle); each event takes the next seq of its org's head; an event id already stored (a
 * redelivery, known to audit_event_ids) is left out and does not advance the chain, so it stays
 * gapless.
 */
export async function appendEvents(
  db: Kysely<AuditDatabase>,
  events: AuditEvent[],
): Promise<AppendOutcome[]> {
  const orgKeys = [...new Set(events.map((event) => chainKeyOf(event.orgId)))].sort();
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('audit_chain_heads')
      .values(orgKeys.map((orgKey) => ({ org_key: orgKey, seq: 0, hash: GENESIS_HASH })))
      .onConflict((conflict) => conflict.column('org_key').doNothing())
      .execute();
    const heads = await trx
      .selectFrom('audit_chain_heads')
      .select(['org_key', 'seq', 'hash'])
      .where('org_key', 'in', orgKeys)
      .orderBy('org_key')
      .forUpdate()
      .execute();
    const chains = new Map(heads.map((head) => [head.org_key, { seq: Number(head.seq), hash: head.hash }]));
    // With the heads locked no other append of these orgs runs, so what is stored now is final.
    // The id index answers which events are new: the ones whose id it did not hold yet.
    const ids = [...new Set(events.map((event) => event.eventId))];
    const fresh = new Set(
      (
        await trx
          .insertInto('audit_event_ids')
          .values(ids.map((id) => ({ event_id: id, stored_at: sql<string>`clock_timestamp()` })))
          .onConflict((conflict) => conflict.column('event_id').doNothing())
          .returning('event_id')
          .execute()
      ).map((row) => row.event_id),
    );
    const rows = [];
    const outcomes: AppendOutcome[] = [];
    for (const event of events) {
      if (!fresh.delete(event.eventId)) {
        outcomes.push({ stored: false, reason: 'duplicate' });
        continue;
      }
      const orgKey = chainKeyOf(event.orgId);
      const chain = chains.get(orgKey) as { seq: number; hash: string };
      const prevHash = chain.hash;
      chain.seq += 1;
      chain.hash = linkHash(prevHash, chain.seq, event);
      rows.push(eventRow(orgKey, chain.seq, event, prevHash, chain.hash));
      outcomes.push({ stored: true, seq: chain.seq });
    }
    if (rows.length === 0) return outcomes;
    await trx.insertInto('audit_events').values(rows).execute();
    const moved = [...chains].map(([orgKey, chain]) => sql`(${orgKey}, ${chain.seq}::bigint, ${chain.hash})`);
    await sql`update audit_chain_heads as head set seq = moved.seq, hash = moved.hash
      from (values ${sql.join(moved)}) as moved(org_key, seq, hash)
      where head.org_key = moved.org_key`.execute(trx);
    return outcomes;
  });
}
