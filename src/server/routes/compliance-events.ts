import { Router } from 'express';
import { importComplianceEvents } from '../../import/compliance-event-import';
import { requireRole, requireUser } from '../current-user';
import type { RateLimits } from '../security/rate-limits';
import { importStatus } from './support/imports';

/** POST /api/compliance-events: an import of compliance events, by compliance and risk officers (see support/imports.ts). */
export function complianceEventRoutes(limits: RateLimits): Router {
  const router = Router();
  router.post('/api/compliance-events', requireUser, requireRole('compliance-officer', 'risk-officer'), limits.writes, async (req, res) => {
    const result = await importComplianceEvents(req.body, req.user!);
    res.status(importStatus(result)).json(result);
  });
  return router;
}
