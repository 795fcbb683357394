import { Router } from 'express';
import { requireUser } from '../current-user';
import { goalsUnitFor, unitGoalsView } from '../goals/goal-views';
import { notFound } from '../http-errors';
import { loader } from './support/loader';

/** /api/unit-goals/:cycle/:unitId: a unit's goals in a cycle, with what serves each one below that the reader may see. */
export function unitGoalRoutes(): Router {
  const router = Router();
  router.use('/api/unit-goals', requireUser);
  const unit = loader((req) => goalsUnitFor(req.user!, String(req.params.cycle), String(req.params.unitId)), () => notFound('unit'));

  router.get('/api/unit-goals/:cycle/:unitId', unit, async (req, res) => {
    res.json(await unitGoalsView(req.user!, String(req.params.cycle), unit.of(req)));
  });
  return router;
}
