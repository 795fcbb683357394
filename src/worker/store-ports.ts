import { recordAudit } from '../platform/audit/record-audit';
import { roundMembers, unitPoolMetrics } from '../db/bonus-inputs';
import { BonusLetterModel } from '../db/models/bonus-letter';
import { pinnedCalibrationPolicy, unitReviews } from '../db/calibration-group';
import { CalibrationModel, readCalibration } from '../db/models/calibration';
import { BonusRoundModel } from '../db/models/bonus-round';
import { CompensationModel } from '../db/models/compensation';
import { ComplianceEventModel, toDomainComplianceEvent } from '../db/models/compliance-event';
import type { ComplianceEvent } from '../domain/compliance';
import { AppealModel } from '../db/models/appeal';
import { clawbackPolicyFor, loadAdjustmentCase } from '../platform/clawback/adjustment-case';
import { withDocumentLock } from '../db/document-lock';
import { AwardModel, type Award } from '../db/models/award';
import { idChunks, readByIds } from '../db/read-by-ids';
import { AwardAdjustmentModel } from '../db/models/award-adjustment';
import { ClawbackClaimModel } from '../db/models/clawback-claim';
import { policyVersion } from '../db/immutable-versions';
import { MAX_PERSON_GOALS, PersonGoalModel, personGoalId } from '../db/models/goal';
import { notify } from '../db/models/notification';
import { OrgUnitModel, type BusinessLine } from '../db/models/org-unit';
import { PeerFeedbackSummaryModel } from '../db/models/peer-feedback-summary';
import { PersonModel } from '../db/models/person';
import { ReviewCaseModel } from '../db/models/review-case';
import { ScoreModel, scoreId, standingRating, standingRatingsOf } from '../db/models/score';
import { closeGoalChange, goalSetVersions, saveGoalSetVersion } from '../db/models/goal-set';
import { SubmissionModel } from '../db/models/submission';
import { pinnedScoringPolicy } from '../db/pinned-scoring-policy';
import { retryOnBusy } from '../db/retry-on-busy';
import { TtlCache } from '../lib/ttl-cache';
import type { AdjustmentsPort, AfterWritePort, AppealsPort, AwardsPort, BonusInputsPort, BonusRoundsPort, CalibrationsPort, Clock, LockPort, CommonPorts, DecisionsPort, EnginePort, LettersPort, OrgPort, PoliciesPort, ReviewStorePort, ScoresPort, GoalSetsPort, DevelopmentPort } from './blocks/ports';
import { DevelopmentItemModel, DevelopmentPlanModel } from '../db/models/development-plan';
import { workerEngine } from './engine';
import { pauseAfterWriteIfInjected } from './fault-injection';
import { evaluatePinnedDecision } from './pinned-decision';
import { policyTitle } from '../platform/policy-title';
import { isDuplicateKey, upsertOnce } from '../db/duplicate-key';

/**
 * The real ports: the mongoose models (every write through retryOnBusy) and the engine client.
 * Built once at the worker's start (src/worker/handlers.ts); the blocks never see a model.
 */
export interface StorePorts extends CommonPorts {
  policies: PoliciesPort;
  scores: ScoresPort;
  org: OrgPort;
  engine: EnginePort;
  reviewStore: ReviewStorePort;
  appeals: AppealsPort;
  adjustments: AdjustmentsPort;
  awards: AwardsPort;
  lock: LockPort;
  afterWrite: AfterWritePort;
  rounds: BonusRoundsPort;
  bonusInputs: BonusInputsPort;
  letters: LettersPort;
  decisions: DecisionsPort;
  calibrations: CalibrationsPort;
  goalSets: GoalSetsPort;
  development: DevelopmentPort;
}

const clock: Clock = { now: () => new Date() };

const development: DevelopmentPort = {
  async createPlan({ _id, ...fields }) {
    const result = await upsertOnce(() => retryOnBusy(() => DevelopmentPlanModel.updateOne({ _id }, { $setOnInsert: fields }, { upsert: true })));
    return result.upsertedCount > 0;
  },
  async insertItems(items) {
    if (items.length === 0) return 0;
    const result = await upsertOnce(() => retryOnBusy(() => DevelopmentItemModel.bulkWrite(items.map(({ _id, ...fields }) => ({ updateOne: { filter: { _id }, update: { $setOnInsert: fields }, upsert: true } })))));
    return result.upsertedCount;
  },
  async setAcknowledgement(planId, acknowledgement) {
    await retryOnBusy(() => DevelopmentPlanModel.updateOne({ _id: planId }, { $set: { acknowledgement } }));
  },
};

