import { currentUser } from '@perplexica/auth-kit';
import { jsonBody } from '@perplexica/http';
import { Hono } from 'hono';
import { artifactView } from '../artifacts/artifact-views.ts';
import { createDashboard } from '../dashboards/create-dashboard.ts';
import type { CreateContext, CreateEnv } from '../deps.ts';
import { requestImage } from '../images/request-image.ts';
import { createTable } from '../tables/create-table.ts';
import { dashboardInput, imageInput, tableInput } from '../wire-schemas.ts';

/** Making artifacts: tables (201), dashboards (201), images (202: made by the image worker). */
export function generateRoutes(ctx: CreateContext): Hono<CreateEnv> {
  const app = new Hono<CreateEnv>();
  const view = (row: Parameters<typeof artifactView>[0]) =>
    artifactView(row, { store: ctx.store, urlSeconds: ctx.config.IMAGE_URL_SECONDS, withRows: true });

  app.post('/tables', async (c) => {
    const input = await jsonBody(c, tableInput);
    const row = await createTable(ctx, currentUser(c), input);
    return c.json({ artifact: await view(row) }, 201);
  });

  app.post('/dashboards', async (c) => {
    const input = await jsonBody(c, dashboardInput);
    const row = await createDashboard(ctx, currentUser(c), input);
    return c.json({ artifact: await view(row) }, 201);
  });

  app.post('/images', async (c) => {
    const input = await jsonBody(c, imageInput);
    const row = await requestImage(ctx, currentUser(c), input);
    c.header('location', `/api/v1/create/artifacts/${row.id}`);
    return c.json({ artifact: await view(row) }, 202);
  });

  return app;
}
