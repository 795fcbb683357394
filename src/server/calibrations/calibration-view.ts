import { calibrationId, readCalibration, type Calibration } from '../../db/models/calibration';
import { OrgUnitModel, type OrgUnit } from '../../db/models/org-unit';
import type { Role } from '../../db/models/person';
import { ReviewCaseModel } from '../../db/models/review-case';
import { personNames } from '../../db/person-cards';
import type { DistributionAnalysis } from '../../domain/calibration';
import type { CurrentUser } from '../current-user';
import { taskVariable, type EngineTask } from '../engine-client';

/** Roles that read every calibration: HR runs it, auditors check it, admins support it. */
const READ_ALL: readonly Role[] = ['hr', 'auditor', 'admin'];

/** Who may read a unit's calibration: the read-all roles, and the unit's head and HRBP as the org chart is now. */
export function mayReadCalibration(user: CurrentUser, unit: Pick<OrgUnit, 'headId' | 'hrbpId'>): boolean {
  if (user.roles.some((role) => READ_ALL.includes(role))) return true;
  return user.id === unit.headId || user.id === unit.hrbpId;
}

function distributionView(analysis: DistributionAnalysis) {
  return {
    groupSize: analysis.groupSize,
    curveBinding: analysis.curveBinding,
    withinTolerance: analysis.withinTolerance,
    passes: analysis.passes,
    bands: analysis.bands.map((b) => ({
      band: b.band, ratings: b.ratings, targetPercent: b.targetPercent, actualPercent: b.actualPercent,
      targetCount: b.targetCount, actualCount: b.actualCount, allowedMin: b.allowedMin, allowedMax: b.allowedMax, withinTolerance: b.withinTolerance,
    })),
  };
}

export type CalibrationView = Awaited<ReturnType<typeof calibrationView>>;

/**
 * A calibration as the people working it read it: names beside ids, the distribution against the
 * curve per band (proposed, and after the latest round), every round with its problems and the
 * HRBP's decision, what the meeting must fix now, and the final ratings once approved.
 */
export async function calibrationView(calibration: Calibration, unit: Pick<OrgUnit, '_id' | 'name'>) {
  const ids = [...new Set([...calibration.people.map((p) => p.personId), ...calibration.rounds.flatMap((r) => [r.submittedBy, r.hrbpDecision?.by ?? ''])].filter(Boolean))];
  const names = await personNames(ids);
  const calibrationCase = await ReviewCaseModel.findById(calibration.caseId, { status: 1 }).lean();
  const last = calibration.rounds[calibration.rounds.length - 1];
  const finalOf = new Map(calibration.final.map((f) => [f.personId, f]));
  return {
    id: calibration._id,
    cycle: calibration.cycle,
    unit: { id: unit._id, name: unit.name },
    caseId: calibration.caseId,
    caseStatus: calibrationCase?.status ?? null,
    status: calibration.status,
    policy: calibration.policy,
    people: calibration.people.map((p) => ({
      personId: p.personId, name: names.get(p.personId) ?? null, score: p.score, proposedRating: p.proposedRating,
      finalRating: finalOf.get(p.personId)?.toRating ?? null,
    })),
    distribution: {
      proposed: distributionView(calibration.analysis),
      latest: last ? distributionView(last.after) : null,
    },
    rounds: calibration.rounds.map((r) => ({
      round: r.round, submittedBy: { id: r.submittedBy, name: names.get(r.submittedBy) ?? null }, judgedAt: r.judgedAt,
      changes: r.changes, meetingNotes: r.meetingNotes, accepted: r.accepted, curveAdvisory: r.curveAdvisory, problems: r.problems,
      hrbpDecision: r.hrbpDecision ? { decision: r.hrbpDecision.decision, comment: r.hrbpDecision.comment, by: { id: r.hrbpDecision.by, name: names.get(r.hrbpDecision.by) ?? null }, at: r.hrbpDecision.at } : null,
    })),
    /** What the meeting has to fix now: the last round's problems, or the HRBP's reasons for returning it. */
    lastRoundProblems: last && !last.accepted ? last.problems : [],
    returnComment: last?.hrbpDecision?.decision === 'return' ? last.hrbpDecision.comment : null,
    curveAdvisory: !calibration.analysis.curveBinding,
    final: calibration.final.map((f) => ({ ...f, name: names.get(f.personId) ?? null })),
  };
}

/** The calibration of a unit in a cycle for this reader, or null when it does not exist or is not theirs to see. */
export async function readableCalibration(user: CurrentUser, cycle: string, unitId: string): Promise<CalibrationView | null> {
  const found = await readableCalibrationRecord(user, cycle, unitId);
  return found && calibrationView(found.calibration, found.unit);
}

/** The stored calibration and its unit, when this reader may read it (as readableCalibration). */
export async function readableCalibrationRecord(user: CurrentUser, cycle: string, unitId: string): Promise<{ calibration: Calibration; unit: Pick<OrgUnit, '_id' | 'name' | 'headId' | 'hrbpId'> } | null> {
  const [calibration, unit] = await Promise.all([
    readCalibration(calibrationId(cycle, unitId)),
    OrgUnitModel.findById(unitId, { name: 1, headId: 1, hrbpId: 1 }).lean(),
  ]);
  if (!calibration || !unit || !mayReadCalibration(user, unit)) return null;
  return { calibration, unit };
}


/**
 * The people a calibration task decides on (its group), when the task is one of a calibration's:
 * nobody hands their own calibration to a person it rates. Empty for any other task.
 */
export async function peopleCalibratedBy(task: EngineTask): Promise<Set<string>> {
  const [caseId, cycle, unitId] = [taskVariable(task, 'caseId'), taskVariable(task, 'cycle'), taskVariable(task, 'subjectId')];
  if (!caseId || !cycle || !unitId) return new Set();
  const calibration = await readCalibration(calibrationId(cycle, unitId));
  return calibration?.caseId === caseId ? new Set(calibration.people.map((p) => p.personId)) : new Set();
}
