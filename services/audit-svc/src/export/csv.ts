import type { AuditEventView } from '../event-rows.ts';

/** RFC 4180: a field with a comma, quote, CR or LF is quoted, its quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export const CSV_COLUMNS = [
  'eventId',
  'seq',
  'time',
  'service',
  'actorType',
  'actorId',
  'orgId',
  'action',
  'targetType',
  'targetId',
  'outcome',
  'ip',
  'userAgent',
  'requestId',
  'details',
  'hash',
] as const;

/** One record per line, CRLF-terminated as RFC 4180 says; null is an empty field, details JSON. */
export function csvRecord(event: AuditEventView): string {
  const cells: Record<(typeof CSV_COLUMNS)[number], string | number | null> = {
    eventId: event.eventId,
    seq: event.seq,
    time: event.time,
    service: event.service,
    actorType: event.actor.type,
    actorId: event.actor.id,
    orgId: event.orgId,
    action: event.action,
    targetType: event.target?.type ?? null,
    targetId: event.target?.id ?? null,
    outcome: event.outcome,
    ip: event.ip,
    userAgent: event.userAgent,
    requestId: event.requestId,
    details: JSON.stringify(event.details),
    hash: event.hash,
  };
  return `${CSV_COLUMNS.map((column) => csvField(String(cells[column] ?? ''))).join(',')}\r\n`;
}

export const csvHeader = () => `${CSV_COLUMNS.join(',')}\r\n`;
