import { Router } from 'express';
import { COMPENSATION_IMPORT_ROLES, importCompensation } from '../../import/compensation-import';
import { requireRole, requireUser } from '../current-user';
import { localeOf } from '../i18n';
import type { RateLimits } from '../security/rate-limits';
import { importStatus } from './support/imports';

/** POST /api/compensation: an import of pay, by HR and admins (see support/imports.ts). */
export function compensationRoutes(limits: RateLimits): Router {
  const router = Router();
  router.post('/api/compensation', requireUser, requireRole(...COMPENSATION_IMPORT_ROLES), limits.writes, async (req, res) => {
    const result = await importCompensation(req.body, req.user!, localeOf(req));
    res.status(importStatus(result)).json(result);
  });
  return router;
}
