import type { Request } from 'express';
import { UNIT_ID } from '../../../platform/cases/launch-calibrations';
import { CYCLE_ID } from '../../../platform/cases/launch-reviews';

/**
 * The `:cycle` and `:unitId` of a unit's calibration or bonus round, or null when either cannot be
 * one: such a path is not looked up and answers like one the reader may not see.
 */
export function unitOfCycle(req: Request): { cycle: string; unitId: string } | null {
  const [cycle, unitId] = [String(req.params.cycle), String(req.params.unitId)];
  return CYCLE_ID.test(cycle) && UNIT_ID.test(unitId) ? { cycle, unitId } : null;
}
