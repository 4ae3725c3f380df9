import { currentUser } from '@perplexica/auth-kit';
import { jsonBody } from '@perplexica/http';
import { Hono } from 'hono';
import type { NotificationsContext, NotificationsEnv } from '../deps.ts';
import { type Preferences, preferencesOf, updatePreferences } from '../preferences/preference-repository.ts';
import { preferencesInput } from '../wire-schemas.ts';

/**
 * Which channels each kind of notification uses, and which channels this installation can use at
 * all: a switch that is on for a channel marked not_configured sends nothing until it is.
 */
export function preferenceRoutes(ctx: NotificationsContext): Hono<NotificationsEnv> {
  const app = new Hono<NotificationsEnv>();
  const availability = {
    in_app: 'available',
    push: ctx.push ? 'available' : 'not_configured',
    email: ctx.email ? 'available' : 'not_configured',
  } as const;
  const view = (preferences: Preferences) => ({ preferences, channels: availability });

  app.get('/', async (c) => c.json(view(await preferencesOf(ctx.db, currentUser(c).id))));

  app.put('/', async (c) => {
    const input = await jsonBody(c, preferencesInput);
    return c.json(view(await updatePreferences(ctx.db, currentUser(c).id, input)));
  });

  return app;
}
