import type { AuditEvent } from '@perplexica/audit';
import { type Selectable, sql } from 'kysely';
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

/** A jsonb value from JSON text (the ::text cast keeps postgres.js from encoding it twice). */
const jsonb = (value: unknown) => sql<string>`cast(${JSON.stringify(value)}::text as jsonb)`;

/** The row that stores an event at its place in its org's chain. */
export function eventRow(orgKey: string, seq: number, event: AuditEvent, prevHash: string, hash: string) {
  return {
    org_key: orgKey,
    seq,
    event_id: event.eventId,
    service: event.service,
    time: event.time,
    actor_type: event.actor.type,
    actor_id: event.actor.id,
    org_id: event.orgId,
    action: event.action,
    target_type: event.target?.type ?? null,
    target_id: event.target?.id ?? null,
    outcome: event.outcome,
    ip: event.ip,
    user_agent: event.userAgent,
    request_id: event.requestId,
    details: jsonb(event.details),
    prev_hash: prevHash,
    hash,
  };
}
