import { Router } from 'express';
import { BonusRoundModel, bonusRoundId } from '../../db/models/bonus-round';
import { ReviewCaseModel } from '../../db/models/review-case';
import { mayReadBonusOfUnit } from '../access/bonus-access';
import { bonusRoundView } from '../bonus/round-view';
import { bonusRoundSheets } from '../exports/bonus-round-export';
import { sendWorkbook } from '../exports/send-workbook';
import { requireUser } from '../current-user';
import { notFound } from '../http-errors';
import { bonusPool } from '../hr/bonus-pool';
import { render } from '../views';
import { localeOf, translate } from '../i18n';
import { unitOfCycle } from './support/unit-of-cycle';
import { loader } from './support/loader';

/**
 * /api/bonus-rounds/:cycle/:unitId (a unit's bonus round), …/export (the same as a workbook) and /bonus-rounds/:cycle/:unitId (HR's page
 * of its pool). Launching rounds is POST /api/cycles/:cycle/bonus-rounds (routes/cycles.ts).
 */
export function bonusRoundRoutes(): Router {
  const router = Router();
  const round = loader(async (req) => {
    const valid = unitOfCycle(req);
    return valid && (await mayReadBonusOfUnit(req.user!, valid.unitId)) ? BonusRoundModel.findById(bonusRoundId(valid.cycle, valid.unitId)).lean() : null;
  }, () => notFound('bonus round'));

  router.get('/api/bonus-rounds/:cycle/:unitId', requireUser, round, async (req, res) => {
    const found = round.of(req);
    res.json({ round: await bonusRoundView(found, await ReviewCaseModel.findById(found.caseId, { status: 1 }).lean()) });
  });

  router.get('/api/bonus-rounds/:cycle/:unitId/export', requireUser, round, async (req, res) => {
    const found = round.of(req);
    await sendWorkbook(res, `bonus-round-${found.cycle}-${found.unitId}`, await bonusRoundSheets(found, localeOf(req)));
  });

  router.get('/bonus-rounds/:cycle/:unitId', requireUser, async (req, res) => {
    const valid = unitOfCycle(req);
    const locale = localeOf(req);
    const pool = valid ? await bonusPool(req.user!, valid.cycle, valid.unitId, locale) : null;
    if (!pool) throw notFound('page');
    render(req, res, 'hr-bonus-round', { title: `${translate(locale, 'hr.bonus.title')} · ${pool.detail.unit?.name[locale] ?? valid!.unitId} · ${valid!.cycle}`, pool });
  });
  return router;
}
