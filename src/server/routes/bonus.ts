import { Router } from 'express';
import { AwardModel, awardId } from '../../db/models/award';
import { BonusLetterModel } from '../../db/models/bonus-letter';
import { BonusRoundModel, bonusRoundId } from '../../db/models/bonus-round';
import { ReviewCaseModel } from '../../db/models/review-case';
import { mayReadAward, mayReadBonusOfUnit } from '../access/bonus-access';
import { bonusRoundView } from '../bonus/round-view';
import { CYCLE_ID } from '../cases/launch-reviews';
import { launchBonusRounds, UNIT_ID } from '../cases/launch-bonus-rounds';
import { requireRole, requireUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import { notFound } from '../http-errors';
import { readBody } from '../request-body';
import type { RateLimits } from '../security/rate-limits';

export function bonusRoutes(engine: EngineClient, limits: RateLimits): Router {
  const router = Router();

  router.post('/api/cycles/:cycle/bonus-rounds', requireUser, requireRole('hr', 'admin'), limits.writes, async (req, res) => {
    const body = readBody(req.body, {
      unitIds: { type: 'string[]', required: true, maxLength: 200 },
      deferralPack: { type: 'string', maxLength: 60 },
      awardDate: { type: 'string', maxLength: 10 },
    });
    const result = await launchBonusRounds(engine, { cycle: req.params.cycle, ...body, user: req.user! });
    res.status(result.launched.length > 0 ? 201 : 200).json(result);
  });

  router.get('/api/bonus-rounds/:cycle/:unitId', requireUser, async (req, res) => {
    const [cycle, unitId] = [String(req.params.cycle), String(req.params.unitId)];
    const valid = CYCLE_ID.test(cycle) && UNIT_ID.test(unitId);
    const round = valid && (await mayReadBonusOfUnit(req.user!, unitId)) ? await BonusRoundModel.findById(bonusRoundId(cycle, unitId)).lean() : null;
    if (!round) throw notFound('bonus round');
    res.json({ round: await bonusRoundView(round, await ReviewCaseModel.findById(round.caseId, { status: 1 }).lean()) });
  });

  router.get('/api/awards/:cycle/:personId', requireUser, async (req, res) => {
    const [cycle, personId] = [String(req.params.cycle), String(req.params.personId)];
    const valid = CYCLE_ID.test(cycle) && UNIT_ID.test(personId);
    const award = valid ? await AwardModel.findById(awardId(cycle, personId)).lean() : null;
    // Who may not read it gets the answer an absent award gets.
    if (!award || !(await mayReadAward(req.user!, award))) throw notFound('award');
    const letter = await BonusLetterModel.findById(award._id).lean();
    res.json({ award, letter: letter ? { locale: letter.locale, text: letter.text, amountMinor: letter.amountMinor, renderedAt: letter.renderedAt } : null });
  });
  return router;
}
