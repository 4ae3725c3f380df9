/** One field a service refused, as it names it ("body.schedule.timezone"). */
export interface FieldIssue {
  path: string;
  message: string;
  /** For CSV data: the 1-based line that could not be read. */
  line?: number;
}

/**
 * An API failure in words a person understands, with the service's code for the rest, and the
 * fields it refused (`details` of a validation error), so a form can put each message by its field.
 */
export class ApiFailure extends Error {
  readonly status: number;
  readonly code: string;
  readonly retryAfterSeconds: number | null;
  readonly issues: FieldIssue[];

  constructor(
    status: number,
    code: string,
    message: string,
    retryAfterSeconds: number | null = null,
    issues: FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiFailure';
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
    this.issues = issues;
  }
}

/** The field issues of an error body's `details`, when it lists them. */
function issuesOf(details: unknown): FieldIssue[] {
  if (!Array.isArray(details)) return [];
  return details.filter(
    (issue): issue is FieldIssue =>
      typeof issue === 'object' &&
      issue !== null &&
      typeof (issue as FieldIssue).path === 'string' &&
      typeof (issue as FieldIssue).message === 'string',
  );
}

// What the services' error codes mean to someone using the app. Validation messages come from
// the service itself ("body.title: too long"), which already names the field.
const friendly: Record<string, string> = {
  unauthorized: 'Please sign in to continue.',
  invalid_token: 'Your session has ended. Please sign in again.',
  token_expired: 'Your session has ended. Please sign in again.',
  forbidden: 'You do not have access to this.',
  not_found: 'We could not find that. It may have been deleted.',
  rate_limited: 'Too many requests. Please wait a moment and try again.',
  payload_too_large: 'That is too large to send.',
  unavailable: 'Part of Perplexica is not answering right now. Please try again shortly.',
  bad_gateway: 'Something upstream failed. Please try again.',
  gateway_timeout: 'That took too long. Please try again.',
  not_configured: 'This feature is not set up on this server yet.',
  internal: 'Something went wrong on our side. Please try again.',
};

/** Turns an error body `{error:{code,message,details}}` (or none) into an ApiFailure. */
export function failureFrom(status: number, body: unknown, retryAfter: string | null): ApiFailure {
  const error = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
  const code = error?.code ?? (status >= 500 ? 'unavailable' : 'bad_request');
  // The services' own messages are written for people; these few codes say it better in general
  // terms (a session or an internal failure is not the user's detail to read).
  const general = [
    'unauthorized',
    'invalid_token',
    'token_expired',
    'internal',
    'rate_limited',
    'unavailable',
  ];
  const useOwn = !general.includes(code) || !(code in friendly);
  const message = useOwn && error?.message ? error.message : (friendly[code] ?? 'Something went wrong.');
  const seconds = retryAfter ? Number(retryAfter) : null;
  return new ApiFailure(
    status,
    code,
    message,
    Number.isFinite(seconds) ? seconds : null,
    issuesOf(error?.details),
  );
}

/** Anything thrown, as a sentence for the screen. */
export function describeError(error: unknown): string {
  if (error instanceof ApiFailure) return error.message;
  if (error instanceof TypeError) return 'Cannot reach Perplexica. Check your connection and try again.';
  return 'Something went wrong. Please try again.';
}
