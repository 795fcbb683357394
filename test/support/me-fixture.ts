import { AwardAdjustmentModel } from '../../src/db/models/award-adjustment';
import { AwardModel, awardId, type Award } from '../../src/db/models/award';
import { recordUnitGoals, unitGoalId } from '../../src/db/models/goal';
import { PersonModel } from '../../src/db/models/person';
import { PolicyVersionModel } from '../../src/db/models/policy-version';
import { ReviewCaseModel, caseIdFor } from '../../src/db/models/review-case';
import { policyVersion } from '../../src/db/immutable-versions';
import { latestVersions } from '../../src/platform/versions';
import { deferralSchedule, type DeferralPack } from '../../src/domain/deferral';
import { DEMO_PASSWORD } from '../../src/seed/demo-org';
import { seedUnitGoals } from '../../src/seed/unit-goals';
import { issueLetter } from '../../src/worker/blocks/bonus/issue-letter';
import { trancheRecords } from '../../src/worker/blocks/bonus/person-award';
import { storePorts } from '../../src/worker/store-ports';
import { createPerson, createUnit } from './fixtures';
import { HttpUser } from './http-user';
import { agreeGoals, checkIn, openTask, skipPeerFeedback, submit } from './review-driver';
import { eventually, uniqueCycle } from './stack';

/**
 * An employee in a test unit of their own (with its head and HRBP), driven through a cycle by the
 * real actors over HTTP: HR launches, the employee sets goals (the head approves), checks in and
 * assesses themself, the head assesses, the HRBP launches calibration, the head changes the rating
 * in the meeting with a reason and the HRBP approves — and the worker publishes the result.
 *
 * Back office weights (policies/scoring.json): business 0.3, risk 0.15, compliance 0.2, behaviour 0.35.
 * Manager ratings 4 / 3 / 4 / 4 → 1.2 + 0.45 + 0.8 + 1.4 = 3.85 → B; calibration makes it C.
 */
export const MANAGER_RATINGS = { businessRating: 4, riskRating: 3, complianceRating: 4, behaviourRating: 4 };
export const FINAL_SCORE = 3.85;
export const CALIBRATION_REASON = 'Unit above the curve: two stronger cases in the same role';

export interface MyCycleFixture {
  cycle: string;
  caseId: string;
  unitId: string;
  employee: HttpUser;
  head: HttpUser;
  hrbp: HttpUser;
}

/** The unit goals HR sets for the test unit; each serves one of the bank's strategic goals (EXEC). */
export const UNIT_GOALS = [
  { code: 'T1', parent: 'S1', title: { en: 'Cut the cost of back-office processing', 'zh-CN': '降低后台运营成本' }, target: 'Cost per case −10%' },
  { code: 'T2', parent: 'S3', title: { en: 'Every file audit-ready', 'zh-CN': '档案随时可审计' }, target: 'No audit findings' },
];

export async function employeeWithGoals(hr: HttpUser, baseUrl: string, prefix: string): Promise<MyCycleFixture> {
  const headPerson = await createPerson({ prefix: `${prefix}-head`, password: DEMO_PASSWORD, managerId: 'E0001' });
  const hrbpPerson = await createPerson({ prefix: `${prefix}-hrbp`, password: DEMO_PASSWORD, unitId: 'HR', roles: ['hrbp'] });
  const unitId = await createUnit({ prefix, headId: headPerson._id, hrbpId: hrbpPerson._id });
  await PersonModel.updateOne({ _id: headPerson._id }, { $set: { unitId } });
  const person = await createPerson({ prefix: `${prefix}-emp`, password: DEMO_PASSWORD, unitId, managerId: headPerson._id });
  const [employee, head, hrbp] = await HttpUser.signInAll(baseUrl, [person.username, headPerson.username, hrbpPerson.username]);

  const cycle = uniqueCycle(prefix);
  const caseId = await reviewWithAgreedGoals(hr, { unitId, employee, head }, cycle);
  await checkIn(employee, caseId);
  return { cycle, caseId, unitId, employee, head, hrbp };
}

