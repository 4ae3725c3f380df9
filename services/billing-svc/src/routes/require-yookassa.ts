import type { MiddlewareHandler } from 'hono';
import { notConfiguredError, type YooKassaGateway } from '../yookassa/gateway.ts';

/** Payment routes answer 503 not_configured, saying what to set, until YooKassa's keys are given. */
export function requireYooKassa(gateway: YooKassaGateway): MiddlewareHandler {
  return async (_c, next) => {
    if (!gateway.configured) throw notConfiguredError();
    await next();
  };
}
