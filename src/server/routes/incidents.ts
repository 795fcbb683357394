import { Router } from 'express';
import type { IncidentList, IncidentRetried, MailRetried } from '../../domain/api-types';
import { requireUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import { notFound } from '../http-errors';
import { localeOf } from '../i18n';
import { isOperator, openIncidents, retryIncident } from '../incidents/open-incidents';
import type { RateLimits } from '../security/rate-limits';
import { render } from '../views';
import { failedMails, retryFailedMail } from '../mail/mail-admin';
import { readBody } from '../request-body';
import { NO_BODY } from '../request-bodies';

/**
 * Incidents for operators (admins and process owners; see incidents/open-incidents.ts):
 *   GET  /operations/incidents              the page: open incidents with a retry button each
 *   GET  /api/incidents                     the same list as JSON (the page refreshes from it)
 *   POST /api/incidents/:incidentId/retry   gives the failed task its attempts back, audited
 *   POST /api/incidents/mails/:mailId/retry a mail the dispatcher gave up on goes out again, once, audited
 * Everyone else gets "not found": the list holds error details of other people's cases.
 */
export function incidentRoutes(engine: EngineClient, limits: RateLimits): Router {
  const router = Router();

  router.get('/operations/incidents', requireUser, async (req, res) => {
    if (!isOperator(req.user)) throw notFound('page');
    const [incidents, mails] = await Promise.all([openIncidents(engine, localeOf(req)), failedMails(localeOf(req))]);
    render(req, res, 'incidents', { title: 'incidents', incidents, mails, clientData: { incidents } });
  });

  router.get('/api/incidents', requireUser, async (req, res) => {
    if (!isOperator(req.user)) throw notFound('incidents');
    const [incidents, mails] = await Promise.all([openIncidents(engine, localeOf(req)), failedMails(localeOf(req))]);
    res.json({ incidents, mails } satisfies IncidentList);
  });

  router.post('/api/incidents/:incidentId/retry', requireUser, limits.writes, async (req, res) => {
    if (!isOperator(req.user)) throw notFound('incident');
    if (req.body && typeof req.body === 'object' && Object.keys(req.body).length > 0) {
      return void res.status(400).json({ error: 'this request takes no body', problems: Object.keys(req.body).slice(0, 20).map((field) => ({ field: field.slice(0, 100), code: 'unknown', message: 'not a field here' })) });
    }
    const result = await retryIncident(engine, String(req.params.incidentId), req.user!.id);
    res.json({ retried: true, ...result } satisfies IncidentRetried);
  });

  router.post('/api/incidents/mails/:mailId/retry', requireUser, limits.writes, async (req, res) => {
    if (!isOperator(req.user)) throw notFound('mail');
    readBody(req.body, NO_BODY);
    res.json(await retryFailedMail(String(req.params.mailId), req.user!.id) satisfies MailRetried);
  });
  return router;
}
