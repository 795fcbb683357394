import { Router } from 'express';
import { readableCalibration, readableCalibrationRecord } from '../calibrations/calibration-view';
import { calibrationSheets } from '../exports/calibration-export';
import { sendWorkbook } from '../exports/send-workbook';
import { requireUser } from '../current-user';
import { notFound } from '../http-errors';
import { localeOf } from '../i18n';
import { calibrationBoard } from '../hr/calibration-board';
import { render } from '../views';
import { unitOfCycle } from './support/unit-of-cycle';

/**
 * /api/calibrations/:cycle/:unitId (a unit's calibration), …/export (the same as a workbook) and /calibrations/:cycle/:unitId (HR's
 * board). Launching calibrations is POST /api/cycles/:cycle/calibrations (routes/cycles.ts).
 */
export function calibrationRoutes(): Router {
  const router = Router();
  router.get('/api/calibrations/:cycle/:unitId', requireUser, async (req, res) => {
    const valid = unitOfCycle(req);
    const view = valid ? await readableCalibration(req.user!, valid.cycle, valid.unitId) : null;
    if (!view) throw notFound('calibration');
    res.json(view);
  });

  router.get('/api/calibrations/:cycle/:unitId/export', requireUser, async (req, res) => {
    const valid = unitOfCycle(req);
    const found = valid ? await readableCalibrationRecord(req.user!, valid.cycle, valid.unitId) : null;
    if (!found) throw notFound('calibration');
    await sendWorkbook(res, `calibration-${valid!.cycle}-${valid!.unitId}`, await calibrationSheets(found.calibration, found.unit, localeOf(req)));
  });

  router.get('/calibrations/:cycle/:unitId', requireUser, async (req, res) => {
    const valid = unitOfCycle(req);
    const board = valid ? await calibrationBoard(req.user!, valid.cycle, valid.unitId, localeOf(req)) : null;
    if (!board) throw notFound('page');
    render(req, res, 'hr-calibration', { title: `${valid!.cycle} · ${valid!.unitId}`, board });
  });
  return router;
}
