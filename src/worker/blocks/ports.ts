import type { AuditEvent } from '../../platform/audit/record-audit';
import type { BusinessLine, OrgUnit } from '../../db/models/org-unit';
import type { Person } from '../../db/models/person';
import type { CaseStatus, ReviewCase } from '../../db/models/review-case';
import type { Score } from '../../db/models/score';
import type { Submission } from '../../db/models/submission';
import type { AdjustmentContext, ClawbackPolicyInForce } from '../../platform/clawback/adjustment-case';
import type { Award } from '../../db/models/award';
import type { AwardAdjustment } from '../../db/models/award-adjustment';
import type { ClawbackClaim } from '../../db/models/clawback-claim';
import type { Appeal } from '../../db/models/appeal';
import type { Notification } from '../../db/models/notification';
import type { PersonGoal } from '../../db/models/goal';
import type { PeerFeedbackSummary } from '../../db/models/peer-feedback-summary';
import type { ScoringPolicy } from '../../domain/scoring';
import type { RoundMember, UnitMetrics } from '../../db/bonus-inputs';
import type { BonusLetter } from '../../db/models/bonus-letter';
import type { BonusRound } from '../../db/models/bonus-round';
import type { Compensation } from '../../db/models/compensation';
import type { ComplianceEvent } from '../../domain/compliance';
import type { UnitReview } from '../../db/calibration-group';
import type { Calibration } from '../../db/models/calibration';
import type { CalibrationPolicy } from '../../domain/calibration';
import type { PolicyRef } from '../../domain/explanation';
import type { VariableValue } from '../../domain/flow-variables';
import type { GoalSetVersion } from '../../domain/goal-versions';
import type { DevelopmentItem, DevelopmentPlan } from '../../db/models/development-plan';

/**
 * The small ports building blocks are given instead of importing models and the engine singleton.
 * Each is shaped by what the blocks ask ("the standing rating of a person"), not by the store's
 * query language, so an in-memory fake in a unit test is a few lines. The real ones wrap the
 * mongoose models (with retryOnBusy) and the engine client: src/worker/store-ports.ts.
 * Writes keep their keys (cycle + subject + step): idempotency is the store's, as before.
 */

/** Time, so a test can fix it. */
export interface Clock {
  now(): Date;
}

/** The hash-chained audit log (src/platform/audit/record-audit.ts). */
export type AuditPort = (event: AuditEvent) => Promise<unknown>;

/** A notification keyed by case, kind and recipient: a second call with the same key changes nothing. */
export type NotifyPort = (recipientId: string, caseId: string, kind: string, params?: Notification['params']) => Promise<void>;

export interface SubmissionsPort {
  byId(id: string): Promise<Submission | null>;
}

export interface CasesPort {
  byId(id: string): Promise<ReviewCase | null>;
  setStatus(id: string, status: CaseStatus, extra?: { publishedAt?: Date; publishedFrom?: CaseStatus }): Promise<void>;
  /** Sets escalatedAt only if the case has none: the first escalation's time stays. */
  markEscalated(id: string, at: Date): Promise<void>;
}

export interface PolicyVersion {
  version: number;
  body: unknown;
}

export interface PoliciesPort {
  version(key: string, version: number): Promise<PolicyVersion | null>;
  /** The scoring policy the case pinned, or the one in force for a case that pinned none (src/db/pinned-scoring-policy.ts). */
  scoringOf(reviewCase: Pick<ReviewCase, 'policyVersions'>): Promise<{ version: number; body: ScoringPolicy } | null>;
}

export type StandingRating = Pick<Score, '_id' | 'step' | 'score' | 'rating' | 'explanation'>;

export interface ScoresPort {
  /** Upserts by score id, counting deliveries (a second delivery overwrites, deliveries becomes 2). */
  write(score: Omit<Score, 'deliveries'>): Promise<void>;
  /** Appeal over calibrated over final; null before the review has a final score. */
  standing(cycle: string, subjectId: string): Promise<StandingRating | null>;
  /** The same for several people at once, in their order (one read where `standing` per person makes three each). */
  standings(cycle: string, subjectIds: string[]): Promise<Array<StandingRating | null>>;
}

