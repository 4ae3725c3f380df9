import type { AuditEventInput } from '@perplexica/audit';
import { emitCallerAction } from '@perplexica/audit/http';
import { currentUser } from '@perplexica/auth-kit';
import type { Context } from 'hono';
import type { ProjectsContext, ProjectsEnv } from './deps.ts';

/** Records what the signed-in caller just did (@perplexica/audit's emitCallerAction). */
export function auditCallerAction(
  c: Context<ProjectsEnv>,
  ctx: ProjectsContext,
  event: Pick<AuditEventInput, 'action' | 'target' | 'details'>,
): void {
  emitCallerAction(ctx.audit, c, currentUser(c), ctx.config.TRUST_PROXY, event);
}
