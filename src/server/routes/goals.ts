import { Router } from 'express';
import { requireUser } from '../current-user';
import { goalsPersonFor, personGoalsView } from '../goals/goal-views';
import { notFound } from '../http-errors';
import { loader } from './support/loader';

/** /api/goals/:cycle/:personId: a person's approved goals in a cycle, each with the unit goals and strategy above it. */
export function goalRoutes(): Router {
  const router = Router();
  router.use('/api/goals', requireUser);
  const person = loader((req) => goalsPersonFor(req.user!, String(req.params.cycle), String(req.params.personId)), () => notFound('goals'));

  router.get('/api/goals/:cycle/:personId', person, async (req, res) => {
    res.json(await personGoalsView(String(req.params.cycle), person.of(req)));
  });
  return router;
}
