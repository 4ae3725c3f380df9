import type { AuditSink } from '@perplexica/audit';

/**
 * Events billing-svc records on its own behalf: what YooKassa confirmed (verified with its API)
 * and what the renewal worker did. Events a person caused (a cancel, a refund, a grant) are
 * emitted in their route with that person as the actor.
 */
export type BillingSystemAction =
  | 'billing.payment.succeeded'
  | 'billing.payment.canceled'
  | 'billing.subscription.activated'
  | 'billing.subscription.renewed'
  | 'billing.subscription.ended'
  | 'billing.refund.succeeded';

export function emitBillingEvent(
  audit: AuditSink,
  event: {
    action: BillingSystemAction;
    orgId: string | null;
    target: { type: 'payment' | 'subscription' | 'refund'; id: string };
    details: Record<string, unknown>;
  },
): void {
  // emit never rejects; an audit outage must not undo or hold up a payment already settled.
  void audit.emit({
    actor: { id: 'billing-svc', type: 'service' },
    orgId: event.orgId,
    action: event.action,
    target: event.target,
    outcome: 'success',
    details: event.details,
  });
}
