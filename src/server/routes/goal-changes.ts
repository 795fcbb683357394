import { Router } from 'express';
import { requireUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import { goalHistory } from '../goal-changes/goal-history';
import { proposeGoalChange } from '../goal-changes/propose-change';
import { goalsPersonFor } from '../goals/goal-views';
import { notFound } from '../http-errors';
import { localeOf, translate } from '../i18n';
import { readBody } from '../request-body';
import { NO_BODY } from '../request-bodies';
import type { RateLimits } from '../security/rate-limits';
import { render } from '../views';
import { loader } from './support/loader';

/**
 * Goal changes during a cycle (processes/goal-change.bpmn): POST /api/goal-changes/:cycle starts
 * one for the signed-in person (only for oneself: the subject is never a field of the body);
 * GET /api/goal-changes/:cycle/:personId and the page /goal-changes/:cycle/:personId show a person's
 * goal-set versions to whoever may read their goals (the person, their manager, HR in scope).
 */
export function goalChangeRoutes(engine: EngineClient, limits: RateLimits): Router {
  const router = Router();
  const person = loader((req) => goalsPersonFor(req.user!, String(req.params.cycle), String(req.params.personId)), () => notFound('goals'));

  router.post('/api/goal-changes/:cycle', requireUser, limits.writes, async (req, res) => {
    readBody(req.body, NO_BODY);
    const result = await proposeGoalChange(engine, req.user!, String(req.params.cycle), localeOf(req));
    res.status(result.replayed ? 200 : 201).json(result);
  });

  router.get('/api/goal-changes/:cycle/:personId', requireUser, person, async (req, res) => {
    res.json(await goalHistory(String(req.params.cycle), person.of(req), req.user!.id));
  });

  router.get('/goal-changes/:cycle/:personId', requireUser, person, async (req, res) => {
    const history = await goalHistory(String(req.params.cycle), person.of(req), req.user!.id);
    render(req, res, 'goal-versions', { title: translate(localeOf(req), 'goalChange.history.title'), history });
  });
  return router;
}
