import { Router } from 'express';
import { CALIBRATION_PROCESS_KEY, UNIT_ID, launchCalibrations } from '../cases/launch-calibrations';
import { CYCLE_ID } from '../cases/launch-reviews';
import { readableCalibration } from '../calibrations/calibration-view';
import { requireRole, requireUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import { notFound } from '../http-errors';
import { readBody } from '../request-body';
import type { RateLimits } from '../security/rate-limits';

export function calibrationRoutes(engine: EngineClient, limits: RateLimits): Router {
  const router = Router();
  router.post('/api/cycles/:cycle/calibrations', requireUser, requireRole('hr', 'process-owner', 'admin', 'hrbp'), limits.writes, async (req, res) => {
    const { unitIds } = readBody(req.body, { unitIds: { type: 'string[]', required: true, maxLength: 1000 } });
    const result = await launchCalibrations(engine, { cycle: String(req.params.cycle), unitIds, user: req.user! });
    if (!result.ok) {
      const { ok: _ok, ...blocked } = result;
      res.status(409).json({ error: 'some units are not ready for calibration', processKey: CALIBRATION_PROCESS_KEY, ...blocked });
      return;
    }
    const { ok: _ok, ...launched } = result;
    res.status(launched.launched.length > 0 ? 201 : 200).json(launched);
  });

  router.get('/api/calibrations/:cycle/:unitId', requireUser, async (req, res) => {
    const cycle = String(req.params.cycle);
    const unitId = String(req.params.unitId);
    // Anything that cannot be a cycle or a unit is not looked up; it answers like one the reader may not see.
    const view = CYCLE_ID.test(cycle) && UNIT_ID.test(unitId) ? await readableCalibration(req.user!, cycle, unitId) : null;
    if (!view) throw notFound('calibration');
    res.json(view);
  });
  return router;
}
