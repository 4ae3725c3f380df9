import type { AuthUser } from '@perplexica/auth-kit';
import type { Logger } from '@perplexica/observability';

/** The typed Hono env every service shares; services add their own variables with `& {...}`. */
export interface ServiceVariables {
  requestId: string;
  /** Request-scoped child logger carrying the request id (and trace id, via the mixin). */
  logger: Logger;
  /** Set by `authenticate`; absent on public routes. */
  user: AuthUser;
}

export interface ServiceEnv {
  Variables: ServiceVariables;
}
