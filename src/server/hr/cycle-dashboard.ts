import { BonusRoundModel } from '../../db/models/bonus-round';
import { CalibrationModel } from '../../db/models/calibration';
import { OrgUnitModel } from '../../db/models/org-unit';
import { PersonModel, type Role } from '../../db/models/person';
import { ReviewCaseModel } from '../../db/models/review-case';
import { ScoreModel } from '../../db/models/score';
import { SubmissionModel } from '../../db/models/submission';
import { policyVersion } from '../../db/immutable-versions';
import { analyseDistribution, type CalibrationPolicy } from '../../domain/calibration';
import { countFunnel, countOverdue, FUNNEL_STEPS, standingRatings } from '../../domain/cycle-funnel';
import { REVIEW_PROCESS_KEY } from '../../platform/cases/launch-reviews';
import type { CurrentUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import { flowsStartableBy } from '../../platform/launcher/flow-definitions';
import { mayReadCalibration } from '../calibrations/calibration-view';
import { mayReadBonusOfUnit } from '../access/bonus-access';
import { policyVersionsInForce } from '../../db/policies-in-force';

/** Roles that see every unit of a cycle's dashboard; an HRBP sees the units they partner. */
export const DASHBOARD_ALL: readonly Role[] = ['hr', 'comp-committee', 'auditor', 'admin'];
export const DASHBOARD_ROLES: readonly Role[] = [...DASHBOARD_ALL, 'hrbp'];
/** The overdue list reads at most this many tasks from the engine (one query). */
const OVERDUE_LIMIT = 2000;

/** The units this reader sees on a dashboard: all (null), those they are HRBP of, or none (not a dashboard reader). */
export async function dashboardUnits(user: CurrentUser): Promise<Set<string> | null | false> {
  if (user.roles.some((role) => DASHBOARD_ALL.includes(role))) return null;
  if (!user.roles.includes('hrbp')) return false;
  const units = await OrgUnitModel.find({ hrbpId: user.id }, { _id: 1 }).lean();
  return new Set(units.map((u) => u._id));
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A cycle's progress for HR: the completion funnel overall and per unit, overdue open tasks per step
 * and unit, the standing ratings against the calibration curve, and which units have a calibration
 * or bonus round to open. A fixed number of queries whatever the cycle's size: cases, people, task
 * submissions, scores, calibrations, bonus rounds from the store, and one task query to the engine.
 */
export async function cycleDashboard(engine: EngineClient, cycle: string, visibleUnits: Set<string> | null, now = new Date()) {
  const [cases, people, units] = await Promise.all([
    ReviewCaseModel.find({ cycle, processKey: REVIEW_PROCESS_KEY }, { subjectId: 1, status: 1, processInstanceId: 1, policyVersions: 1 }).lean(),
    PersonModel.find({}, { unitId: 1 }).lean(),
    OrgUnitModel.find({}, { name: 1 }).lean(),
  ]);
  const unitOf = new Map(people.map((p) => [p._id, p.unitId]));
  const visible = cases
    .map((c) => ({ ...c, unitId: unitOf.get(c.subjectId) ?? '' }))
    .filter((c) => visibleUnits === null || visibleUnits.has(c.unitId));
  const visibleCaseIds = new Set(visible.map((c) => c._id));
  const visibleSubjects = new Set(visible.map((c) => c.subjectId));

  const [submissions, scores, calibrations, bonusRounds, overdueTasks] = await Promise.all([
    visible.length === 0 ? [] : SubmissionModel.find(
      { caseId: { $regex: `^${escapeRegex(cycle)}:` }, taskDefinitionKey: { $in: ['goalSetting', 'checkIn', 'selfAssessment', 'managerAssessment'] } },
      { caseId: 1, taskDefinitionKey: 1 },
    ).lean(),
    visible.length === 0 ? [] : ScoreModel.find({ cycle, step: { $in: ['final', 'calibrated', 'appeal'] } }, { subjectId: 1, step: 1, rating: 1 }).lean(),
    CalibrationModel.find({ cycle }, { unitId: 1, status: 1 }).lean(),
    BonusRoundModel.find({ cycle }, { unitId: 1, status: 1 }).lean(),
    visible.length === 0 ? [] : engine.overdueTasks(REVIEW_PROCESS_KEY, cycle, now, OVERDUE_LIMIT),
  ]);

  const funnel = countFunnel(
    visible.map((c) => ({ caseId: c._id, unitId: c.unitId, status: c.status })),
    submissions.filter((s) => visibleCaseIds.has(s.caseId)).map((s) => ({ caseId: s.caseId, taskDefinitionKey: s.taskDefinitionKey })),
  );

  const caseOfInstance = new Map(visible.filter((c) => c.processInstanceId).map((c) => [c.processInstanceId!, c]));
  const overdueOfVisible = overdueTasks.flatMap((t) => {
    const c = caseOfInstance.get(t.processInstanceId);
    return c ? [{ step: t.taskDefinitionKey, unitId: c.unitId }] : [];
  });

  // The curve the cycle's cases pinned (the first case's), else the one in force today.
  const pinned = visible[0]?.policyVersions?.calibration ?? (await policyVersionsInForce()).calibration;
  const policyDoc = pinned === undefined ? null : await policyVersion('calibration', pinned);
  const ratings = standingRatings(scores.filter((s) => visibleSubjects.has(s.subjectId)));
  const distribution = policyDoc
    ? analyseDistribution([...ratings].map(([id, rating]) => ({ id, rating })), policyDoc.body as unknown as CalibrationPolicy, { key: 'calibration', version: policyDoc.version })
    : null;

  const unitName = new Map(units.map((u) => [u._id, u.name]));
  const calibrationOf = new Map(calibrations.map((c) => [c.unitId, c.status]));
  const bonusOf = new Map(bonusRounds.map((b) => [b.unitId, b.status]));
  return {
    cycle,
    steps: FUNNEL_STEPS,
    funnel: {
      overall: funnel.overall,
      units: funnel.units.map((u) => ({
        ...u, name: unitName.get(u.unitId) ?? null,
        calibration: calibrationOf.get(u.unitId) ?? null, bonusRound: bonusOf.get(u.unitId) ?? null,
      })),
    },
    overdue: {
      total: overdueOfVisible.length,
      /** True when the engine had more overdue tasks than one query reads. */
      truncated: overdueTasks.length >= OVERDUE_LIMIT,
      rows: countOverdue(overdueOfVisible).map((r) => ({ ...r, unitName: unitName.get(r.unitId) ?? null })),
    },
    distribution: distribution && distributionChart(distribution.bands, ratings.size, policyDoc!.version, (policyDoc!.body as { tolerancePercentagePoints?: number }).tolerancePercentagePoints ?? 0),
  };
}

/**
 * Bars of a distribution against its curve on one scale (the largest share shown, at least 50 %):
 * the actual share as a bar, the target as a mark, the tolerated range (low–high) as a shaded band.
 */
export function placeOnScale<T extends { actualPercent: number; targetPercent: number; lowPercent: number; highPercent: number }>(rows: readonly T[]) {
  const scale = Math.max(50, ...rows.map((r) => Math.max(r.actualPercent, r.highPercent)));
  const at = (percent: number) => Math.round((percent / scale) * 1000) / 10;
  return { scale, bands: rows.map((r) => ({ ...r, actualAt: at(r.actualPercent), targetAt: at(r.targetPercent), lowAt: at(r.lowPercent), bandWidth: Math.round((at(r.highPercent) - at(r.lowPercent)) * 10) / 10 })) };
}

export function distributionChart(bands: ReadonlyArray<{ band: string; targetPercent: number; actualPercent: number; actualCount: number; withinTolerance: boolean }>, rated: number, version: number, tolerance: number) {
  const rows = bands.map((b) => ({
    band: b.band, targetPercent: b.targetPercent, actualPercent: b.actualPercent, actualCount: b.actualCount, withinTolerance: b.withinTolerance,
    lowPercent: Math.max(0, b.targetPercent - tolerance), highPercent: Math.min(100, b.targetPercent + tolerance),
  }));
  return { rated, policy: { key: 'calibration', version, tolerance }, ...placeOnScale(rows) };
}

/** Which unit flows the reader may start from the dashboard (the diagrams' starters decide, as on the launch page). */
export async function dashboardStarts(engine: EngineClient, user: CurrentUser): Promise<{ calibration: boolean; bonus: boolean }> {
  const startable = await flowsStartableBy(engine, user);
  return { calibration: startable.some((f) => f.key === 'calibration'), bonus: startable.some((f) => f.key === 'bonus-approval') };
}

/**
 * Each unit row with whether its calibration and bonus round links open for this reader: the
 * committee reads pay, not every unit's calibration, and is shown no link it cannot follow.
 */
export async function withOpenableLinks<T extends { unitId: string; calibration: unknown; bonusRound: unknown }>(user: CurrentUser, rows: T[]) {
  const units = new Map((await OrgUnitModel.find({ _id: { $in: rows.map((r) => r.unitId) } }, { headId: 1, hrbpId: 1 }).lean()).map((u) => [u._id, u]));
  return Promise.all(rows.map(async (row) => {
    const unit = units.get(row.unitId);
    return {
      ...row,
      mayOpenCalibration: Boolean(row.calibration) && Boolean(unit && mayReadCalibration(user, unit)),
      mayOpenBonusRound: Boolean(row.bonusRound) && (await mayReadBonusOfUnit(user, row.unitId)),
    };
  }));
}
