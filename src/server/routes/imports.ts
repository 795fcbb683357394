import { Router } from 'express';
import { importComplianceEvents } from '../../import/compliance-event-import';
import { importCompensation } from '../../import/compensation-import';
import { importMetrics } from '../../import/metric-import';
import { requireRole, requireUser } from '../current-user';
import type { RateLimits } from '../security/rate-limits';

/** Paths whose bodies may be large (a CSV of 10,000 rows travels as one JSON string). */
export const IMPORT_PATHS = ['/api/metrics', '/api/compliance-events', '/api/compensation'];

/**
 * Imports by API or CSV: validated completely before anything is written, idempotent (a re-import
 * changes nothing and says so), the source kept on each record, one audit entry per batch.
 * 201 when something was created or changed, 200 when everything was as sent.
 */
export function importRoutes(limits: RateLimits): Router {
  const router = Router();
  const answer = (result: { created: number; updated: number }) => (result.created + result.updated > 0 ? 201 : 200);
  // Who imports which metric is the metric catalogue's to say (a policy), so only sign-in is checked here.
  router.post('/api/metrics', requireUser, limits.writes, async (req, res) => {
    const result = await importMetrics(req.body, req.user!);
    res.status(answer(result)).json(result);
  });
  router.post('/api/compliance-events', requireUser, requireRole('compliance-officer', 'risk-officer'), limits.writes, async (req, res) => {
    const result = await importComplianceEvents(req.body, req.user!);
    res.status(answer(result)).json(result);
  });
  router.post('/api/compensation', requireUser, requireRole('hr', 'admin'), limits.writes, async (req, res) => {
    const result = await importCompensation(req.body, req.user!);
    res.status(answer(result)).json(result);
  });
  return router;
}
