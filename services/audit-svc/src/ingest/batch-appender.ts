import type { AuditEvent } from '@perplexica/audit';
import { type Kysely, sql } from 'kysely';
import type { AppendOutcome } from '../append-event.ts';
import { chainKeyOf, GENESIS_HASH, linkHash } from '../chain/chain-hash.ts';
import type { AuditDatabase } from '../db/schema.ts';
import { eventRow } from '../event-rows.ts';

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
    appendBatch(
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

/** Events in one transaction, each org's in the order given; duplicates (by event id) skipped. */
export async function appendBatch(db: Kysely<AuditDatabase>, events: AuditEvent[]): Promise<AppendOutcome[]> {
  const orgKeys = [...new Set(events.map((event) => chainKeyOf(event.orgId)))].sort();
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('audit_chain_heads')
      .values(orgKeys.map((orgKey) => ({ org_key: orgKey, seq: 0, hash: GENESIS_HASH })))
      .onConflict((conflict) => conflict.column('org_key').doNothing())
      .execute();
    // Locked in org_key order, as every batch locks them: two batches never wait on each other
    // in a circle.
    const heads = await trx
      .selectFrom('audit_chain_heads')
      .select(['org_key', 'seq', 'hash'])
      .where('org_key', 'in', orgKeys)
      .orderBy('org_key')
      .forUpdate()
      .execute();
    const chains = new Map(heads.map((head) => [head.org_key, { seq: Number(head.seq), hash: head.hash }]));
    // With the heads locked no other append of these orgs runs, so what is stored now is final.
    const ids = events.map((event) => event.eventId);
    const stored = new Set(
      (
        await trx
          .selectFrom('audit_events')
          .select('event_id')
          .where('event_id', '=', sql<string>`any(${ids}::uuid[])`)
          .execute()
      ).map((row) => row.event_id),
    );
    const rows = [];
    const outcomes: AppendOutcome[] = [];
    for (const event of events) {
      if (stored.has(event.eventId)) {
        outcomes.push({ stored: false, reason: 'duplicate' });
        continue;
      }
      stored.add(event.eventId);
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
