import { createHash } from 'node:crypto';
import type { AuditEvent } from '@perplexica/audit';
import { canonicalJson } from './canonical-json.ts';

/** The prev_hash of an org's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The chain an event belongs to: its org, or '-' for events outside any org. */
export const NO_ORG_KEY = '-';
export const chainKeyOf = (orgId: string | null) => orgId ?? NO_ORG_KEY;

/**
 * A link's hash: sha256(prevHash + canonical JSON of the event with its seq). The seq is inside
 * the hashed text, so moving an event to another position breaks the chain as editing it does.
 */
export function linkHash(prevHash: string, seq: number, event: AuditEvent): string {
  return createHash('sha256')
    .update(prevHash)
    .update(canonicalJson({ ...event, seq }))
    .digest('hex');
}
