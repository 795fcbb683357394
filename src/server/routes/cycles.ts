import { Router } from 'express';
import { requireRole, requireUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import { launchReviews } from '../cases/launch-reviews';
import { readBody } from '../request-body';
import type { RateLimits } from '../security/rate-limits';

export function cycleRoutes(engine: EngineClient, limits: RateLimits): Router {
  const router = Router();
  router.post('/api/cycles/:cycle/reviews', requireUser, requireRole('hr', 'process-owner', 'admin'), limits.writes, async (req, res) => {
    // No body launches every employee who has a manager; launchReviews checks each id.
    const { employeeIds } = readBody(req.body, { employeeIds: { type: 'string[]', maxLength: 10_000 } });
    const result = await launchReviews(engine, { cycle: req.params.cycle, employeeIds, actor: req.user!.id });
    res.status(result.launched.length > 0 ? 201 : 200).json(result);
  });
  return router;
}
