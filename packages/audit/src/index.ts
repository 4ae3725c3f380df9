export {
  type AuditEmitter,
  type AuditEmitterConfig,
  createAuditEmitter,
  type EmitResult,
} from './emitter.ts';
export {
  type ActorType,
  AUDIT_DETAILS_MAX_BYTES,
  AUDIT_QUEUE,
  type AuditEvent,
  type AuditEventInput,
  actionName,
  actorTypes,
  auditEvent,
  auditEventInput,
  completeEvent,
  DEFAULT_AUDIT_QUEUE_PREFIX,
  type Outcome,
  outcomes,
} from './event.ts';
export { type AuditSink, discardAuditEvents } from './sink.ts';
