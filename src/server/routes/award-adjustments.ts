import { Router } from 'express';
import { readableAdjustmentCase } from '../award-adjustments/case-view';
import { requireUser } from '../current-user';
import { notFound } from '../http-errors';
import { loader } from './support/loader';

/** GET /api/award-adjustments/:caseId: a malus-and-clawback case as HR, the committee, the officers and auditors read it. */
export function awardAdjustmentRoutes(): Router {
  const router = Router();
  const adjustment = loader((req) => readableAdjustmentCase(req.user!, String(req.params.caseId)), () => notFound('adjustment case'));

  router.get('/api/award-adjustments/:caseId', requireUser, adjustment, (req, res) => {
    res.json(adjustment.of(req));
  });
  return router;
}
