import { Router } from 'express';
import { appealView, readableAppeal } from '../appeals/appeal-view';
import { requireUser } from '../current-user';
import { notFound } from '../http-errors';
import { loader } from './support/loader';

/** /api/appeals/:cycle/:personId: one person's appeal. Filing one's own is POST /api/cycles/:cycle/appeals (routes/cycles.ts). */
export function appealRoutes(): Router {
  const router = Router();
  const appeal = loader((req) => readableAppeal(req.user!, String(req.params.cycle), String(req.params.personId)), () => notFound('appeal'));

  router.get('/api/appeals/:cycle/:personId', requireUser, appeal, async (req, res) => {
    res.json(await appealView(appeal.of(req), String(req.params.cycle), String(req.params.personId)));
  });
  return router;
}
