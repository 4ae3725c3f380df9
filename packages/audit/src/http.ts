import { clientIp, type ServiceEnv } from '@perplexica/http';
import type { Context } from 'hono';
import type { AuditEventInput } from './event.ts';
import type { AuditSink } from './sink.ts';

/**
 * Where a request came from, as every audit event records it: the client IP as the kit computes
 * it (X-Forwarded-For only behind TRUST_PROXY), the user agent and the request id (propagated
 * across hops, so an event can be matched with the access logs of every service on the way).
 */
export function auditRequestFields(
  c: Context<ServiceEnv>,
  trustProxy: boolean,
): Pick<AuditEventInput, 'ip' | 'userAgent' | 'requestId'> {
  const ip = clientIp(c, trustProxy);
  return {
    ip: ip === 'unknown' ? null : ip,
    userAgent: c.req.header('user-agent')?.slice(0, 1_000) ?? null,
    requestId: c.get('requestId') ?? null,
  };
}

/** The caller the kit authenticated, as the actor and org of an event. */
export interface AuthenticatedCaller {
  id: string;
  orgId: string | null;
  via: 'session' | 'api_key';
  apiKeyId?: string;
}

/**
 * A session acts as its user; an API key acts as itself (its id is what an admin revokes), with
 * the user it belongs to in `details.userId` so the user's keys can still be traced to them.
 */
export function auditCaller(
  user: AuthenticatedCaller,
): Pick<AuditEventInput, 'actor' | 'orgId'> & { details: Record<string, unknown> } {
  if (user.via === 'api_key' && user.apiKeyId) {
    return {
      actor: { id: user.apiKeyId, type: 'api_key' },
      orgId: user.orgId,
      details: { userId: user.id },
    };
  }
  return { actor: { id: user.id, type: 'user' }, orgId: user.orgId, details: {} };
}

/**
 * Queues `event` with where the request came from, without holding the response for Redis:
 * `emit` never rejects and reports its own failures (logged, counted), so nothing waits on it.
 */
export function emitForRequest(
  audit: AuditSink,
  c: Context<ServiceEnv>,
  trustProxy: boolean,
  event: Omit<AuditEventInput, 'ip' | 'userAgent' | 'requestId'>,
): void {
  void audit.emit({ ...event, ...auditRequestFields(c, trustProxy) });
}

/**
 * Records what the signed-in caller just did, successfully: actor and org from the caller the kit
 * authenticated, where the request came from, and the action's own target and details. Never
 * holds the response up (emitForRequest).
 */
export function emitCallerAction(
  audit: AuditSink,
  c: Context<ServiceEnv>,
  caller: AuthenticatedCaller,
  trustProxy: boolean,
  event: Pick<AuditEventInput, 'action' | 'target' | 'details'>,
): void {
  const who = auditCaller(caller);
  emitForRequest(audit, c, trustProxy, {
    actor: who.actor,
    orgId: who.orgId,
    outcome: 'success',
    ...event,
    details: { ...who.details, ...event.details },
  });
}
