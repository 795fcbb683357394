import type { AuditEvent } from '../../../src/platform/audit/record-audit';
import type { GoalSetVersion } from '../../../src/domain/goal-versions';
import { firstVersionFromGoals } from '../../../src/db/models/goal-set';
import type { Appeal } from '../../../src/db/models/appeal';
import type { Award } from '../../../src/db/models/award';
import type { AwardAdjustment } from '../../../src/db/models/award-adjustment';
import type { ClawbackClaim } from '../../../src/db/models/clawback-claim';
import type { ClawbackPolicyInForce } from '../../../src/platform/clawback/adjustment-case';
import type { PersonGoal } from '../../../src/db/models/goal';
import type { Notification } from '../../../src/db/models/notification';
import type { OrgUnit } from '../../../src/db/models/org-unit';
import type { PeerFeedbackSummary } from '../../../src/db/models/peer-feedback-summary';
import type { Person } from '../../../src/db/models/person';
import type { ReviewCase } from '../../../src/db/models/review-case';
import type { Score } from '../../../src/db/models/score';
import type { Submission } from '../../../src/db/models/submission';
import type { ScoringPolicy } from '../../../src/domain/scoring';
import type { TopicTask } from '../../../src/worker/topic-handler';
import { REQUIRED_POOL_METRICS, LOAN_METRICS } from '../../../src/db/bonus-inputs';
import type { BonusLetter } from '../../../src/db/models/bonus-letter';
import type { BonusRound } from '../../../src/db/models/bonus-round';
import type { Compensation } from '../../../src/db/models/compensation';
import { metricId } from '../../../src/db/models/metric';
import { caseIdFor } from '../../../src/db/models/review-case';
import type { ComplianceEvent } from '../../../src/domain/compliance';
import type { CalibrationPolicy } from '../../../src/domain/calibration';
import type { Calibration } from '../../../src/db/models/calibration';
import { EngineError } from '../../../src/platform/engine-client';
import type { StorePorts } from '../../../src/worker/store-ports';
import type { DevelopmentItem, DevelopmentPlan } from '../../../src/db/models/development-plan';

/**
 * In-memory stand-ins for the small ports the building blocks take (src/worker/blocks/ports.ts).
 * They keep the same keys as the store (a notification per case, kind and recipient; a score per
 * cycle, subject and step), so a second delivery is visible as "nothing more happened".
 */

export const NOW = new Date('2026-03-01T09:00:00Z');

export function taskOf(variables: Record<string, unknown>, processInstanceId = 'pi-1'): TopicTask {
  return { processInstanceId, businessKey: typeof variables.caseId === 'string' ? variables.caseId : null, variable: (name) => variables[name] };
}

export function reviewCase(fields: Partial<ReviewCase> & Pick<ReviewCase, '_id' | 'cycle' | 'subjectId'>): ReviewCase {
  return {
    processKey: 'performance-review', managerId: 'm1', formVersions: {}, policyVersions: { scoring: 1 }, status: 'running',
    launchedBy: 'hr1', launchedAt: NOW, ...fields,
  };
}

export function submission(id: string, formKey: string, data: Record<string, unknown>, submittedBy = 'someone'): Submission {
  return { _id: id, taskId: id, caseId: 'c', processInstanceId: 'pi-1', taskDefinitionKey: formKey, formKey, formVersion: 1, data, submittedBy, submittedAt: NOW };
}

export function person(id: string, fields: Partial<Person> = {}): Person {
  return {
    _id: id, username: id, name: { en: id, 'zh-CN': id }, email: `${id}@bank.test`, unitId: 'u1', title: '', roles: [], passwordHash: '', locale: 'en', active: true, ...fields,
  };
}

