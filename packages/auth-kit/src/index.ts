export {
  type AccessClaims,
  API_KEY_PREFIX,
  API_KEY_REVOKED_CHANNEL,
  type ApiKeyVerifier,
  type AuthUser,
  accessClaims,
  type OrgRole,
  orgRoles,
  type Role,
  roles,
} from './claims.ts';
export {
  type AuthenticateOptions,
  type AuthVariables,
  authenticate,
  currentUser,
  requireRole,
  requireScope,
} from './middleware.ts';
export { type ApiKeyScope, apiKeyScopes } from './scopes.ts';
export { createTokenVerifier, type TokenVerifier, type TokenVerifierConfig } from './token-verifier.ts';
