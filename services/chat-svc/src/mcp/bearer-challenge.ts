import { authenticate, requireScope } from '@perplexica/auth-kit';
import { ApiError } from '@perplexica/errors';
import type { MiddlewareHandler } from 'hono';
import type { ChatContext } from '../deps.ts';

/** The API-key scope the MCP tools need: the same as the chat and completions APIs. */
export const MCP_SCOPE = 'chat';

const REALM = 'perplexica';

/**
 * RFC 6750's challenge for a refused bearer token. MCP clients read it on 401 (sign-in needed) and
 * on 403 with `insufficient_scope` (which scope to ask for). No `resource_metadata`: this server
 * takes API keys and session tokens issued by auth-svc, it runs no OAuth authorization server for
 * MCP clients to discover.
 */
function challengeFor(error: ApiError): string {
  if (error.status === 403) {
    return `Bearer realm="${REALM}", error="insufficient_scope", scope="${MCP_SCOPE}"`;
  }
  return error.code === 'invalid_token'
    ? `Bearer realm="${REALM}", error="invalid_token"`
    : `Bearer realm="${REALM}"`;
}

/**
 * The MCP endpoint's door: a session JWT or an API key with the `chat` scope, exactly as the rest of
 * the API (the kit's `authenticate` and `requireScope`), refused in the one error shape with a
 * `WWW-Authenticate` challenge added.
 */
export function mcpSignedIn(ctx: Pick<ChatContext, 'tokens' | 'apiKeys'>): MiddlewareHandler {
  const signedIn = authenticate({ tokens: ctx.tokens, apiKeys: ctx.apiKeys }) as MiddlewareHandler;
  const scoped = requireScope(MCP_SCOPE) as MiddlewareHandler;
  return async (c, next) => {
    let admitted = false;
    try {
      // Run the guards with a no-op `next`, so an error from the route itself is never taken for a refusal.
      await signedIn(c, async () => {
        await scoped(c, async () => {
          admitted = true;
        });
      });
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        throw new ApiError(error.code, error.message, {
          details: error.details,
          headers: { ...error.headers, 'WWW-Authenticate': challengeFor(error) },
        });
      }
      throw error;
    }
    if (admitted) await next();
  };
}