export interface OrgPort {
  person(id: string): Promise<Pick<Person, '_id' | 'managerId' | 'unitId' | 'active' | 'name' | 'locale'> | null>;
  unit(id: string): Promise<OrgUnit | null>;
  units(): Promise<Array<Pick<OrgUnit, '_id' | 'headId' | 'parentId'>>>;
  /** The business line of a person's unit (it changes only with a reorganisation). */
  businessLineOf(personId: string): Promise<BusinessLine>;
  /** Ids of active people holding any of these roles. */
  activeWithRoles(roles: string[]): Promise<string[]>;
}

/**
 * What the worker needs from the engine beyond the external-task protocol: a message to another
 * instance, and the history of a step.
 */
export interface EnginePort {
  /** Ids of the finished tasks of a step in an instance (a multi-instance step's tasks). */
  finishedTasksOfStep(processInstanceId: string, taskDefinitionKey: string): Promise<Array<{ id: string }>>;
  /**
   * Delivers a message to the instance with this business key. Fails with the engine's EngineError
   * (src/platform/engine-client.ts); status 400 when no instance waits for the message.
   */
  correlateMessage(messageName: string, businessKey: string, variables: Record<string, VariableValue>): Promise<unknown>;
  /** The passes of an activity in an instance's history; endTime null while it still waits there. */
  activityPasses(processInstanceId: string, activityId: string): Promise<Array<{ endTime: string | null }>>;
}

/** Crash tests hold a task between its write and its completion (src/worker/fault-injection.ts); a no-op elsewhere. */
export type AfterWritePort = () => Promise<void>;

export interface CommonPorts {
  clock: Clock;
  audit: AuditPort;
  notify: NotifyPort;
  submissions: SubmissionsPort;
  cases: CasesPort;
}

/** Review documents beyond scores: the 360 summary and the approved goals. */
export interface ReviewStorePort {
  /** Upserts the one summary of a review (id cycle + subject). */
  savePeerFeedbackSummary(summary: PeerFeedbackSummary): Promise<void>;
  /** The person's goals of the cycle become exactly these (ids cycle + person + position); any beyond them are removed. */
  replaceGoals(cycle: string, personId: string, goals: PersonGoal[]): Promise<void>;
}

export interface AppealsPort {
  byId(id: string): Promise<Appeal | null>;
  /** Sets these fields of the appeal (keyed by the case: a redelivery sets the same values again). */
  update(id: string, fields: Partial<Omit<Appeal, '_id'>>): Promise<void>;
}

/** A malus/clawback case: the adjustment document with the case, award and person it is about. */
export interface AdjustmentsPort {
  /** The case's adjustment, case, award and person; fails naming whichever is missing. */
  load(caseId: string): Promise<AdjustmentContext>;
  byId(caseId: string): Promise<AwardAdjustment | null>;
  update(caseId: string, fields: Partial<Omit<AwardAdjustment, '_id'>>): Promise<void>;
  /** Status applied, outcome.appliedAt set; the outcome as stored. */
  markApplied(caseId: string, at: Date): Promise<NonNullable<AwardAdjustment['outcome']>>;
  /** The clawback policy the award was granted under (else the case's pin). */
  policyFor(award: Award, reviewCase: ReviewCase): Promise<ClawbackPolicyInForce>;
  /** Upserts a claim by its id (case + tranche). */
  saveClaim(claim: ClawbackClaim): Promise<void>;
}

export interface AwardsPort {
  byId(id: string): Promise<Award | null>;
  /** Several by id, in one read; those not found are absent. */
  byIds(ids: string[]): Promise<Map<string, Award>>;
  update(id: string, fields: Partial<Omit<Award, '_id'>>): Promise<void>;
  /** One status for several awards, in one write. */
  setStatus(ids: string[], status: Award['status']): Promise<void>;
  /** Writes the whole award under its id (cycle + person). */
  replace(award: Award): Promise<void>;
}

/** Holds a document while `work` reads and writes it; the holder taking it again (a redelivery) is let in. */
export type LockPort = <T>(documentId: string, holder: string, work: () => Promise<T>) => Promise<T>;

