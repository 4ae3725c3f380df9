import { currentUser } from '@perplexica/auth-kit';
import { jsonBody } from '@perplexica/http';
import { Hono } from 'hono';
import type { MemoryContext, MemoryEnv } from '../deps.ts';
import { resolveSetting, setUserSetting } from '../settings-repository.ts';
import { settingsInput } from '../wire-schemas.ts';

/** Whether memory is on for the signed-in user, and who decided. */
export function settingsRoutes(ctx: MemoryContext): Hono<MemoryEnv> {
  const app = new Hono<MemoryEnv>();

  app.get('/', async (c) => {
    const user = currentUser(c);
    return c.json(await resolveSetting(ctx.db, ctx.config, user.id, user.orgId));
  });

  app.put('/', async (c) => {
    const { enabled } = await jsonBody(c, settingsInput);
    const user = currentUser(c);
    await setUserSetting(ctx.db, user.id, enabled);
    return c.json(await resolveSetting(ctx.db, ctx.config, user.id, user.orgId));
  });

  return app;
}
