import type { Kysely } from 'kysely';
import { GENESIS_HASH, linkHash } from './chain/chain-hash.ts';
import type { AuditDatabase } from './db/schema.ts';
import { eventOfRow } from './event-rows.ts';
import { chainAnchor, chainHead, chainSlice } from './query/event-repository.ts';

export type VerifyResult =
  | { ok: true; checked: number; retainedFrom?: number }
  | { ok: false; firstBrokenSeq: number; reason: string };

/**
 * Walks an org's chain from seq 1 (or, once retention dropped its oldest partitions, from the
 * link after the org's anchor: the last dropped event's seq and hash), `pageSize` rows at a time, recomputing every hash: an edited
 * event no longer matches its hash, a removed one leaves a gap in seq, one put in another place
 * no longer matches its neighbour's prev_hash. The head row tells whether the newest events were
 * cut off. (Whoever can rewrite the whole table, head included, can forge a consistent chain;
 * anchoring the head hash outside the database would close that, and is not done here.)
 */
export async function verifyChain(
  db: Kysely<AuditDatabase>,
  orgKey: string,
  pageSize: number,
): Promise<VerifyResult> {
  const anchor = await chainAnchor(db, orgKey);
  const firstSeq = anchor ? Number(anchor.seq) + 1 : 1;
  let expectedSeq = firstSeq;
  let prevHash = anchor ? anchor.hash : GENESIS_HASH;
  for (;;) {
    const rows = await chainSlice(db, orgKey, expectedSeq - 1, pageSize);
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq) {
        return { ok: false, firstBrokenSeq: expectedSeq, reason: `event ${expectedSeq} is missing` };
      }
      if (row.prev_hash !== prevHash) {
        return {
          ok: false,
          firstBrokenSeq: seq,
          reason: "prev_hash does not match the previous event's hash",
        };
      }
      if (linkHash(prevHash, seq, eventOfRow(row)) !== row.hash) {
        return { ok: false, firstBrokenSeq: seq, reason: 'the event does not match its hash' };
      }
      prevHash = row.hash;
      expectedSeq += 1;
    }
    if (rows.length < pageSize) break;
  }
  const lastSeq = expectedSeq - 1;
  const checked = lastSeq - firstSeq + 1;
  const head = await chainHead(db, orgKey);
  const headSeq = head ? Number(head.seq) : 0;
  if (headSeq > lastSeq) {
    return { ok: false, firstBrokenSeq: lastSeq + 1, reason: `event ${lastSeq + 1} is missing` };
  }
  if (headSeq < lastSeq) {
    return {
      ok: false,
      firstBrokenSeq: headSeq + 1,
      reason: 'events past the chain head were not appended here',
    };
  }
  if (head && headSeq === lastSeq && head.hash !== prevHash) {
    return {
      ok: false,
      firstBrokenSeq: lastSeq,
      reason: "the chain head does not match the last event's hash",
    };
  }
  return anchor ? { ok: true, checked, retainedFrom: firstSeq } : { ok: true, checked };
}
