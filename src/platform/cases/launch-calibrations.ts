import { unitReviews, type UnitReview } from '../../db/calibration-group';
import { OrgUnitModel, type OrgUnit } from '../../db/models/org-unit';
import { ReviewCaseModel, caseIdFor } from '../../db/models/review-case';
import { mapWithConcurrency } from '../../lib/concurrency';
import type { CurrentUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import type { FieldProblem } from '../forms/validate-submission';
import { badRequest } from '../http-errors';
import { CYCLE_ID } from './launch-reviews';
import { flowToStart, newestFlow } from '../launcher/flow-definitions';
import { startSettings, startTargetsNow } from '../launcher/flow-launches';

export const CALIBRATION_PROCESS_KEY = 'calibration';
import { UNIT_ID } from '../../domain/ids';

export { UNIT_ID };

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
  const unitById = new Map(unitIds.map((id, i) => [id, units[i] as Pick<OrgUnit, '_id' | 'headId' | 'hrbpId'>]));
  const gaps = await calibrationGaps(cycle, toCheck, unitById);
  if (gaps.unfinished.length + gaps.withoutReviews.length + gaps.withoutHeadOrHrbp.length > 0) return { ok: false, cycle, ...gaps };

  // Those who calibrate any unit start it as the diagram's starters say; an HRBP's calibration of a
  // unit they partner is this route's own rule (the diagram cannot say "the units they partner").
  const flow = anyUnit ? await flowToStart(engine, CALIBRATION_PROCESS_KEY, undefined, user, { routeChecked: true }) : await newestFlow(engine, CALIBRATION_PROCESS_KEY);
  const targets = unitIds.map((unitId) => ({ subjectId: unitId, unitId, managerId: unitById.get(unitId)!.headId ?? user.id, rule: 'unit-head' as const }));
  const started = await startTargetsNow(engine, flow, cycle, targets, await startSettings(CALIBRATION_PROCESS_KEY), user.id, 4);
  return { ok: true, cycle, ...started };
}

/** What keeps units' calibrations from starting: reviews not finalized, no finalized review at all, no head or HRBP to run and approve it. */
async function calibrationGaps(cycle: string, unitIds: string[], unitById: ReadonlyMap<string, Pick<OrgUnit, 'headId' | 'hrbpId'> | null | undefined>) {
  const reviews = await mapWithConcurrency(unitIds, 4, (id) => unitReviews(cycle, id));
  return {
    unfinished: unitIds.flatMap((unitId, i) => reviews[i]!.filter((r) => r.status === 'starting' || r.status === 'running').map((r) => ({ unitId, ...r }))),
    withoutReviews: unitIds.filter((_id, i) => !reviews[i]!.some((r) => r.status === 'finalized')),
    withoutHeadOrHrbp: unitIds.filter((id) => !unitById.get(id)?.headId || !unitById.get(id)?.hrbpId),
  };
}

/** The launcher's readiness check (flow-hooks.ts): the same gaps, one reason per unit. */
export async function calibrationReadiness(cycle: string, unitIds: string[]): Promise<Map<string, { code: string; message: string }>> {
  const units = await Promise.all(unitIds.map((id) => OrgUnitModel.findById(id, { headId: 1, hrbpId: 1 }).lean()));
  const gaps = await calibrationGaps(cycle, unitIds, new Map(unitIds.map((id, i) => [id, units[i]])));
  const reasons = new Map<string, { code: string; message: string }>();
  for (const id of gaps.withoutHeadOrHrbp) reasons.set(id, { code: 'no-head-or-hrbp', message: 'the unit has no head to hold the meeting or no HRBP to approve it' });
  for (const id of gaps.withoutReviews) reasons.set(id, { code: 'no-reviews', message: `nobody in the unit has a finalized review in cycle ${cycle}` });
  for (const review of gaps.unfinished) {
    const earlier = reasons.get(review.unitId);
    if (earlier?.code !== 'unfinished-reviews') reasons.set(review.unitId, { code: 'unfinished-reviews', message: `reviews not finalized yet: ${review.personId}` });
    else earlier.message += `, ${review.personId}`;
  }
  return reasons;
}
