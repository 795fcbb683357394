import { Router } from 'express';
import { fileAppeal } from '../cases/file-appeal';
import { AppealModel } from '../../db/models/appeal';
import { PersonModel } from '../../db/models/person';
import { ReviewCaseModel, caseIdFor } from '../../db/models/review-case';
import { standingRating } from '../../db/models/score';
import { mayReadAppealOf } from '../access/appeal-access';
import { requireUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import { notFound } from '../http-errors';
import { readBody } from '../request-body';
import type { RateLimits } from '../security/rate-limits';

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/;

export function appealRoutes(engine: EngineClient, limits: RateLimits): Router {
  const router = Router();

  // Only for oneself: the person filing is the signed-in user, never a field of the body.
  router.post('/api/cycles/:cycle/appeals', requireUser, limits.writes, async (req, res) => {
    const { data } = readBody(req.body, { data: { type: 'object', required: true } });
    const { appeal, replayed } = await fileAppeal(engine, req.user!, String(req.params.cycle), data);
    res.status(replayed ? 200 : 201).json({ appeal, replayed });
  });

  router.get('/api/appeals/:cycle/:personId', requireUser, async (req, res) => {
    const cycle = String(req.params.cycle);
    const personId = String(req.params.personId);
    const person = ID.test(cycle) && ID.test(personId) ? await PersonModel.findById(personId, { unitId: 1, managerId: 1 }).lean() : null;
    const mayRead = person && await mayReadAppealOf(req.user!, person);
    const caseId = caseIdFor('appeal', cycle, personId);
    const appeal = mayRead ? await AppealModel.findById(caseId).lean() : null;
    if (!appeal) throw notFound('appeal');
    const [appealCase, standing] = await Promise.all([ReviewCaseModel.findById(caseId, { status: 1, escalatedAt: 1, launchedAt: 1 }).lean(), standingRating(cycle, personId)]);
    res.json({ appeal, case: appealCase, standingRating: standing });
  });
  return router;
}
