import type { AuditEvent } from '@perplexica/audit';
import type { Kysely } from 'kysely';
import { chainKeyOf, GENESIS_HASH, linkHash } from './chain/chain-hash.ts';
import type { AuditDatabase } from './db/schema.ts';
import { eventRow } from './event-rows.ts';

export type AppendOutcome = { stored: true; seq: number } | { stored: false; reason: 'duplicate' };

/**
 * Appends one event to its org's chain, once. Inside one transaction: the org's head row is
 * created if missing and locked FOR UPDATE, so concurrent appends for one org queue up behind
 * each other (other orgs are not held up) and each takes the next seq from the head it read;
 * an event id already stored (a redelivery) inserts nothing and leaves the head as it was, so
 * the chain stays gapless. This is the only write path to audit_events: there is no update or
 * delete anywhere in the service (and a trigger refuses both).
 */
export async function appendEvent(db: Kysely<AuditDatabase>, event: AuditEvent): Promise<AppendOutcome> {
  const orgKey = chainKeyOf(event.orgId);
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('audit_chain_heads')
      .values({ org_key: orgKey, seq: 0, hash: GENESIS_HASH })
      .onConflict((conflict) => conflict.column('org_key').doNothing())
      .execute();
    const head = await trx
      .selectFrom('audit_chain_heads')
      .select(['seq', 'hash'])
      .where('org_key', '=', orgKey)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const seq = Number(head.seq) + 1;
    const hash = linkHash(head.hash, seq, event);
    const inserted = await trx
      .insertInto('audit_events')
      .values(eventRow(orgKey, seq, event, head.hash, hash))
      .onConflict((conflict) => conflict.column('event_id').doNothing())
      .returning('seq')
      .executeTakeFirst();
    if (!inserted) return { stored: false, reason: 'duplicate' } as const;
    await trx.updateTable('audit_chain_heads').set({ seq, hash }).where('org_key', '=', orgKey).execute();
    return { stored: true, seq } as const;
  });
}
