import { Router } from 'express';
import { COMPLIANCE_EVENT_IMPORT_ROLES, importComplianceEvents } from '../../import/compliance-event-import';
import { requireRole, requireUser } from '../current-user';
import { localeOf } from '../i18n';
import type { RateLimits } from '../security/rate-limits';
import { importStatus } from './support/imports';

/** POST /api/compliance-events: an import of compliance events, by compliance and risk officers (see support/imports.ts). */
export function complianceEventRoutes(limits: RateLimits): Router {
  const router = Router();
  router.post('/api/compliance-events', requireUser, requireRole(...COMPLIANCE_EVENT_IMPORT_ROLES), limits.writes, async (req, res) => {
    const result = await importComplianceEvents(req.body, req.user!, localeOf(req));
    res.status(importStatus(result)).json(result);
  });
  return router;
}
