/**
 * Why an SSO sign-in did not complete. The browser is sent back to the web app with
 * `?sso_error=<code>`, so this list is part of the API the web app reads (docs/sso.md).
 */
export const ssoErrorCodes = [
  /** The state is unknown, expired, already used, or belongs to another browser. */
  'invalid_state',
  /** The user cancelled or was refused at the identity provider. */
  'access_denied',
  /** The provider answered with an error or a response that failed validation. */
  'provider_error',
  /** The provider could not be reached (discovery failed). */
  'provider_unavailable',
  /** The organization removed its SSO setup while the sign-in was under way. */
  'not_configured',
  /** The provider's email is not at a domain this organization has verified. */
  'domain_not_allowed',
  /** No email, or an email the provider has not verified, where one is needed. */
  'email_unverified',
] as const;

export type SsoErrorCode = (typeof ssoErrorCodes)[number];

/** A sign-in refused for a reason the user may see; never a bug. */
export class SsoLoginError extends Error {
  readonly code: SsoErrorCode;

  constructor(code: SsoErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'SsoLoginError';
    this.code = code;
  }
}
