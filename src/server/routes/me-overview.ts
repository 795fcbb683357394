import { Router } from 'express';
import { CYCLE_ID } from '../cases/launch-reviews';
import { requireUser } from '../current-user';
import { notFound } from '../http-errors';
import { localeOf, translate } from '../i18n';
import { myCycles, myOverview, myUnitCalibrations } from '../me/overview';
import { render } from '../views';
import { appealFilingForm } from '../me/appeal-form';

/**
 * The employee's own pages: "My performance" for a cycle and the JSON behind it. Both read only the
 * signed-in person's records; a cycle they have no review in answers 404 like any unknown one.
 */
export function meOverviewRoutes(): Router {
  const router = Router();

  router.get('/api/me/overview/:cycle', requireUser, async (req, res) => {
    const cycle = String(req.params.cycle);
    const overview = CYCLE_ID.test(cycle) ? await myOverview(req.user!, cycle, localeOf(req)) : null;
    if (!overview) throw notFound('review');
    res.json(overview);
  });

  router.get('/me', requireUser, async (req, res) => {
    const [cycles, boards] = await Promise.all([myCycles(req.user!.id), myUnitCalibrations(req.user!.id)]);
    const asked = typeof req.query.cycle === 'string' ? req.query.cycle : undefined;
    const cycle = asked ?? cycles[0]?.cycle;
    const title = translate(localeOf(req), 'me.title');
    if (!cycle) return render(req, res, 'me', { title, cycles, boards, overview: null });
    const overview = CYCLE_ID.test(cycle) ? await myOverview(req.user!, cycle, localeOf(req)) : null;
    if (!overview) throw notFound('review');
    const appealOpen = Boolean(overview.appeal?.window?.open && !overview.appeal.appeal);
    render(req, res, 'me', {
      title,
      cycles: cycles.map((c) => ({ ...c, selected: c.cycle === cycle })),
      overview,
      boards,
      appealOpen,
      withFormio: appealOpen,
      clientData: { cycle, form: appealOpen ? await appealFilingForm() : null },
    });
  });
  return router;
}