/** A unit's bonus round (id `<cycle>:<unit>`); its one writer is the round's case, step after step. */
export interface BonusRoundsPort {
  byId(id: string): Promise<BonusRound | null>;
  /** Writes the pool and whom the round is for; a new round starts at allocation run 0 with no overrides, revisions or approvals. */
  savePool(round: Omit<BonusRound, 'allocationRun' | 'overrides' | 'appliedRevisionIds' | 'approvals' | 'allocation' | 'basis' | 'chain'>): Promise<void>;
  /** A new allocation: these fields set and the earlier approval chain removed. */
  saveAllocation(id: string, fields: Pick<BonusRound, 'allocation' | 'basis' | 'overrides' | 'appliedRevisionIds' | 'allocationRun' | 'status' | 'updatedAt'>): Promise<void>;
  /** Sets these fields of the round. */
  update(id: string, fields: Partial<Omit<BonusRound, '_id'>>): Promise<void>;
}

/** What a round computes from (src/db/bonus-inputs.ts): the unit's metrics, its people, their pay and compliance events. */
export interface BonusInputsPort {
  poolMetrics(cycle: string, unitId: string): Promise<UnitMetrics>;
  /** The unit's active members with a review in the cycle, except its head, by id. */
  members(cycle: string, unitId: string): Promise<RoundMember[]>;
  /** Confirmed and unconfirmed events of these people in the cycle, by person (each person present, in event-id order). */
  complianceEvents(cycle: string, personIds: string[]): Promise<Map<string, ComplianceEvent[]>>;
  compensation(personId: string): Promise<Compensation | null>;
}

/** The award letters (one per award, under its id) and the policy titles they name. */
export interface LettersPort {
  /** Writes the letter under its award's id (a re-run rewrites it). */
  save(letter: BonusLetter): Promise<void>;
  /** A policy's title as its file states it (versions keep the body, not the title); the key when there is none. */
  policyTitle(key: string, locale: 'en' | 'zh-CN'): Promise<string>;
}

/** Decision tables the engine evaluates at a pinned engine version (the engine is the one FEEL evaluator). */
export interface DecisionsPort {
  /** The rows that fired, their outputs as plain values, and the store's version of that engine version (null if unrecorded). */
  evaluate(key: string, engineVersion: number, variables: Record<string, string | number | boolean>): Promise<{ rows: Array<Record<string, unknown>>; version: number | null }>;
}

/** A unit's calibration (id `<cycle>:<unit>`) and what it is gathered from. */
export interface CalibrationsPort {
  /** With its lists present even where the store left an empty one out. */
  byId(id: string): Promise<Calibration | null>;
  /** Writes a new calibration; false when one with its id exists already (an earlier delivery wrote it first). */
  create(calibration: Calibration): Promise<boolean>;
  update(id: string, fields: Partial<Omit<Calibration, '_id'>>): Promise<void>;
  /** The unit's members' reviews in the cycle, the head left out (src/db/calibration-group.ts). */
  unitReviews(cycle: string, unitId: string): Promise<UnitReview[]>;
  /** The calibration policy the case pinned at launch. */
  policyOf(calibrationCase: Pick<ReviewCase, '_id' | 'policyVersions'>): Promise<{ policy: CalibrationPolicy; ref: PolicyRef }>;
}

/** A person's goal-set versions (src/db/models/goal-set.ts): a goal change adds one, never rewrites one. */
export interface GoalSetsPort {
  /** Every version, oldest first (version 1 derived from the recorded goals while none is stored). */
  versions(cycle: string, personId: string): Promise<GoalSetVersion[]>;
  /** Writes a version once; `exists` when that version number is already stored. */
  save(version: GoalSetVersion): Promise<'saved' | 'exists'>;
  /** The person's open change (this case) is over: another may be proposed. */
  closeChange(cycle: string, personId: string, caseId: string): Promise<void>;
  /** Whether the person's self-assessment of the cycle is scored (the change window has closed). */
  selfAssessed(cycle: string, personId: string): Promise<boolean>;
}

/** Development plans (`<cycle>:<person>`) and their items (`<cycle>:<person>:<n>`), as the feedback-meeting flow writes them. */
export interface DevelopmentPort {
  /** Writes the plan unless one has its id already (an earlier delivery's): false then, and the stored one stays. */
  createPlan(plan: DevelopmentPlan): Promise<boolean>;
  /** Inserts each item whose id is not there yet, so progress the employee marked is never reset; how many were new. */
  insertItems(items: DevelopmentItem[]): Promise<number>;
  /** Sets the plan's acknowledgement (the same answer again sets the same values). */
  setAcknowledgement(planId: string, acknowledgement: NonNullable<DevelopmentPlan['acknowledgement']>): Promise<void>;
}
