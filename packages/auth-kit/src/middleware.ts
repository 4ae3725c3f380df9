import { ApiError } from '@perplexica/errors';
import type { Context, MiddlewareHandler } from 'hono';
import { API_KEY_PREFIX, type ApiKeyVerifier, type AuthUser, type Role } from './claims.ts';
import type { TokenVerifier } from './token-verifier.ts';

export interface AuthVariables {
  user: AuthUser;
}

export interface AuthenticateOptions {
  tokens: TokenVerifier;
  /** When given, `Authorization: Bearer pk_...` API keys are accepted too. */
  apiKeys?: ApiKeyVerifier;
}

function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1] ?? null;
}

/** Requires a valid access token (or API key) and exposes the caller as `c.var.user`. */
export function authenticate(options: AuthenticateOptions): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    const token = bearerToken(c.req.header('authorization'));
    if (!token) throw new ApiError('unauthorized', 'Sign in first: send Authorization: Bearer <token>');
    if (token.startsWith(API_KEY_PREFIX)) {
      const user = options.apiKeys ? await options.apiKeys.verify(token) : null;
      if (!user) throw new ApiError('invalid_token', 'API key is invalid or revoked');
      c.set('user', user);
    } else {
      c.set('user', await options.tokens.verify(token));
    }
    await next();
  };
}

/**
 * Lets only the given role through. `hide: true` answers 404 instead of 403, for admin areas
 * whose existence should not be revealed to other users.
 */
export function requireRole(
  role: Role,
  { hide = false } = {},
): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    const user = c.get('user');
    if (!user) throw new ApiError('unauthorized', 'Sign in first');
    if (user.role !== role) {
      throw hide
        ? new ApiError('not_found', 'Not found')
        : new ApiError('forbidden', `Requires the ${role} role`);
    }
    await next();
  };
}

/** Requires an API-key scope; sessions hold every scope. */
export function requireScope(scope: string): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    const user = c.get('user');
    if (!user.scopes.includes('*') && !user.scopes.includes(scope)) {
      throw new ApiError('forbidden', `This API key lacks the "${scope}" scope`);
    }
    await next();
  };
}

// biome-ignore lint/suspicious/noExplicitAny: works with any service's Hono env that sets `user`
export function currentUser(c: Context<any>): AuthUser {
  const user = c.get('user') as AuthUser | undefined;
  if (!user) throw new ApiError('unauthorized', 'Sign in first');
  return user;
}
