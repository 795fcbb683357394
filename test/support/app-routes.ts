import type { Express } from 'express';

export interface AppRoute {
  method: string;
  /** The route's path as declared (`/api/tasks/:taskId/claim`). */
  path: string;
}

interface RouterLayer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: RouterLayer[] };
  rawPath?: string;
}

/**
 * Every route the app serves, read from its routers (all mounted at "/"): a sweep that walks this
 * list covers a route added tomorrow without anyone adding it to the sweep.
 */
export function appRoutes(app: Express): AppRoute[] {
  const routes: AppRoute[] = [];
  const walk = (stack: RouterLayer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) if (method !== '_all') routes.push({ method: method.toUpperCase(), path: `${prefix}${layer.route.path}` });
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, prefix + (layer.rawPath && layer.rawPath !== '/' ? layer.rawPath : ''));
      }
    }
  };
  walk((app as unknown as { router: { stack: RouterLayer[] } }).router.stack, '');
  return routes;
}
