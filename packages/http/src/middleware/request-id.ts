import { randomUUID } from 'node:crypto';
import type { Logger } from '@perplexica/observability';
import type { MiddlewareHandler } from 'hono';
import type { ServiceEnv } from '../env.ts';
import { runWithRequestContext } from '../request-context.ts';

const acceptableId = /^[\w.:-]{1,128}$/;

/**
 * Accepts the caller's x-request-id (if it looks sane) or makes one, echoes it on the response,
 * gives handlers a child logger that carries it, and stores it (with the caller's Authorization)
 * where the service client finds it for onward calls.
 */
export function requestId(logger: Logger): MiddlewareHandler<ServiceEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const id = incoming && acceptableId.test(incoming) ? incoming : randomUUID();
    c.set('requestId', id);
    c.set('logger', logger.child({ requestId: id }));
    c.header('x-request-id', id);
    const authorization = c.req.header('authorization');
    await runWithRequestContext({ requestId: id, ...(authorization ? { authorization } : {}) }, next);
  };
}
