import { createTokenVerifier } from '@perplexica/auth-kit';

export interface SignedInOptions {
  publicKeyPem: string;
  issuer: string;
  audience: string;
}

/**
 * Whether an Authorization header carries a valid access token of auth-svc, checked here with its
 * public key exactly as the services check it (verdicts are remembered per token). An API key, a
 * session cookie or nothing is "no": such requests go on to their service, which decides.
 */
export function signedInCheck(
  options: SignedInOptions,
): (authorization: string | undefined) => Promise<boolean> {
  const verifier = createTokenVerifier(options);
  return async (authorization) => {
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : '';
    if (token.split('.').length !== 3) return false;
    try {
      await verifier.verify(token);
      return true;
    } catch {
      return false;
    }
  };
}
