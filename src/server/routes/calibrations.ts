import { Router, type Request } from 'express';
import { readableCalibration } from '../calibrations/calibration-view';
import { UNIT_ID } from '../cases/launch-calibrations';
import { CYCLE_ID } from '../cases/launch-reviews';
import { requireUser } from '../current-user';
import { notFound } from '../http-errors';
import { calibrationBoard } from '../hr/calibration-board';
import { render } from '../views';

/**
 * /api/calibrations/:cycle/:unitId (a unit's calibration) and /calibrations/:cycle/:unitId (HR's
 * board). Launching calibrations is POST /api/cycles/:cycle/calibrations (routes/cycles.ts).
 */
export function calibrationRoutes(): Router {
  const router = Router();
  // Anything that cannot be a cycle or a unit is not looked up; it answers like one the reader may not see.
  const ids = (params: Request['params']) => {
    const [cycle, unitId] = [String(params.cycle), String(params.unitId)];
    return CYCLE_ID.test(cycle) && UNIT_ID.test(unitId) ? { cycle, unitId } : null;
  };

  router.get('/api/calibrations/:cycle/:unitId', requireUser, async (req, res) => {
    const valid = ids(req.params);
    const view = valid ? await readableCalibration(req.user!, valid.cycle, valid.unitId) : null;
    if (!view) throw notFound('calibration');
    res.json(view);
  });

  router.get('/calibrations/:cycle/:unitId', requireUser, async (req, res) => {
    const valid = ids(req.params);
    const board = valid ? await calibrationBoard(req.user!, valid.cycle, valid.unitId) : null;
    if (!board) throw notFound('page');
    render(req, res, 'hr-calibration', { title: `${valid!.cycle} · ${valid!.unitId}`, board });
  });
  return router;
}
