import { Router } from 'express';
import { requireRole, requireUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import { launchReviews } from '../cases/launch-reviews';

export function cycleRoutes(engine: EngineClient): Router {
  const router = Router();
  router.post('/api/cycles/:cycle/reviews', requireUser, requireRole('hr', 'process-owner', 'admin'), async (req, res) => {
    const result = await launchReviews(engine, { cycle: req.params.cycle, employeeIds: req.body?.employeeIds, actor: req.user!.id });
    res.status(result.launched.length > 0 ? 201 : 200).json(result);
  });
  return router;
}
