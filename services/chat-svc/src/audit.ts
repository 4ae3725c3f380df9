import type { AuditEventInput } from '@perplexica/audit';
import { emitCallerAction } from '@perplexica/audit/http';
import { currentUser } from '@perplexica/auth-kit';
import type { Context } from 'hono';
import type { ChatContext, ChatEnv } from './deps.ts';

/** Records what the signed-in caller just did (@perplexica/audit's emitCallerAction). */
export function auditCallerAction(
  c: Context<ChatEnv>,
  ctx: ChatContext,
  event: Pick<AuditEventInput, 'action' | 'target' | 'details'>,
): void {
  emitCallerAction(ctx.audit, c, currentUser(c), ctx.config.TRUST_PROXY, event);
}

/**
 * Records an accepted question, with its text when the asker's org keeps question text. The
 * policy is usually known already (cached); the answer never waits for it either way.
 */
export function auditQuestionAsked(
  c: Context<ChatEnv>,
  ctx: ChatContext,
  event: (text: string | undefined) => Pick<AuditEventInput, 'action' | 'target' | 'details'>,
  question: string,
): void {
  const user = currentUser(c);
  void ctx.auditPolicy
    .recordsQuestionText(user.orgId)
    .then((keepText) => auditCallerAction(c, ctx, event(keepText ? question : undefined)));
}
