import type { AuthConfig } from '../config.ts';
import type { SsoErrorCode } from './sso-errors.ts';

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

/** The redirect URI org owners register at their identity provider. */
export function ssoRedirectUri(config: AuthConfig): string {
  return `${withoutTrailingSlash(config.PUBLIC_AUTH_URL)}/api/v1/auth/sso/callback`;
}

/** Where the web app picks up a finished sign-in and trades the code for tokens. */
export function appLandingUrl(config: AuthConfig, exchangeCode: string): string {
  return `${withoutTrailingSlash(config.PUBLIC_APP_URL)}/auth/sso?code=${encodeURIComponent(exchangeCode)}`;
}

/** The web app's login page, told why the sign-in did not complete. */
export function appErrorUrl(config: AuthConfig, code: SsoErrorCode): string {
  return `${withoutTrailingSlash(config.PUBLIC_APP_URL)}/login?sso_error=${code}`;
}