/** The fixture's unit goals in a cycle, the employee's review launched and their goals agreed by the head; the review's case id. */
export async function reviewWithAgreedGoals(hr: HttpUser, f: Pick<MyCycleFixture, 'unitId' | 'employee' | 'head'>, cycle: string): Promise<string> {
  await seedUnitGoals(cycle);
  // There is no screen for unit goals yet: written as the seed writes the bank's (src/seed/unit-goals.ts).
  await recordUnitGoals(cycle, UNIT_GOALS.map((g) => ({
    _id: unitGoalId(cycle, f.unitId, g.code), cycle, unitId: f.unitId, code: g.code, title: g.title, kind: 'KPI', dimension: 'business', target: g.target, parentId: unitGoalId(cycle, 'EXEC', g.parent),
  })));
  const launch = await hr.post(`/api/cycles/${cycle}/reviews`, { employeeIds: [f.employee.id] });
  if (launch.status !== 201) throw new Error(`launch: ${launch.status} ${JSON.stringify(launch.body)}`);
  const caseId = `${cycle}:${f.employee.id}`;
  await agreeGoals(f.employee, f.head, caseId);
  return caseId;
}

/** Self-assessment, no 360, the manager's assessment: the review waits for calibration (B, 3.85). */
export async function assess(f: MyCycleFixture): Promise<void> {
  const self = await openTask(f.employee, f.caseId, 'selfAssessment');
  await submit(f.employee, self.id, { businessRating: 4, riskRating: 4, complianceRating: 4, behaviourRating: 4, achievements: 'Closed the onboarding backlog' });
  const managerTask = await skipPeerFeedback(f.head, f.caseId);
  await submit(f.head, managerTask, { ...MANAGER_RATINGS, strengths: 'Careful files', overallComment: 'Solid year' });
  await eventually('review finalized', async () => (await ReviewCaseModel.findById(f.caseId, { status: 1 }).lean())?.status === 'finalized');
}

/** The unit's calibration: the head moves B to C with a reason, the HRBP approves; the review is published. */
export async function calibrateAndPublish(f: MyCycleFixture): Promise<void> {
  // The final score is stored a moment before the case is marked finalized; calibration refuses a unit until it is.
  await eventually('review finalized', async () => (await ReviewCaseModel.findById(f.caseId, { status: 1 }).lean())?.status === 'finalized');
  const launched = await f.hrbp.post(`/api/cycles/${f.cycle}/calibrations`, { unitIds: [f.unitId] });
  if (launched.status !== 201) throw new Error(`calibration: ${launched.status} ${JSON.stringify(launched.body)}`);
  const calibrationCaseId = caseIdFor('calibration', f.cycle, f.unitId);
  const meeting = await openTask(f.head, calibrationCaseId, 'calibrationMeeting');
  await submit(f.head, meeting.id, { changes: [{ personId: f.employee.id, toRating: 'C', reason: CALIBRATION_REASON }], meetingNotes: 'One person; curve advisory' });
  const approval = await openTask(f.hrbp, calibrationCaseId, 'hrbpApproval');
  await submit(f.hrbp, approval.id, { decision: 'approve', comment: 'Reason recorded' });
  await eventually('review published', async () => (await ReviewCaseModel.findById(f.caseId, { publishedAt: 1 }).lean())?.publishedAt, 90_000);
}

/**
 * The award as the bonus flow leaves it after approval and letters, with one later malus. A whole
 * bonus round (pool, allocation, a four-step approval chain) and a malus case are out of this
 * journey's scope (bonus-flow and clawback-flow test them), so the documents are written here the
 * way those flows write them: the schedule from the real deferral pack, the letter by the worker's
 * own issueLetter, the malus as clawback.apply records it (a tranche cancelled, lineage, the case).
 * Awarded on 2025-03-31: the upfront part is paid, tranches vest on the anniversaries.
 */
