import type { AuditEvent } from '@perplexica/audit';
import type { Selectable } from 'kysely';
import type { AuditEventsTable } from './db/schema.ts';

export type AuditEventRow = Selectable<AuditEventsTable>;

/** The event a stored row holds, exactly as it was chained (time back to its ISO form). */
export function eventOfRow(row: AuditEventRow): AuditEvent {
  return {
    eventId: row.event_id,
    service: row.service,
    time: row.time.toISOString(),
    actor: { id: row.actor_id, type: row.actor_type as AuditEvent['actor']['type'] },
    orgId: row.org_id,
    action: row.action,
    target: row.target_type === null ? null : { type: row.target_type, id: row.target_id ?? '' },
    outcome: row.outcome as AuditEvent['outcome'],
    ip: row.ip,
    userAgent: row.user_agent,
    requestId: row.request_id,
    details: row.details,
  };
}

/** What the admin API shows of a stored event: the event, its place in the chain and its hash. */
export function eventView(row: AuditEventRow) {
  return { ...eventOfRow(row), seq: Number(row.seq), hash: row.hash };
}
export type AuditEventView = ReturnType<typeof eventView>;
