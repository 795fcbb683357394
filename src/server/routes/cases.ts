import { Router } from 'express';
import { caseView, readableCase } from '../cases/case-view';
import { requireUser } from '../current-user';
import { notFound } from '../http-errors';
import { loader } from './support/loader';

/** /api/cases/:caseId: a review case, the person it is about and its scores. */
export function caseRoutes(): Router {
  const router = Router();
  const reviewCase = loader((req) => readableCase(req.user!, String(req.params.caseId)), () => notFound('case'));

  router.get('/api/cases/:caseId', requireUser, reviewCase, async (req, res) => {
    res.json(await caseView(reviewCase.of(req)));
  });
  return router;
}
