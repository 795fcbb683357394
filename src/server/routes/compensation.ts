import { Router } from 'express';
import { importCompensation } from '../../import/compensation-import';
import { requireRole, requireUser } from '../current-user';
import type { RateLimits } from '../security/rate-limits';
import { importStatus } from './support/imports';

/** POST /api/compensation: an import of pay, by HR and admins (see support/imports.ts). */
export function compensationRoutes(limits: RateLimits): Router {
  const router = Router();
  router.post('/api/compensation', requireUser, requireRole('hr', 'admin'), limits.writes, async (req, res) => {
    const result = await importCompensation(req.body, req.user!);
    res.status(importStatus(result)).json(result);
  });
  return router;
}
