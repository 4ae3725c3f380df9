import { ApiError } from '@perplexica/errors';
import type { ChatContext } from './deps.ts';
import type { Mode } from './pipeline/request.ts';

/**
 * Before a quality answer runs (the mode that reads and asks the most), billing-svc counts it
 * against the asker's plan: within the day's quota, or one credit beyond it. Used up: 429
 * `quota_exceeded`, saying until when. If billing-svc cannot answer, the answer runs: an outage of
 * metering should not become an outage of answers (logged, so it is seen).
 */
export async function meterAnswer(
  ctx: Pick<ChatContext, 'billing' | 'config' | 'logger'>,
  asker: { id: string; orgId: string | null },
  mode: Mode,
  key: string,
): Promise<void> {
  if (mode !== 'quality' || !ctx.config.QUOTAS) return;
  let verdict: Awaited<ReturnType<ChatContext['billing']['meterQualityAnswer']>>;
  try {
    verdict = await ctx.billing.meterQualityAnswer({ userId: asker.id, orgId: asker.orgId, key });
  } catch (error) {
    ctx.logger.warn({ err: error }, 'billing-svc did not answer; the quality answer runs unmetered');
    return;
  }
  if (verdict.allowed) return;
  const resets = verdict.resetsAt.slice(11, 16);
  throw new ApiError(
    'quota_exceeded',
    `You have used the ${verdict.limit} quality answers of the ${verdict.plan} plan for today; more from ${resets} UTC, or with credits`,
    { details: { plan: verdict.plan, used: verdict.used, limit: verdict.limit, resetsAt: verdict.resetsAt } },
  );
}
