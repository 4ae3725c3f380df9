import { createServiceClient } from '@perplexica/http';

export interface AuditPolicyClient {
  /** Whether the org's audit policy keeps the text of questions; false when it cannot be told. */
  recordsQuestionText(orgId: string | null): Promise<boolean>;
}

/**
 * audit-svc's per-org policy (GET /internal/v1/org-settings/:orgId), remembered for `ttlMs` per org
 * so asking costs no extra call per question. Read before an event is emitted, so text a policy
 * excludes never enters the audit queue at all. When audit-svc cannot answer, the text is left
 * out: a question is private unless the org has said otherwise.
 */
export function createAuditPolicyClient(config: {
  baseUrl: string;
  serviceToken: string;
  timeoutMs: number;
  ttlMs: number;
  /** Orgs remembered at most; the oldest entry goes first. */
  maxOrgs?: number;
}): AuditPolicyClient {
  const client = createServiceClient({
    service: 'audit-svc',
    baseUrl: config.baseUrl,
    serviceToken: config.serviceToken,
    timeoutMs: config.timeoutMs,
  });
  const maxOrgs = config.maxOrgs ?? 10_000;
  const known = new Map<string, { recordQuestionText: boolean; until: number }>();
  return {
    async recordsQuestionText(orgId) {
      if (!orgId) return false;
      const cached = known.get(orgId);
      if (cached && cached.until > Date.now()) return cached.recordQuestionText;
      try {
        const reply = await client.call<{ settings: { recordQuestionText: boolean } }>(
          `/internal/v1/org-settings/${encodeURIComponent(orgId)}`,
          { authorization: '' },
        );
        const recordQuestionText = reply.settings.recordQuestionText === true;
        known.delete(orgId);
        if (known.size >= maxOrgs) known.delete(known.keys().next().value as string);
        known.set(orgId, { recordQuestionText, until: Date.now() + config.ttlMs });
        return recordQuestionText;
      } catch {
        return false;
      }
    },
  };
}
