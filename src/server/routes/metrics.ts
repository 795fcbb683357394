import { Router } from 'express';
import { importMetrics } from '../../import/metric-import';
import { requireUser } from '../current-user';
import type { RateLimits } from '../security/rate-limits';
import { importStatus } from './support/imports';

/** POST /api/metrics: an import of unit and person metrics (see support/imports.ts for what every import promises). */
export function metricRoutes(limits: RateLimits): Router {
  const router = Router();
  // Who imports which metric is the metric catalogue's to say (a policy), so only sign-in is checked here.
  router.post('/api/metrics', requireUser, limits.writes, async (req, res) => {
    const result = await importMetrics(req.body, req.user!);
    res.status(importStatus(result)).json(result);
  });
  return router;
}