const cases: CommonPorts['cases'] = {
  byId: (id) => ReviewCaseModel.findById(id).lean(),
  async setStatus(id, status, extra = {}) {
    await retryOnBusy(() => ReviewCaseModel.updateOne({ _id: id }, { $set: { status, ...extra } }));
  },
  async markEscalated(id, at) {
    await retryOnBusy(() => ReviewCaseModel.updateOne({ _id: id, escalatedAt: { $exists: false } }, { $set: { escalatedAt: at } }));
  },
};

const policies: PoliciesPort = {
  version: (key, version) => policyVersion(key, version),
  scoringOf: (reviewCase) => pinnedScoringPolicy(reviewCase),
};

const scores: ScoresPort = {
  async write({ _id, ...fields }) {
    await retryOnBusy(() => ScoreModel.updateOne({ _id }, { $set: fields, $inc: { deliveries: 1 } }, { upsert: true }));
  },
  standing: (cycle, subjectId) => standingRating(cycle, subjectId),
  standings: (cycle, subjectIds) => standingRatingsOf(cycle, subjectIds),
};

// Business lines change only with a reorganisation; a minute-old answer is fine for scoring.
const businessLines = new TtlCache<BusinessLine>(60_000);

const org: OrgPort = {
  person: (id) => PersonModel.findById(id, { managerId: 1, unitId: 1, active: 1, name: 1, locale: 1 }).lean(),
  unit: (id) => OrgUnitModel.findById(id).lean(),
  units: () => OrgUnitModel.find({}, { headId: 1, parentId: 1 }).lean(),
  async businessLineOf(personId) {
    const cached = businessLines.get(personId);
    if (cached) return cached;
    const person = await PersonModel.findById(personId, { unitId: 1 }).lean();
    const unit = person ? await OrgUnitModel.findById(person.unitId, { businessLine: 1 }).lean() : null;
    if (!unit) throw new Error(`the org unit of ${personId} is unknown`);
    businessLines.set(personId, unit.businessLine);
    return unit.businessLine;
  },
  async activeWithRoles(roles) {
    return (await PersonModel.find({ roles: { $in: roles }, active: true }, { _id: 1 }).lean()).map((p) => p._id);
  },
};

const engine: EnginePort = {
  finishedTasksOfStep: (processInstanceId, step) => workerEngine().finishedTasksOfStep(processInstanceId, step),
  correlateMessage: (messageName, businessKey, variables) => workerEngine().correlateMessage(messageName, businessKey, variables),
  activityPasses: (processInstanceId, activityId) => workerEngine().historicActivityInstances(processInstanceId, activityId),
};

const reviewStore: ReviewStorePort = {
  async savePeerFeedbackSummary({ _id, ...fields }) {
    await retryOnBusy(() => PeerFeedbackSummaryModel.updateOne({ _id }, { $set: fields }, { upsert: true }));
  },
  async replaceGoals(cycle, personId, goals) {
    await retryOnBusy(() => PersonGoalModel.bulkWrite([
      ...goals.map(({ _id, ...fields }) => ({ updateOne: { filter: { _id }, update: { $set: fields }, upsert: true } })),
      // Fewer goals than an earlier recording of this case: the extra ones are no longer goals.
      ...Array.from({ length: MAX_PERSON_GOALS - goals.length }, (_, i) => ({ deleteOne: { filter: { _id: personGoalId(cycle, personId, goals.length + i + 1) } } })),
    ]));
  },
};

const appeals: AppealsPort = {
  byId: (id) => AppealModel.findById(id).lean(),
  async update(id, fields) {
    await retryOnBusy(() => AppealModel.updateOne({ _id: id }, { $set: fields }));
  },
};

