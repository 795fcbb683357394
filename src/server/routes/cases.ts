import { Router } from 'express';
import { PersonModel } from '../../db/models/person';
import { ReviewCaseModel } from '../../db/models/review-case';
import { ScoreModel } from '../../db/models/score';
import { requireUser, type CurrentUser } from '../current-user';
import { notFound } from '../http-errors';

/** Who may read a case's results: the employee, their manager, HR and auditors. */
function mayRead(user: CurrentUser, reviewCase: { subjectId: string; managerId: string }): boolean {
  return user.id === reviewCase.subjectId || user.id === reviewCase.managerId || user.roles.some((r) => r === 'hr' || r === 'auditor' || r === 'admin');
}

export function caseRoutes(): Router {
  const router = Router();
  router.get('/api/cases/:caseId', requireUser, async (req, res) => {
    const reviewCase = await ReviewCaseModel.findById(String(req.params.caseId)).lean();
    if (!reviewCase || !mayRead(req.user!, reviewCase)) throw notFound('case');
    const [subject, scores] = await Promise.all([
      PersonModel.findById(reviewCase.subjectId, { name: 1, title: 1, unitId: 1 }).lean(),
      ScoreModel.find({ caseId: reviewCase._id }).lean(),
    ]);
    res.json({ case: reviewCase, subject, scores });
  });
  return router;
}
