import { Router, type Request, type Response } from 'express';
import { requireUser } from '../current-user';
import { notFound } from '../http-errors';
import { localeOf } from '../i18n';
import { myCycles } from '../me/overview';
import { render } from '../views';
import { strategyCycles, strategyMapView } from '../strategy/strategy-map-view';

/**
 * The strategy map (战略地图), for everyone signed in:
 *   GET /strategy?cycle=…[&theme=…][&goal=…]   the page: themes with their progress, a theme's
 *                                             indicators, units and unit goals, down to people's goals
 *   GET /api/strategy/:cycle                   the same as JSON: the themes
 *   GET /api/strategy/:cycle/themes/:theme     one theme opened
 *   GET /api/strategy/:cycle/goals/:goalId     a person's goal in its place (its theme opened)
 * Themes, indicators and unit goals are for everyone; people's goals as their cases are (own, reports,
 * HR scope). An unknown cycle or theme, and a goal the reader may not see, answer 404.
 */
const query = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : undefined);

export function strategyRoutes(): Router {
  const router = Router();

  const api = (ask: (params: Record<string, string>) => { theme?: string; goal?: string }) => async (req: Request, res: Response) => {
    const params = req.params as Record<string, string>;
    const view = await strategyMapView(req.user!, String(params.cycle), localeOf(req), ask(params));
    if (!view) throw notFound('strategy map');
    res.json(view);
  };
  router.get('/api/strategy/:cycle', requireUser, api(() => ({})));
  router.get('/api/strategy/:cycle/themes/:theme', requireUser, api((p) => ({ theme: p.theme })));
  router.get('/api/strategy/:cycle/goals/:goalId', requireUser, api((p) => ({ goal: p.goalId })));

  router.get('/strategy', requireUser, async (req, res) => {
    const cycles = await strategyCycles();
    const mine = (await myCycles(req.user!.id)).map((c) => c.cycle);
    const cycle = query(req.query.cycle) ?? mine.find((c) => cycles.includes(c)) ?? cycles[0];
    const map = cycle ? await strategyMapView(req.user!, cycle, localeOf(req), { theme: query(req.query.theme), goal: query(req.query.goal) }) : null;
    if (cycle && !map) throw notFound('strategy map');
    render(req, res, 'strategy', { title: 'strategy', map, cycles: cycles.map((c) => ({ cycle: c, selected: c === cycle })) });
  });
  return router;
}
