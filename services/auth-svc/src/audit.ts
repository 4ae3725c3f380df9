import type { AuditEventInput } from '@perplexica/audit';
import { emitForRequest } from '@perplexica/audit/http';
import type { Context } from 'hono';
import type { AuthContext, AuthEnv } from './deps.ts';

/** Records an auth-svc audit event for this request (client ip, user agent, request id added). */
export function audit(
  c: Context<AuthEnv>,
  ctx: AuthContext,
  event: Omit<AuditEventInput, 'ip' | 'userAgent' | 'requestId'>,
): void {
  emitForRequest(ctx.audit, c, ctx.config.TRUST_PROXY, event);
}
