import { Router } from 'express';
import type { TalentAnswer } from '../../domain/api-types';
import { flowsStartableBy } from '../../platform/launcher/flow-definitions';
import { requireUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import { notFound } from '../http-errors';
import { localeOf } from '../i18n';
import { NOMINATION_FLOW, talentView } from '../talent/talent-view';
import { render } from '../views';

/**
 * The talent view (policies/talent.json, domain/talent.ts), for HR, the compensation committee,
 * auditors and admins (everyone), and an HRBP (the units they partner):
 *   GET /talent       the page: rating and 9-box cell cycle by cycle, flags with their reasons, nominations,
 *                     and "Nominate" for whoever the talent-nomination diagram lets start it (the launcher's rule)
 *   GET /api/talent   the same as JSON
 * Nominating starts processes/talent-nomination.bpmn through the launcher (POST /api/flows/talent-nomination/launches).
 */
export function talentRoutes(engine: EngineClient): Router {
  const router = Router();

  router.get('/talent', requireUser, async (req, res) => {
    const locale = localeOf(req);
    const view = await talentView(req.user!, locale);
    if (!view) throw notFound('page');
    const nominates = (await flowsStartableBy(engine, req.user!)).some((f) => f.key === NOMINATION_FLOW);
    render(req, res, 'talent', { title: 'talent', ...view, nominates, flow: NOMINATION_FLOW });
  });

  router.get('/api/talent', requireUser, async (req, res) => {
    const view: TalentAnswer | null = await talentView(req.user!, localeOf(req));
    if (!view) throw notFound('page');
    res.json(view);
  });
  return router;
}
