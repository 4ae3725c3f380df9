import { ApiError } from '@perplexica/errors';
import { jsonBody, requireServiceToken } from '@perplexica/http';
import { Hono } from 'hono';
import type { DiscoverContext, DiscoverEnv } from '../deps.ts';
import { describeError } from '../feed/provider-failure.ts';
import { feedKey } from '../feed/topic-feeds.ts';
import { mapLimited } from '../map-limited.ts';
import { refreshBody } from '../wire-schemas.ts';

/** Calls from our other services only (x-service-token); invisible (404) to everyone else. */
export function internalRoutes(ctx: DiscoverContext): Hono<DiscoverEnv> {
  const app = new Hono<DiscoverEnv>();
  app.use('*', requireServiceToken(ctx.config.SERVICE_TOKEN));

  /**
   * docs/pages.md: rebuild every topic's feed (DISCOVER_REFRESH_CONCURRENCY at a time), start no
   * new topic once `deadlineMs` has passed (those are `skipped`), and report each that failed. A
   * feed that fails to rebuild keeps its cached copy.
   */
  app.post('/cache/refresh', async (c) => {
    // The body is optional: without one every topic is rebuilt, however long it takes.
    const { deadlineMs } = c.req.header('content-type') ? await jsonBody(c, refreshBody) : {};
    const started = Date.now();
    const deadlineAt = deadlineMs === undefined ? Number.POSITIVE_INFINITY : started + deadlineMs;
    const outcome = new Map<
      string,
      { status: 'refreshed' | 'skipped' } | { status: 'failed'; reason: string }
    >();
    let notConfigured: string | undefined;
    await mapLimited(ctx.topics, ctx.config.DISCOVER_REFRESH_CONCURRENCY, async (topic) => {
      if (Date.now() >= deadlineAt) {
        outcome.set(topic.id, { status: 'skipped' });
        return;
      }
      try {
        await ctx.feeds.refresh(topic);
        outcome.set(topic.id, { status: 'refreshed' });
      } catch (error) {
        // Discover switched off on purpose (no news search, no feeds) is not a failing CronJob.
        if (error instanceof ApiError && error.code === 'not_configured') {
          notConfigured = error.message;
          outcome.set(topic.id, { status: 'skipped' });
        } else outcome.set(topic.id, { status: 'failed', reason: describeError(error) });
      }
    });
    // Reported in topic order, whatever order the work finished in.
    const report = {
      refreshed: [] as string[],
      failed: [] as Array<{ key: string; reason: string }>,
      skipped: [] as string[],
      durationMs: Date.now() - started,
      ...(notConfigured ? { notConfigured } : {}),
    };
    for (const topic of ctx.topics) {
      const result = outcome.get(topic.id);
      const key = feedKey(topic.id);
      if (result?.status === 'refreshed') report.refreshed.push(key);
      else if (result?.status === 'failed') report.failed.push({ key, reason: result.reason });
      else report.skipped.push(key);
    }
    c.get('logger').info(
      {
        refreshed: report.refreshed.length,
        failed: report.failed,
        skipped: report.skipped.length,
        durationMs: report.durationMs,
      },
      'discover feeds refreshed',
    );
    return c.json(report);
  });

  return app;
}