export interface World {
  cases: Map<string, ReviewCase>;
  submissions: Map<string, Submission>;
  notifications: Map<string, Pick<Notification, 'recipientId' | 'caseId' | 'kind' | 'params'>>;
  audit: AuditEvent[];
  scores: Map<string, Score>;
  policies: Map<string, unknown>;
  people: Map<string, Person>;
  units: Map<string, OrgUnit>;
  finishedTasks: Map<string, Array<{ id: string }>>;
  peerSummaries: Map<string, PeerFeedbackSummary>;
  goals: Map<string, PersonGoal>;
  appeals: Map<string, Appeal>;
  adjustments: Map<string, AwardAdjustment>;
  awards: Map<string, Award>;
  claims: Map<string, ClawbackClaim>;
  /** Documents held by a lock, with the holder: a test sees that a block took it. */
  locksTaken: Array<[string, string]>;
  rounds: Map<string, BonusRound>;
  /** Metric values by metric id (metricId(cycle, scope, key)). */
  metrics: Map<string, number>;
  compensation: Map<string, Compensation>;
  complianceEvents: Array<ComplianceEvent & { cycle: string; personId: string }>;
  letters: Map<string, BonusLetter>;
  /** A decision table as the engine would evaluate it, by key and engine version; `version` is the store's. */
  decisions: Map<string, { version: number | null; evaluate: (variables: Record<string, string | number | boolean>) => Array<Record<string, unknown>> }>;
  calibrations: Map<string, Calibration>;
  /** Messages an instance waits for, as `<message>:<business key>`; a delivered one stops waiting. */
  waitingForMessage: Set<string>;
  messages: Array<{ messageName: string; businessKey: string; variables: Record<string, unknown> }>;
  /** An activity's passes in an instance's history, by `<instance>:<activity>`. */
  activityPasses: Map<string, Array<{ endTime: string | null }>>;
  /** Stored goal-set versions by id, and the open goal change by `<cycle>:<person>`. */
  goalSetVersions: Map<string, GoalSetVersion>;
  openGoalChanges: Map<string, string>;
  developmentPlans: Map<string, DevelopmentPlan>;
  developmentItems: Map<string, DevelopmentItem>;
}

export function emptyWorld(): World {
  return {
    cases: new Map(), submissions: new Map(), notifications: new Map(), audit: [], scores: new Map(), policies: new Map(),
    people: new Map(), units: new Map(), finishedTasks: new Map(), peerSummaries: new Map(), goals: new Map(), appeals: new Map(),
    adjustments: new Map(), awards: new Map(), claims: new Map(), locksTaken: [],
    rounds: new Map(), metrics: new Map(), compensation: new Map(), complianceEvents: [], letters: new Map(), decisions: new Map(),
    calibrations: new Map(), waitingForMessage: new Set(), messages: [], activityPasses: new Map(),
    goalSetVersions: new Map(), openGoalChanges: new Map(),
    developmentPlans: new Map(), developmentItems: new Map(),
  };
}

const STANDING: Score['step'][] = ['appeal', 'calibrated', 'final'];

