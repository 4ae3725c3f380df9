import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { ServiceEnv } from '@perplexica/http';
import type { Hono } from 'hono';

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Perplexica</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>Perplexica is running</h1>
<p>The API answers on this address under <code>/api</code>. The web app has not been built yet:
run <code>pnpm --filter @perplexica/web build</code> and reload.</p>
</body></html>`;

/**
 * The single-page web app on every path the API does not own: its files as they are, and
 * index.html for any other path so the app's own routes work on reload. Hashed assets are cached
 * for a year; index.html never, so a new build is picked up at once.
 */
export function mountWebApp(app: Hono<ServiceEnv>, webRoot: string): void {
  const index = webRoot ? join(webRoot, 'index.html') : '';
  if (!index || !existsSync(index)) {
    app.get('*', (c) => c.html(NOT_BUILT));
    return;
  }
  // serveStatic resolves `root` against the working directory.
  const root = relative(process.cwd(), webRoot) || '.';
  app.use(
    '/assets/*',
    serveStatic({
      root,
      onFound: (_path, c) => {
        c.header('cache-control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  app.use('*', serveStatic({ root, onFound: (_path, c) => c.header('cache-control', 'no-cache') }));
  app.get('*', async (c) => {
    c.header('cache-control', 'no-cache');
    return c.html(await readFile(index, 'utf8'));
  });
}
