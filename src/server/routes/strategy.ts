import { Router } from 'express';
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
 *   GET /api/strategy/:cycle[?theme=…][&goal=…] the same as JSON
 * Themes, indicators and unit goals are for everyone; people's goals as their cases are (own, reports,
 * HR scope). An unknown cycle or theme, and a goal the reader may not see, answer 404.
 */
const query = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : undefined);

export function strategyRoutes(): Router {
  const router = Router();

  router.get('/api/strategy/:cycle', requireUser, async (req, res) => {
    const view = await strategyMapView(req.user!, String(req.params.cycle), localeOf(req), { theme: query(req.query.theme), goal: query(req.query.goal) });
    if (!view) throw notFound('strategy map');
    res.json(view);
  });

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
