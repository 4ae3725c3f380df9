import { discardAuditEvents } from '@perplexica/audit';
import type { BillingDeps, BillingStore } from './deps.ts';
import { createYooKassaGateway } from './yookassa/gateway.ts';

/** The shared part of the routes' context and the worker's, from the same deps. */
export function buildStore(deps: BillingDeps): BillingStore {
  return {
    config: deps.config,
    logger: deps.logger,
    db: deps.database.db,
    yookassa: deps.yookassa ?? createYooKassaGateway(deps.config),
    audit: deps.audit ?? discardAuditEvents,
    queue: deps.queue,
  };
}
