import type { AuditEmitter } from './emitter.ts';

/** What a request handler needs of an emitter: `emit` only. Services take this as a dependency. */
export type AuditSink = Pick<AuditEmitter, 'emit'>;

/**
 * The sink for code paths (tests, tools) that do not care about audit events, so handlers
 * always call `emit` and never test whether auditing is set up. It validates nothing and keeps
 * nothing: a real emitter is what production and the audit tests use.
 */
export const discardAuditEvents: AuditSink = {
  emit: async () => ({ ok: true, eventId: '00000000-0000-4000-8000-000000000000' }),
};