/** Ports over a world; a test seeds the world, runs a block, and reads the world back. */
export function fakePorts(world: World): StorePorts {
  const ports: StorePorts = {
    clock: { now: () => NOW },
    // As the real log inside a delivery: an action on a subject is recorded once however often it is appended.
    audit: async (event) => {
      const same = (e: typeof event) => e.action === event.action && e.subject.type === event.subject.type && e.subject.id === event.subject.id && e.eventId === event.eventId;
      if (!world.audit.some(same)) world.audit.push(event);
    },
    notify: async (recipientId, caseId, kind, params = {}) => {
      const id = `${caseId}:${kind}:${recipientId}`;
      if (!world.notifications.has(id)) world.notifications.set(id, { recipientId, caseId, kind, params });
    },
    submissions: { byId: async (id) => world.submissions.get(id) ?? null },
    cases: {
      byId: async (id) => world.cases.get(id) ?? null,
      setStatus: async (id, status, extra = {}) => { const found = world.cases.get(id); if (found) world.cases.set(id, { ...found, status, ...extra }); },
      markEscalated: async (id, at) => { const found = world.cases.get(id); if (found && !found.escalatedAt) world.cases.set(id, { ...found, escalatedAt: at }); },
    },
    policies: {
      version: async (key, version) => (world.policies.has(`${key}@${version}`) ? { version, body: world.policies.get(`${key}@${version}`) } : null),
      scoringOf: async (c) => {
        const version = c.policyVersions.scoring;
        return version !== undefined && world.policies.has(`scoring@${version}`) ? { version, body: world.policies.get(`scoring@${version}`) as ScoringPolicy } : null;
      },
    },
    scores: {
      write: async (score) => { world.scores.set(score._id, { ...score, deliveries: (world.scores.get(score._id)?.deliveries ?? 0) + 1 }); },
      standing: async (cycle, subjectId) => STANDING.map((step) => world.scores.get(`${cycle}:${subjectId}:${step}`)).find((s) => s !== undefined) ?? null,
      standings: async (cycle, subjectIds) => subjectIds.map((subjectId) => STANDING.map((step) => world.scores.get(`${cycle}:${subjectId}:${step}`)).find((s) => s !== undefined) ?? null),
    },
    org: {
      person: async (id) => world.people.get(id) ?? null,
      unit: async (id) => world.units.get(id) ?? null,
      units: async () => [...world.units.values()],
      businessLineOf: async (personId) => {
        const unit = world.units.get(world.people.get(personId)?.unitId ?? '');
        if (!unit) throw new Error(`the org unit of ${personId} is unknown`);
        return unit.businessLine;
      },
      activeWithRoles: async (roles) => [...world.people.values()].filter((p) => p.active && p.roles.some((r) => roles.includes(r))).map((p) => p._id),
    },
    engine: {
      finishedTasksOfStep: async (pi, step) => world.finishedTasks.get(`${pi}:${step}`) ?? [],
      correlateMessage: async (messageName, businessKey, variables) => {
        // The engine answers a message nobody waits for with 400.
        if (!world.waitingForMessage.delete(`${messageName}:${businessKey}`)) throw new EngineError(400, 'MismatchingMessageCorrelationException', `no instance waits for ${messageName} with business key ${businessKey}`);
        world.messages.push({ messageName, businessKey, variables });
        return [];
      },
      activityPasses: async (pi, activityId) => world.activityPasses.get(`${pi}:${activityId}`) ?? [],
    },
    reviewStore: {
      savePeerFeedbackSummary: async (summary) => { world.peerSummaries.set(summary._id, summary); },
      replaceGoals: async (cycle, personId, goals) => {
        for (const id of world.goals.keys()) if (id.startsWith(`${cycle}:${personId}:`)) world.goals.delete(id);
        for (const goal of goals) world.goals.set(goal._id, goal);
      },
    },
    goalSets: {
      versions: async (cycle, personId) => {
        const stored = [...world.goalSetVersions.values()].filter((v) => v.cycle === cycle && v.personId === personId).sort((a, b) => a.version - b.version);
        if (stored.length > 0) return stored;
        const first = firstVersionFromGoals(cycle, personId, [...world.goals.values()].filter((g) => g.cycle === cycle && g.personId === personId).sort((a, b) => a.index - b.index));
        return first ? [first] : [];
      },
      save: async (version) => {
        if (world.goalSetVersions.has(version._id)) return 'exists';
        world.goalSetVersions.set(version._id, version);
        return 'saved';
      },
      closeChange: async (cycle, personId, caseId) => { if (world.openGoalChanges.get(`${cycle}:${personId}`) === caseId) world.openGoalChanges.delete(`${cycle}:${personId}`); },
      selfAssessed: async (cycle, personId) => world.scores.has(`${cycle}:${personId}:self`),
    },
    appeals: {
      byId: async (id) => world.appeals.get(id) ?? null,
      update: async (id, fields) => { const found = world.appeals.get(id); if (found) world.appeals.set(id, { ...found, ...fields }); },
    },
    adjustments: {
      load: async (caseId) => {
        const adjustment = world.adjustments.get(caseId);
        const reviewCase = world.cases.get(caseId);
        if (!adjustment || !reviewCase) throw new Error(`adjustment case ${caseId} not found`);
        const award = world.awards.get(adjustment.awardId);
        const person = world.people.get(adjustment.personId);
        if (!award) throw new Error(`award ${adjustment.awardId} not found`);
        if (!person) throw new Error(`person ${adjustment.personId} not found`);
        return { adjustment, reviewCase, award, person };
      },
      byId: async (id) => world.adjustments.get(id) ?? null,
      update: async (id, fields) => { const found = world.adjustments.get(id); if (found) world.adjustments.set(id, { ...found, ...fields }); },
      markApplied: async (id, at) => {
        const found = world.adjustments.get(id);
        if (!found?.outcome) throw new Error(`adjustment case ${id} has no outcome to mark applied`);
        const outcome = { ...found.outcome, appliedAt: at };
        world.adjustments.set(id, { ...found, status: 'applied', outcome });
        return outcome;
      },
      // The award's own pin, as the store's port reads it (src/platform/clawback/adjustment-case.ts).
      policyFor: async (award) => {
        const version = award.policyVersions.clawback!;
        return { policy: world.policies.get(`clawback@${version}`) as ClawbackPolicyInForce['policy'], ref: { key: 'clawback', version }, pinnedBy: 'award' };
      },
      saveClaim: async (claim) => { world.claims.set(claim._id, claim); },
    },
    awards: {
      byId: async (id) => world.awards.get(id) ?? null,
      byIds: async (ids) => new Map(ids.flatMap((id) => { const found = world.awards.get(id); return found ? [[id, found] as const] : []; })),
      update: async (id, fields) => { const found = world.awards.get(id); if (found) world.awards.set(id, { ...found, ...fields }); },
      setStatus: async (ids, status) => { for (const id of ids) { const found = world.awards.get(id); if (found) world.awards.set(id, { ...found, status }); } },
      replace: async (award) => { world.awards.set(award._id, award); },
    },
    lock: async (documentId, holder, work) => { world.locksTaken.push([documentId, holder]); return work(); },
    afterWrite: async () => {},
    rounds: {
      byId: async (id) => world.rounds.get(id) ?? null,
      savePool: async (round) => {
        const found = world.rounds.get(round._id);
        world.rounds.set(round._id, { allocationRun: 0, overrides: [], appliedRevisionIds: [], approvals: [], ...found, ...round });
      },
      saveAllocation: async (id, fields) => {
        const found = world.rounds.get(id);
        if (!found) return;
        const { chain: _removed, ...rest } = found;
        world.rounds.set(id, { ...rest, ...fields });
      },
      update: async (id, fields) => { const found = world.rounds.get(id); if (found) world.rounds.set(id, { ...found, ...fields }); },
    },
    bonusInputs: {
      poolMetrics: async (cycle, unitId) => {
        const values: Record<string, number> = {};
        const metricIds: string[] = [];
        for (const key of [...REQUIRED_POOL_METRICS, ...LOAN_METRICS]) {
          const id = metricId(cycle, { type: 'unit', id: unitId }, key);
          const value = world.metrics.get(id);
          if (value !== undefined) { values[key] = value; metricIds.push(id); }
        }
        return { values, metricIds, missing: REQUIRED_POOL_METRICS.filter((key) => values[key] === undefined) };
      },
      members: async (cycle, unitId) => {
        const headId = world.units.get(unitId)?.headId;
        const people = [...world.people.values()].filter((p) => p.unitId === unitId && p.active && p._id !== headId && world.cases.has(caseIdFor('performance-review', cycle, p._id)));
        return Promise.all(people.sort((a, b) => (a._id < b._id ? -1 : 1)).map(async (p) => ({
          personId: p._id, locale: p.locale ?? 'zh-CN', rating: await ports.scores.standing(cycle, p._id), compensation: world.compensation.get(p._id) ?? null,
        })));
      },
      complianceEvents: async (cycle, personIds) => new Map(personIds.map((id) => [id, world.complianceEvents.filter((e) => e.cycle === cycle && e.personId === id).map(({ cycle: _c, personId: _p, ...event }) => event)])),
      compensation: async (personId) => world.compensation.get(personId) ?? null,
    },
    calibrations: {
      byId: async (id) => world.calibrations.get(id) ?? null,
      create: async (calibration) => {
        if (world.calibrations.has(calibration._id)) return false;
        world.calibrations.set(calibration._id, calibration);
        return true;
      },
      update: async (id, fields) => { const found = world.calibrations.get(id); if (found) world.calibrations.set(id, { ...found, ...fields }); },
      unitReviews: async (cycle, unitId) => {
        const headId = world.units.get(unitId)?.headId;
        return [...world.people.values()].filter((p) => p.unitId === unitId && p.active && p._id !== headId).map((p) => p._id).sort()
          .flatMap((personId) => { const found = world.cases.get(caseIdFor('performance-review', cycle, personId)); return found ? [{ personId, caseId: found._id, status: found.status }] : []; });
      },
      policyOf: async (c) => {
        const version = c.policyVersions.calibration;
        const body = version === undefined ? undefined : world.policies.get(`calibration@${version}`);
        if (version === undefined || !body) throw new Error(`calibration policy version ${version} (pinned by ${c._id}) not found`);
        return { policy: body as CalibrationPolicy, ref: { key: 'calibration', version } };
      },
    },
    development: {
      createPlan: async (plan) => {
        if (world.developmentPlans.has(plan._id)) return false;
        world.developmentPlans.set(plan._id, plan);
        return true;
      },
      insertItems: async (items) => {
        const fresh = items.filter((item) => !world.developmentItems.has(item._id));
        for (const item of fresh) world.developmentItems.set(item._id, item);
        return fresh.length;
      },
      setAcknowledgement: async (planId, acknowledgement) => { const found = world.developmentPlans.get(planId); if (found) world.developmentPlans.set(planId, { ...found, acknowledgement }); },
    },
    letters: {
      save: async (letter) => { world.letters.set(letter._id, letter); },
      policyTitle: async (key, locale) => (locale === 'en' ? `${key} (title)` : `${key}（标题）`),
    },
    decisions: {
      evaluate: async (key, engineVersion, variables) => {
        const table = world.decisions.get(`${key}@${engineVersion}`);
        if (!table) throw new Error(`the engine has no version ${engineVersion} of decision ${key}`);
        return { rows: table.evaluate(variables), version: table.version };
      },
    },
  };
  return ports;
}