export async function approvedAwardWithMalus(f: MyCycleFixture, rating: string): Promise<Award> {
  const versions = await latestVersions(PolicyVersionModel);
  const packVersion = versions['deferral-cn-bank']!;
  const pack = (await policyVersion('deferral-cn-bank', packVersion))!;
  const id = awardId(f.cycle, f.employee.id);
  const amountMinor = 12_000_000; // ¥120,000.00
  const schedule = deferralSchedule({ awardId: id, amountMinor, currency: 'CNY', roleCategory: 'seniorManagement', awardDate: '2025-03-31' }, pack.body as unknown as DeferralPack, { key: 'deferral-cn-bank', version: packVersion });
  const tranches = trancheRecords(schedule);
  tranches[0]!.status = 'paid';
  const last = tranches[tranches.length - 1]!;
  const malusCaseId = `${f.cycle}:${f.employee.id}:EV-1:malus-clawback`;
  last.status = 'cancelled';
  last.adjustedMinor = last.amountMinor;
  const bonusCaseId = caseIdFor('bonus-approval', f.cycle, f.unitId);
  const award: Award = {
    _id: id, cycle: f.cycle, personId: f.employee.id, unitId: f.unitId, caseId: bonusCaseId, currency: 'CNY', rating, amountMinor, status: 'adjusted',
    explanation: {
      standingRating: { rating, step: 'appeal' },
      compliance: { proposedRating: rating, rating, capped: false, capRating: null, bonusMultiplier: 1, veto: false, firedRules: [], decidedBy: { rating: null, bonusMultiplier: null }, ignoredEvents: [] },
      deferral: schedule,
    },
    policyVersions: { 'deferral-cn-bank': packVersion },
    tranches,
    lineage: [
      { at: new Date('2025-03-20T09:00:00Z'), kind: 'allocated', ref: `${bonusCaseId}#allocation-1`, by: 'worker', amountAfterMinor: amountMinor },
      { at: new Date('2025-03-28T09:00:00Z'), kind: 'approved', ref: `${bonusCaseId}#allocation-1`, by: 'worker', amountAfterMinor: amountMinor, note: 'signed by line-head, hr, risk' },
      { at: new Date('2026-10-02T09:00:00Z'), kind: 'malus', ref: malusCaseId, by: 'worker', amountBeforeMinor: amountMinor, amountAfterMinor: amountMinor - last.amountMinor, note: 'malus: last deferred tranche cancelled' },
    ],
  };
  await AwardModel.replaceOne({ _id: id }, award, { upsert: true });
  // The letter was issued with the approval, before the malus: it states the award as approved.
  await issueLetter(storePorts, { ...award, status: 'approved', tranches: trancheRecords(schedule), lineage: award.lineage.slice(0, 2) }, { key: 'deferral-cn-bank', version: packVersion }, 'bonus.letter', bonusCaseId);
  await AwardAdjustmentModel.replaceOne({ _id: malusCaseId }, {
    _id: malusCaseId, cycle: f.cycle, personId: f.employee.id, awardId: id,
    event: { eventId: 'EV-1', date: '2026-09-15', severity: 'major', reason: 'Loan file approved outside the credit limit (risk event RE-77)' },
    filedBy: 'E0004', filedAt: new Date('2026-09-20T09:00:00Z'), status: 'applied',
    awardAtFiling: { amountMinor, currency: 'CNY', remainingMinor: amountMinor - tranches[0]!.amountMinor, tranches: [] },
    proposal: { result: {}, policy: { key: 'clawback', version: 1, pinnedBy: 'award' }, computedAt: new Date('2026-09-21T09:00:00Z') },
    decision: { decision: 'confirm', reason: 'Limit breach confirmed by the risk committee', by: 'E0001', at: new Date('2026-10-01T09:00:00Z'), submissionId: 'fixture' },
    outcome: { result: { cancelledMinor: last.amountMinor, claimedMinor: 0 }, claimIds: [], appliedAt: new Date('2026-10-02T09:00:00Z'), remainingBeforeMinor: 0, remainingAfterMinor: 0 },
  }, { upsert: true });
  return award;
}
