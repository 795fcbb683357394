import { Router } from 'express';
import type { CompliancePolicy } from '../../domain/compliance';
import { latestPolicy } from '../../import/latest-policy';
import { requireUser } from '../current-user';
import { notFound } from '../http-errors';
import { localeOf } from '../i18n';
import { decideWarning } from '../risk-warnings/decide-warning';
import { decidesWarnings, readsAllWarnings } from '../risk-warnings/warning-access';
import { readableWarnings, warningsInWords } from '../risk-warnings/warning-view';
import type { RateLimits } from '../security/rate-limits';
import { render } from '../views';

/**
 * Early warnings of risky selling (policies/early-warning.json, raised when metrics are imported):
 *   GET  /risk-warnings                            the page: each warning with the figures that raised it
 *   GET  /api/risk-warnings                        the same as JSON
 *   POST /api/risk-warnings/:warningId/decision    the risk officer confirms (a compliance event) or dismisses
 * Readers: the risk and compliance functions, auditors and admins; managers and unit heads for their people.
 */
export function riskWarningRoutes(limits: RateLimits): Router {
  const router = Router();

  router.get('/risk-warnings', requireUser, async (req, res) => {
    const warnings = await readableWarnings(req.user!);
    const managesAnyone = warnings.length > 0 || readsAllWarnings(req.user!);
    if (!managesAnyone) throw notFound('page');
    const locale = localeOf(req);
    const severities = (await latestPolicy<CompliancePolicy>('compliance')).body.severities;
    render(req, res, 'risk-warnings', { title: 'risk-warnings', warnings: await warningsInWords(warnings, locale), decides: decidesWarnings(req.user!), severities });
  });

  router.get('/api/risk-warnings', requireUser, async (req, res) => {
    res.json({ warnings: await warningsInWords(await readableWarnings(req.user!), localeOf(req)) });
  });

  router.post('/api/risk-warnings/:warningId/decision', requireUser, limits.writes, async (req, res) => {
    if (!decidesWarnings(req.user!)) throw notFound('warning');
    const { warning, replayed } = await decideWarning(String(req.params.warningId), req.body, req.user!, localeOf(req));
    res.status(replayed ? 200 : 201).json({ warning: (await warningsInWords([warning], localeOf(req)))[0], replayed });
  });
  return router;
}
