import { authenticate, currentUser, requireRole } from '@perplexica/auth-kit';
import { ApiError, notFound } from '@perplexica/errors';
import { jsonBody, pathParams } from '@perplexica/http';
import { Hono } from 'hono';
import { z } from 'zod';
import { auditCallerAction } from '../audit.ts';
import type { ChatContext, ChatEnv } from '../deps.ts';
import { credibilityTiers } from '../pipeline/credibility.ts';
import { defaultReputation, type ReputationEntry, tierScores } from '../reputation/default-reputation.ts';
import { domainName } from '../reputation/domain-name.ts';
import type { ReputationOverride } from '../reputation/reputation-book.ts';

const domainPath = z.object({ domain: domainName });
const overrideInput = z.strictObject({
  tier: z.enum(credibilityTiers),
  /** Defaults to the tier's usual score. */
  score: z.number().min(0).max(1).optional(),
  note: z
    .string()
    .max(200)
    .transform((value) => value.replaceAll('\u0000', '').trim())
    .default(''),
});

const defaultView = (domain: string, entry: ReputationEntry) => ({
  domain,
  tier: entry.tier,
  score: entry.score,
  note: entry.note,
  origin: 'default' as const,
  updatedBy: null,
  updatedAt: null,
});
const overrideView = (override: ReputationOverride) => ({
  domain: override.domain,
  tier: override.tier,
  score: override.score,
  note: override.note,
  origin: 'admin' as const,
  updatedBy: override.updatedBy,
  updatedAt: override.updatedAt.toISOString(),
});

/**
 * The domain reputation list sources are scored by: the shipped defaults, overridden or extended
 * by platform admins. Anyone else gets 404, as on the other admin routes.
 */
export function adminReputationRoutes(ctx: ChatContext): Hono<ChatEnv> {
  const app = new Hono<ChatEnv>();
  app.use(
    '*',
    authenticate({ tokens: ctx.tokens, apiKeys: ctx.apiKeys }),
    requireRole('admin', { hide: true }),
  );

  app.get('/', async (c) => {
    const overrides = await ctx.reputation.overrides();
    const overridden = new Set(overrides.map((override) => override.domain));
    const entries = [
      ...overrides.map(overrideView),
      ...[...defaultReputation]
        .filter(([domain]) => !overridden.has(domain))
        .map(([domain, entry]) => defaultView(domain, entry)),
    ].sort((a, b) => a.domain.localeCompare(b.domain));
    return c.json({ entries });
  });

  app.get('/:domain', async (c) => {
    const { domain } = pathParams(c, domainPath);
    const override = await ctx.reputation.override(domain);
    if (override) return c.json({ entry: overrideView(override) });
    const shipped = defaultReputation.get(domain);
    if (!shipped) throw notFound('Domain');
    return c.json({ entry: defaultView(domain, shipped) });
  });

  app.put('/:domain', async (c) => {
    const { domain } = pathParams(c, domainPath);
    const input = await jsonBody(c, overrideInput);
    const admin = currentUser(c);
    const saved = await ctx.reputation.put(
      domain,
      { tier: input.tier, score: input.score ?? tierScores[input.tier], note: input.note },
      admin.id,
    );
    if (saved.outcome === 'full') {
      throw new ApiError(
        'conflict',
        `The reputation list holds at most ${ctx.config.REPUTATION_MAX_OVERRIDES} overrides; delete one first`,
      );
    }
    auditCallerAction(c, ctx, {
      action: 'source_reputation.set',
      target: { type: 'domain', id: domain },
      details: { tier: saved.override.tier, score: saved.override.score },
    });
    return c.json({ entry: overrideView(saved.override) });
  });

  app.delete('/:domain', async (c) => {
    const { domain } = pathParams(c, domainPath);
    if (!(await ctx.reputation.remove(domain))) throw notFound('Override');
    auditCallerAction(c, ctx, { action: 'source_reputation.reset', target: { type: 'domain', id: domain } });
    return c.body(null, 204);
  });

  return app;
}
