import { policyVersionsInForce } from '../../db/policies-in-force';
import { unitReviews, type UnitReview } from '../../db/calibration-group';
import { FormVersionModel } from '../../db/models/form-version';
import { OrgUnitModel, type OrgUnit } from '../../db/models/org-unit';
import { ReviewCaseModel, caseIdFor } from '../../db/models/review-case';
import { latestVersions } from '../../deploy/versioned-documents';
import { mapWithConcurrency } from '../../lib/concurrency';
import type { CurrentUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import type { FieldProblem } from '../forms/validate-submission';
import { badRequest } from '../http-errors';
import { CYCLE_ID } from './launch-reviews';
import { startCase } from './start-case';

export const CALIBRATION_PROCESS_KEY = 'calibration';
export const UNIT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/;

/** Roles that may calibrate any unit; an HRBP calibrates the units they cover. */
const ANY_UNIT = ['hr', 'process-owner', 'admin'] as const;

export type CalibrationLaunch =
  | { ok: true; cycle: string; launched: string[]; alreadyRunning: string[] }
  | { ok: false; cycle: string; unfinished: Array<UnitReview & { unitId: string }>; withoutReviews: string[]; withoutHeadOrHrbp: string[] };

/**
 * Starts one calibration per org unit for a cycle, businessKey `<cycle>:<unit>:calibration`, once
 * every review the unit's calibration covers is finalized. All or nothing: when one unit is not
 * ready, none starts and the answer lists what is missing. Safe to repeat.
 */
export async function launchCalibrations(engine: EngineClient, input: { cycle: string; unitIds: string[]; user: CurrentUser }): Promise<CalibrationLaunch> {
  const { cycle, user } = input;
  if (!CYCLE_ID.test(cycle)) throw badRequest('invalid cycle', [{ field: 'cycle', code: 'pattern', message: 'cycle is 1–40 letters, digits, - or _' }]);
  const unitIds = [...new Set(input.unitIds)];
  if (unitIds.length === 0) throw badRequest('invalid unitIds', [{ field: 'unitIds', code: 'required', message: 'name at least one org unit' }]);

  const anyUnit = user.roles.some((role) => (ANY_UNIT as readonly string[]).includes(role));
  const units = await Promise.all(unitIds.map((id) => (UNIT_ID.test(id) ? OrgUnitModel.findById(id, { headId: 1, hrbpId: 1 }).lean() : null)));
  // A unit an HRBP does not cover answers like one that does not exist, word for word: the
  // problem names the unit by its place in the list, so the message cannot tell them apart.
  const problems: FieldProblem[] = unitIds.flatMap((_id, i) => (units[i] && (anyUnit || units[i]!.hrbpId === user.id)) ? []
    : [{ field: `unitIds[${input.unitIds.indexOf(unitIds[i]!)}]`, code: 'unknown', message: 'no org unit by this id that you may calibrate' }]);
  if (problems.length > 0) throw badRequest('some units cannot be calibrated by you', problems);

  const alreadyStarted = await Promise.all(unitIds.map((id) => ReviewCaseModel.findById(caseIdFor(CALIBRATION_PROCESS_KEY, cycle, id), { processInstanceId: 1 }).lean()));
  const toCheck = unitIds.filter((_id, i) => !alreadyStarted[i]?.processInstanceId);
  const reviews = await mapWithConcurrency(toCheck, 4, (id) => unitReviews(cycle, id));
  const unfinished = toCheck.flatMap((unitId, i) => reviews[i]!.filter((r) => r.status === 'starting' || r.status === 'running').map((r) => ({ unitId, ...r })));
  const withoutReviews = toCheck.filter((_id, i) => !reviews[i]!.some((r) => r.status === 'finalized'));
  const unitById = new Map(unitIds.map((id, i) => [id, units[i] as Pick<OrgUnit, '_id' | 'headId' | 'hrbpId'>]));
  const withoutHeadOrHrbp = toCheck.filter((id) => !unitById.get(id)?.headId || !unitById.get(id)?.hrbpId);
  if (unfinished.length + withoutReviews.length + withoutHeadOrHrbp.length > 0) return { ok: false, cycle, unfinished, withoutReviews, withoutHeadOrHrbp };

  const [formVersions, policyVersions] = await Promise.all([latestVersions(FormVersionModel), policyVersionsInForce()]);
  const result = { ok: true as const, cycle, launched: [] as string[], alreadyRunning: [] as string[] };
  await mapWithConcurrency(unitIds, 4, async (unitId) => {
    const { started } = await startCase(engine, {
      processKey: CALIBRATION_PROCESS_KEY, cycle, subjectId: unitId, subjectType: 'unit', managerId: unitById.get(unitId)!.headId ?? user.id,
      formVersions, policyVersions, actor: user.id,
    });
    (started ? result.launched : result.alreadyRunning).push(unitId);
  });
  return result;
}
