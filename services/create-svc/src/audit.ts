import type { AuditEventInput } from '@perplexica/audit';
import { emitCallerAction, emitForRequest } from '@perplexica/audit/http';
import { currentUser } from '@perplexica/auth-kit';
import type { Context } from 'hono';
import type { CreateContext, CreateEnv } from './deps.ts';

/** Records what the signed-in caller just did (@perplexica/audit's emitCallerAction). */
export function auditCallerAction(
  c: Context<CreateEnv>,
  ctx: CreateContext,
  event: Pick<AuditEventInput, 'action' | 'target' | 'details'>,
): void {
  emitCallerAction(ctx.audit, c, currentUser(c), ctx.config.TRUST_PROXY, event);
}

/** Records what someone without a session did through a public link (in no org's log). */
export function auditAnonymousAction(
  c: Context<CreateEnv>,
  ctx: CreateContext,
  event: Pick<AuditEventInput, 'action' | 'target' | 'details'>,
): void {
  emitForRequest(ctx.audit, c, ctx.config.TRUST_PROXY, {
    actor: { id: 'anonymous', type: 'anonymous' },
    orgId: null,
    outcome: 'success',
    ...event,
  });
}
