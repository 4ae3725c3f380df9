/**
 * The closed list of error codes every service may answer with, and the HTTP status each one means.
 * Clients branch on `code`, never on the message, so adding a code is an API change: add it here.
 */
export const errorStatus = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 400,
  weak_password: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  invalid_token: 401,
  token_expired: 401,
  token_reused: 401,
  /** Not enough credits for what was asked; details say the balance. */
  insufficient_credits: 402,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  email_taken: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  /** A plan's allowance is used up (e.g. quality answers per day); details say until when. */
  quota_exceeded: 429,
  internal: 500,
  bad_gateway: 502,
  unavailable: 503,
  not_configured: 503,
  gateway_timeout: 504,
  overloaded: 503,
  search_unavailable: 502,
  searxng_misconfigured: 502,
} as const;

export type ErrorCode = keyof typeof errorStatus;
export type ErrorStatus = (typeof errorStatus)[ErrorCode];
