import { auditCaller } from '@perplexica/audit/http';
import type { AuthUser } from '@perplexica/auth-kit';
import type { AuthContext } from './deps.ts';

/**
 * Records that an API key was used: at most once per key per minute (see verifyApiKey), since an
 * event per request would flood the org's log with one line per API call. The client's IP and
 * user agent are not known here: keys are mostly verified for other services (introspection),
 * which do not forward them; the request id ties the event to those services' access logs.
 */
export function recordApiKeyUse(ctx: AuthContext, user: AuthUser, requestId: string | null): void {
  const caller = auditCaller(user);
  void ctx.audit.emit({
    actor: caller.actor,
    orgId: caller.orgId,
    action: 'api_key.use',
    target: { type: 'api_key', id: caller.actor.id },
    outcome: 'success',
    requestId,
    details: { ...caller.details, scopes: user.scopes },
  });
}
