import { ApiError } from '@perplexica/errors';
import * as oidc from 'openid-client';
import { hashSecret } from '../tokens/secrets.ts';
import { SsoLoginError } from './sso-errors.ts';

/** What an org stores about its identity provider. */
export interface SsoProviderSettings {
  issuer: string;
  clientId: string;
  clientSecret: string | null;
}

/** Who the provider says signed in. */
export interface ProviderIdentity {
  /** The provider's issuer identifier, as its discovery document states it. */
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
}

export interface OidcClients {
  /**
   * The openid-client Configuration for a provider: discovery runs once, then is reused for a
   * while. Throws ApiError bad_gateway when the provider cannot be discovered.
   */
  configure(settings: SsoProviderSettings): Promise<oidc.Configuration>;
}

export interface OidcClientsOptions {
  /** Allow http:// issuers (SSO_ALLOW_INSECURE_ISSUERS); off in production. */
  allowInsecureIssuers: boolean;
  /** Per request to the provider (discovery, token, userinfo, JWKS). */
  timeoutSeconds?: number;
  /** How long a discovery result is reused before the provider is asked again. */
  cacheTtlMs?: number;
  maxCachedProviders?: number;
}

/** Scopes asked of every provider: the identity (openid) and the email to match accounts by. */
const SCOPES = 'openid email';

/**
 * client_secret_basic is the OpenID Connect default and what providers must support; a provider
 * that lists only client_secret_post gets that instead.
 */
function clientSecretAuth(secret: string): oidc.ClientAuth {
  const basic = oidc.ClientSecretBasic(secret);
  const post = oidc.ClientSecretPost(secret);
  return (as, client, body, headers) => {
    const supported = as.token_endpoint_auth_methods_supported;
    const postOnly =
      Array.isArray(supported) &&
      !supported.includes('client_secret_basic') &&
      supported.includes('client_secret_post');
    (postOnly ? post : basic)(as, client, body, headers);
  };
}

export function createOidcClients(options: OidcClientsOptions): OidcClients {
  const timeout = options.timeoutSeconds ?? 10;
  const ttlMs = options.cacheTtlMs ?? 10 * 60_000;
  const maxEntries = options.maxCachedProviders ?? 200;
  const cache = new Map<string, { config: oidc.Configuration; expiresAt: number }>();

  const discover = async (settings: SsoProviderSettings): Promise<oidc.Configuration> => {
    let issuer: URL;
    try {
      issuer = new URL(settings.issuer);
    } catch (error) {
      throw new ApiError('bad_gateway', 'The identity provider issuer is not a URL', { cause: error });
    }
    const insecure = issuer.protocol === 'http:';
    if (insecure && !options.allowInsecureIssuers) {
      throw new ApiError('bad_gateway', 'The identity provider is not reachable over https', {
        details: { issuer: settings.issuer },
      });
    }
    try {
      return await oidc.discovery(
        issuer,
        settings.clientId,
        undefined,
        settings.clientSecret ? clientSecretAuth(settings.clientSecret) : oidc.None(),
        { timeout, ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}) },
      );
    } catch (error) {
      throw new ApiError('bad_gateway', `OpenID discovery failed for ${issuer.href}`, {
        details: { issuer: settings.issuer, reason: error instanceof Error ? error.message : String(error) },
        cause: error,
      });
    }
  };

  return {
    async configure(settings) {
      const key = [settings.issuer, settings.clientId, hashSecret(settings.clientSecret ?? '')].join('\n');
      const now = Date.now();
      const cached = cache.get(key);
      if (cached && cached.expiresAt > now) return cached.config;
      const config = await discover(settings);
      cache.delete(key);
      // Oldest first (Map keeps insertion order), so this drops the stalest entry.
      if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
      cache.set(key, { config, expiresAt: now + ttlMs });
      return config;
    },
  };
}

export interface AuthorizationChecks {
  codeVerifier: string;
  state: string;
  nonce: string;
}

/** The provider's authorization endpoint with PKCE (S256), state and nonce. */
export async function authorizationUrl(
  config: oidc.Configuration,
  request: AuthorizationChecks & { redirectUri: string; loginHint?: string },
): Promise<URL> {
  return oidc.buildAuthorizationUrl(config, {
    redirect_uri: request.redirectUri,
    response_type: 'code',
    scope: SCOPES,
    code_challenge: await oidc.calculatePKCECodeChallenge(request.codeVerifier),
    code_challenge_method: 'S256',
    state: request.state,
    nonce: request.nonce,
    ...(request.loginHint ? { login_hint: request.loginHint } : {}),
  });
}

function emailVerifiedClaim(value: unknown): boolean {
  // Some providers send the boolean as a string.
  return value === true || value === 'true';
}

/**
 * Validates the authorization response the browser brought back (state, iss), redeems the code
 * with the PKCE verifier, validates the ID token (signature, audience, nonce) and reads who
 * signed in. Providers that keep the email out of the ID token are asked at their userinfo
 * endpoint. Throws SsoLoginError for anything the provider got wrong or refused.
 */
export async function completeAuthorization(
  config: oidc.Configuration,
  callbackUrl: URL,
  checks: AuthorizationChecks,
): Promise<ProviderIdentity> {
  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    if (error instanceof oidc.AuthorizationResponseError && error.error === 'access_denied') {
      throw new SsoLoginError('access_denied', 'The sign-in was cancelled at the identity provider', {
        cause: error,
      });
    }
    throw new SsoLoginError('provider_error', 'The identity provider did not complete the sign-in', {
      cause: error,
    });
  }
  const claims = tokens.claims();
  if (!claims) throw new SsoLoginError('provider_error', 'The identity provider sent no ID token');
  let email: unknown = claims.email;
  let verified: unknown = claims.email_verified;
  const userinfo = config.serverMetadata().userinfo_endpoint;
  if ((typeof email !== 'string' || verified === undefined) && userinfo) {
    try {
      const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      if (typeof info.email === 'string') {
        email = info.email;
        verified = info.email_verified;
      }
    } catch (error) {
      throw new SsoLoginError('provider_error', 'The identity provider did not answer at userinfo', {
        cause: error,
      });
    }
  }
  return {
    issuer: config.serverMetadata().issuer,
    subject: claims.sub,
    email: typeof email === 'string' && email.length > 0 ? email : null,
    emailVerified: emailVerifiedClaim(verified),
  };
}
