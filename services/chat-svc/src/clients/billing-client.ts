import { createServiceClient } from '@perplexica/http';

/** What billing-svc says about one metered use: allowed (within the plan's quota or paid for with credits) or not. */
export interface UsageVerdict {
  allowed: boolean;
  /** How it was allowed: the plan's daily quota, or one credit spent beyond it. */
  source?: 'quota' | 'credits';
  plan: string;
  used: number;
  limit: number;
  /** When the daily quota starts again (ISO). */
  resetsAt: string;
}

export interface BillingClient {
  /**
   * Counts one quality answer for the asker against their plan (idempotent per `key`, the
   * message id) before it is run. Throws when billing-svc cannot answer; the caller decides.
   */
  meterQualityAnswer(input: { userId: string; orgId: string | null; key: string }): Promise<UsageVerdict>;
}

/** billing-svc's internal usage route (services/billing-svc/README.md, "Quotas"). */
export function createBillingClient(config: {
  baseUrl: string;
  serviceToken: string;
  timeoutMs: number;
}): BillingClient {
  const client = createServiceClient({
    service: 'billing-svc',
    baseUrl: config.baseUrl,
    serviceToken: config.serviceToken,
    timeoutMs: config.timeoutMs,
  });
  return {
    meterQualityAnswer(input) {
      return client.call<UsageVerdict>('/internal/v1/billing/usage', {
        method: 'POST',
        body: { ...input, metric: 'quality_answer' },
        authorization: '',
      });
    },
  };
}
