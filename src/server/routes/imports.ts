import { Router } from 'express';
import { requireUser } from '../current-user';
import { mayExportMetrics } from '../exports/metric-export';
import { notFound } from '../http-errors';
import { importKindsFor } from '../imports/import-kinds';
import { render } from '../views';

/**
 * GET /imports: the page where the people who import data send a CSV or Excel file to
 * /api/metrics, /api/compliance-events or /api/compensation and read what was refused, row by row,
 * and where a cycle's metrics are taken out as a workbook. Others get "not found".
 */
export function importRoutes(): Router {
  const router = Router();
  router.get('/imports', requireUser, async (req, res) => {
    const [kinds, mayExport] = await Promise.all([importKindsFor(req.user!), mayExportMetrics(req.user!)]);
    if (kinds.length === 0 && !mayExport) throw notFound('page');
    render(req, res, 'imports', { title: 'imports', kinds: kinds.map((k) => ({ ...k, columnsText: k.columns.join(',') })), mayExport, clientData: { maxBytes: MAX_FILE_BYTES } });
  });
  return router;
}

/** The import routes take 8 MB of JSON; a workbook travels as base64, a third larger than the file. */
const MAX_FILE_BYTES = 6 * 1024 * 1024;
