import { Router } from 'express';
import { PersonModel } from '../../db/models/person';
import { ReviewCaseModel } from '../../db/models/review-case';
import { ScoreModel } from '../../db/models/score';
import { mayReadCaseOf } from '../access/case-access';
import { requireUser } from '../current-user';
import { notFound } from '../http-errors';

/** `<cycle>:<person id>`; anything else cannot be a case and is not looked up. */
const CASE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}:[A-Za-z0-9_-]{1,80}$/;

export function caseRoutes(): Router {
  const router = Router();
  router.get('/api/cases/:caseId', requireUser, async (req, res) => {
    const caseId = String(req.params.caseId);
    const reviewCase = CASE_ID.test(caseId) ? await ReviewCaseModel.findById(caseId).lean() : null;
    const person = reviewCase ? await PersonModel.findById(reviewCase.subjectId, { name: 1, title: 1, unitId: 1, managerId: 1 }).lean() : null;
    // A case the reader may not see answers exactly like one that does not exist.
    if (!reviewCase || !person || !(await mayReadCaseOf(req.user!, person))) throw notFound('case');
    const { managerId: _managerId, ...subject } = person;
    const scores = await ScoreModel.find({ caseId: reviewCase._id }).lean();
    res.json({ case: reviewCase, subject, scores });
  });
  return router;
}
