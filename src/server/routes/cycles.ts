import { Router } from 'express';
import { requireRole, requireUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import { launchReviews } from '../cases/launch-reviews';
import { readBody } from '../request-body';
import { forbidden } from '../http-errors';
import type { RateLimits } from '../security/rate-limits';

export function cycleRoutes(engine: EngineClient, limits: RateLimits): Router {
  const router = Router();
  router.post('/api/cycles/:cycle/reviews', requireUser, requireRole('hr', 'process-owner', 'admin'), limits.writes, async (req, res) => {
    // No body launches every employee who has a manager; launchReviews checks each id.
    const { employeeIds, checkInReminder } = readBody(req.body, { employeeIds: { type: 'string[]', maxLength: 10_000 }, checkInReminder: { type: 'string', maxLength: 40 } });
    // Replacing the policy's reminder rhythm is HR's call, not the process owner's or an admin's.
    if (checkInReminder !== undefined && !req.user!.roles.includes('hr')) throw forbidden('only HR may change the check-in reminder schedule at launch');
    const result = await launchReviews(engine, { cycle: req.params.cycle, employeeIds, user: req.user!, checkInReminder });
    res.status(result.launched.length > 0 ? 201 : 200).json(result);
  });
  return router;
}
