import { Router } from 'express';
import { CYCLE_ID } from '../../domain/ids';
import { importMetrics } from '../../import/metric-import';
import { requireUser } from '../current-user';
import { mayExportMetrics, metricSheets } from '../exports/metric-export';
import { sendWorkbook } from '../exports/send-workbook';
import { notFound } from '../http-errors';
import { localeOf } from '../i18n';
import type { RateLimits } from '../security/rate-limits';
import { importStatus } from './support/imports';

/**
 * POST /api/metrics: an import of unit and person metrics (see support/imports.ts for what every
 * import promises); GET /api/metrics/:cycle/export: a cycle's metrics as a workbook that import reads back.
 */
export function metricRoutes(limits: RateLimits): Router {
  const router = Router();
  // Who imports which metric is the metric catalogue's to say (a policy), so only sign-in is checked here.
  router.post('/api/metrics', requireUser, limits.writes, async (req, res) => {
    const result = await importMetrics(req.body, req.user!, localeOf(req));
    res.status(importStatus(result)).json(result);
  });

  router.get('/api/metrics/:cycle/export', requireUser, async (req, res) => {
    const cycle = String(req.params.cycle);
    if (!CYCLE_ID.test(cycle) || !(await mayExportMetrics(req.user!))) throw notFound('metrics');
    await sendWorkbook(res, `metrics-${cycle}`, await metricSheets(req.user!, cycle, localeOf(req)));
  });
  return router;
}
