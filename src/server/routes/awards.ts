import { Router } from 'express';
import { AwardModel, awardId } from '../../db/models/award';
import { BonusLetterModel } from '../../db/models/bonus-letter';
import { mayReadAward } from '../access/bonus-access';
import { PERSON_ID } from '../../domain/ids';
import { CYCLE_ID } from '../../platform/cases/launch-reviews';
import { requireUser } from '../current-user';
import { notFound } from '../http-errors';
import { loader } from './support/loader';

/** /api/awards/:cycle/:personId: a person's bonus award and its letter. */
export function awardRoutes(): Router {
  const router = Router();
  const award = loader(async (req) => {
    const [cycle, personId] = [String(req.params.cycle), String(req.params.personId)];
    const found = CYCLE_ID.test(cycle) && PERSON_ID.test(personId) ? await AwardModel.findById(awardId(cycle, personId)).lean() : null;
    // Who may not read it gets the answer an absent award gets.
    return found && (await mayReadAward(req.user!, found)) ? found : null;
  }, () => notFound('award'));

  router.get('/api/awards/:cycle/:personId', requireUser, award, async (req, res) => {
    const found = award.of(req);
    const letter = await BonusLetterModel.findById(found._id).lean();
    res.json({ award: found, letter: letter ? { locale: letter.locale, text: letter.text, amountMinor: letter.amountMinor, renderedAt: letter.renderedAt } : null });
  });
  return router;
}
