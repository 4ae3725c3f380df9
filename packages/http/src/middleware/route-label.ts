import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';

/**
 * The matched route pattern ("/users/:id"), never the raw path, so metric labels stay bounded.
 * Requests that matched no handler are "unmatched".
 */
export function routeLabel(c: Context): string {
  const routes = matchedRoutes(c);
  const last = routes[routes.length - 1];
  if (!last || last.path === '*' || last.path === '/*') return 'unmatched';
  return last.path;
}