const adjustments: AdjustmentsPort = {
  load: loadAdjustmentCase,
  byId: (id) => AwardAdjustmentModel.findById(id).lean(),
  async update(id, fields) {
    await retryOnBusy(() => AwardAdjustmentModel.updateOne({ _id: id }, { $set: fields }));
  },
  async markApplied(id, at) {
    await retryOnBusy(() => AwardAdjustmentModel.updateOne({ _id: id }, { $set: { status: 'applied', 'outcome.appliedAt': at } }));
    const stored = await AwardAdjustmentModel.findById(id, { outcome: 1 }).lean();
    if (!stored?.outcome) throw new Error(`adjustment case ${id} has no outcome to mark applied`);
    return stored.outcome;
  },
  policyFor: clawbackPolicyFor,
  async saveClaim(claim) {
    await retryOnBusy(() => ClawbackClaimModel.replaceOne({ _id: claim._id }, claim, { upsert: true }));
  },
};

const awards: AwardsPort = {
  byId: (id) => AwardModel.findById(id).lean(),
  byIds: (ids) => readByIds<Award>(AwardModel, ids),
  async update(id, fields) {
    await retryOnBusy(() => AwardModel.updateOne({ _id: id }, { $set: fields }));
  },
  async setStatus(ids, status) {
    for (const chunk of idChunks(ids)) await retryOnBusy(() => AwardModel.updateMany({ _id: { $in: chunk } }, { $set: { status } }));
  },
  async replace(award) {
    await retryOnBusy(() => AwardModel.replaceOne({ _id: award._id }, award, { upsert: true }));
  },
};

const rounds: BonusRoundsPort = {
  byId: (id) => BonusRoundModel.findById(id).lean(),
  async savePool({ _id, ...fields }) {
    await retryOnBusy(() => BonusRoundModel.updateOne({ _id }, {
      $set: fields,
      $setOnInsert: { allocationRun: 0, overrides: [], appliedRevisionIds: [], approvals: [] },
    }, { upsert: true }));
  },
  async saveAllocation(id, fields) {
    await retryOnBusy(() => BonusRoundModel.updateOne({ _id: id }, { $set: fields, $unset: { chain: 1 } }));
  },
  async update(id, fields) {
    await retryOnBusy(() => BonusRoundModel.updateOne({ _id: id }, { $set: fields }));
  },
};

const bonusInputs: BonusInputsPort = {
  poolMetrics: unitPoolMetrics,
  members: async (cycle, unitId) => (await roundMembers(cycle, unitId)).members,
  // One query for the round.
  async complianceEvents(cycle, personIds) {
    const byPerson = new Map<string, ComplianceEvent[]>(personIds.map((id) => [id, []]));
    if (personIds.length === 0) return byPerson;
    const records = await ComplianceEventModel.find({ cycle, personId: { $in: personIds } }).lean();
    for (const r of records.sort((a, b) => (a._id < b._id ? -1 : 1))) {
      byPerson.get(r.personId)?.push(toDomainComplianceEvent(r));
    }
    return byPerson;
  },
  compensation: (personId) => CompensationModel.findById(personId).lean(),
};

const letters: LettersPort = {
  async save(letter) {
    await retryOnBusy(() => BonusLetterModel.replaceOne({ _id: letter._id }, letter, { upsert: true }));
  },
  policyTitle,
};

const decisions: DecisionsPort = { evaluate: evaluatePinnedDecision };

const calibrations: CalibrationsPort = {
  byId: readCalibration,
  async create(calibration) {
    try {
      await retryOnBusy(() => CalibrationModel.create(calibration));
      return true;
    } catch (error) {
      // The id exists, written by an earlier delivery.
      if (!isDuplicateKey(error)) throw error;
      return false;
    }
  },
  async update(id, fields) {
    await retryOnBusy(() => CalibrationModel.updateOne({ _id: id }, { $set: fields }));
  },
  unitReviews,
  policyOf: pinnedCalibrationPolicy,
};

const goalSets: GoalSetsPort = {
  versions: goalSetVersions,
  save: saveGoalSetVersion,
  closeChange: closeGoalChange,
  selfAssessed: async (cycle, personId) => (await ScoreModel.findById(scoreId(cycle, personId, 'self'), { _id: 1 }).lean()) !== null,
};

export const storePorts: StorePorts = {
  clock,
  audit: recordAudit,
  notify,
  submissions: { byId: (id) => SubmissionModel.findById(id).lean() },
  cases,
  policies,
  scores,
  org,
  engine,
  reviewStore,
  appeals,
  adjustments,
  awards,
  lock: withDocumentLock,
  afterWrite: pauseAfterWriteIfInjected,
  rounds,
  bonusInputs,
  letters,
  decisions,
  calibrations,
  goalSets,
  development,
};
