import { Router } from 'express';
import { ADJUSTMENT_EVENT_BODY, fileAdjustmentEvent } from '../award-adjustments/file-event';
import { requireRole, requireUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import { readBody } from '../request-body';
import type { RateLimits } from '../security/rate-limits';

/** POST /api/adjustment-events: a risk or compliance event against an award, which starts its malus-and-clawback case. */
export function adjustmentEventRoutes(engine: EngineClient, limits: RateLimits): Router {
  const router = Router();
  router.post('/api/adjustment-events', requireUser, requireRole('risk-officer', 'compliance-officer'), limits.writes, async (req, res) => {
    const input = readBody(req.body, ADJUSTMENT_EVENT_BODY);
    // Filing the same event again changes nothing and answers 200 with the same case.
    const { created, ...result } = await fileAdjustmentEvent(engine, input, req.user!.id);
    res.status(created ? 201 : 200).json(result);
  });
  return router;
}
