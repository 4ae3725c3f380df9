import type { AuditEventInput } from '@perplexica/audit';
import { auditCaller, emitForRequest } from '@perplexica/audit/http';
import { currentUser } from '@perplexica/auth-kit';
import type { Context } from 'hono';
import type { LibraryContext, LibraryEnv } from './deps.ts';

/**
 * Records what the signed-in caller just did (actor and org from the caller; client ip, user
 * agent and request id from the request). Never holds the response up: see emitForRequest.
 */
export function auditCallerAction(
  c: Context<LibraryEnv>,
  ctx: LibraryContext,
  event: Pick<AuditEventInput, 'action' | 'target' | 'details'>,
): void {
  const caller = auditCaller(currentUser(c));
  emitForRequest(ctx.audit, c, ctx.config.TRUST_PROXY, {
    actor: caller.actor,
    orgId: caller.orgId,
    outcome: 'success',
    ...event,
    details: { ...caller.details, ...event.details },
  });
}
