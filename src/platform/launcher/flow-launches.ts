import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/record-audit';
import { recordCycle } from '../../db/models/cycle';
import { CycleLaunchModel, type CycleLaunch, type LaunchFailure, type NotStarted } from '../../db/models/cycle-launch';
import type { LaunchDryRun } from '../../domain/api-types';
import { FormVersionModel } from '../../db/models/form-version';
import { OrgUnitModel } from '../../db/models/org-unit';
import { PersonModel, type Person } from '../../db/models/person';
import { ReviewCaseModel } from '../../db/models/review-case';
import { policyVersionsInForce } from '../../db/policies-in-force';
import { retryOnBusy } from '../../db/retry-on-busy';
import { latestVersions } from '../versions';
import type { OrgUnitNode } from '../../domain/approvers';
import { planLaunch, planUnitLaunch, UnknownSubjectError, UnknownUnitError } from '../../domain/launch-scope';
import { mapWithConcurrency } from '../../lib/concurrency';
import { startCase } from '../cases/start-case';
import type { CurrentUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import type { FieldProblem } from '../forms/validate-submission';
import { badRequest, busy, HttpError } from '../http-errors';
import { oneWriterAtATime } from '../../db/document-lock';
import { flowHook, type StartVariables } from './flow-hooks';
import type { LaunchableFlow } from './flow-definitions';

import { CYCLE_ID, PERSON_ID, UNIT_ID } from '../../domain/ids';

export { CYCLE_ID };

/** How many cases a dry run shows with their manager. */
export const DRY_RUN_SAMPLE = 20;

/** The body of POST /api/flows/:key/launches (and its dry run), as readBody takes it. */
export const FLOW_LAUNCH_BODY = {
  cycle: { type: 'string', required: true, maxLength: 40 },
  subjectIds: { type: 'string[]', maxLength: 10_000 },
  unitIds: { type: 'string[]', maxLength: 1000 },
  processVersion: { type: 'string', maxLength: 10 },
} as const;

export interface FlowLaunchRequest {
  cycle: string;
  /** People (a person flow only). */
  subjectIds?: string[];
  /** A person flow: everyone active in these units and the units below; a unit flow: these units. Neither names: the whole bank (a person flow). */
  unitIds?: string[];
  /** A deployed version number as text; absent: the newest. */
  processVersion?: string;
}

/** One case to start: whose, in which unit, and who stands as its manager (START_VARIABLES). */
export interface StartTarget {
  subjectId: string;
  unitId: string;
  managerId: string;
  /** How the manager was found: a person's manager, or the head of their (or a parent) unit. */
  rule: 'manager' | 'unit-head' | 'parent-unit-head';
}

export interface FlowPlan {
  /** The units in scope (a person flow: the chosen ones and all below); null for the whole bank. */
  unitIds: string[] | null;
  toLaunch: StartTarget[];
  /** With a case of this flow in this cycle already: skipped. */
  existing: string[];
  /** In scope but not started, each with why (nobody to approve them, no unit head, not ready). */
  notStarted: NotStarted[];
}

/** What a launched case pins and gets beyond START_VARIABLES. */
export interface StartSettings {
  formVersions: Record<string, number>;
  policyVersions: Record<string, number>;
  variables: StartVariables;
}

/** Field-level checks of a launch request that need no store read. */
export function checkLaunchRequest(flow: Pick<LaunchableFlow, 'subjectType'>, input: FlowLaunchRequest): void {
  const problems: FieldProblem[] = [];
  if (!CYCLE_ID.test(input.cycle)) problems.push({ field: 'cycle', code: 'pattern', message: 'cycle is 1–40 letters, digits, - or _' });
  // People by the person-id pattern (j.doe as the bank's files name them), units by the unit's.
  for (const [field, pattern] of [['subjectIds', PERSON_ID], ['unitIds', UNIT_ID]] as const) {
    const ids = input[field];
    if (ids === undefined) continue;
    if (ids.length === 0) problems.push({ field, code: 'required', message: `name at least one id, or leave ${field} out` });
    ids.forEach((id, i) => { if (!pattern.test(id)) problems.push({ field: `${field}[${i}]`, code: 'pattern', message: `${id.slice(0, 80)} is not an id` }); });
  }
  if (flow.subjectType === 'unit') {
    if (input.subjectIds !== undefined) problems.push({ field: 'subjectIds', code: 'unit-flow', message: 'this flow starts one case per org unit: name the units in unitIds' });
    if (input.unitIds === undefined) problems.push({ field: 'unitIds', code: 'required', message: 'this flow starts one case per org unit: name at least one' });
  }
  if (input.processVersion !== undefined && !/^[1-9]\d{0,5}$/.test(input.processVersion)) {
    problems.push({ field: 'processVersion', code: 'pattern', message: 'processVersion is a deployed version number' });
  }
  if (problems.length > 0) throw badRequest('the launch is not valid', problems);
}

type PersonRow = Pick<Person, '_id' | 'unitId' | 'managerId' | 'active' | 'name'>;
export type Names = Map<string, Person['name']>;

/**
 * Who a launch starts a case for, read from the org chart and the cycle's cases (three queries,
 * whatever the size), then the flow's own readiness check (flow-hooks.ts) on those left.
 */
export async function planFlowLaunch(flow: LaunchableFlow, input: FlowLaunchRequest): Promise<{ plan: FlowPlan; names: Names }> {
  const [people, unitRows, cases] = await Promise.all([
    flow.subjectType === 'person' ? PersonModel.find({}, { unitId: 1, managerId: 1, active: 1, name: 1 }).lean<PersonRow[]>() : Promise.resolve([] as PersonRow[]),
    OrgUnitModel.find({}, { headId: 1, parentId: 1, name: 1 }).lean(),
    ReviewCaseModel.find({ cycle: input.cycle, processKey: flow.key }, { subjectId: 1, processInstanceId: 1 }).lean(),
  ]);
  const units = new Map(unitRows.map((u): [string, OrgUnitNode] => [u._id, { id: u._id, headId: u.headId, parentId: u.parentId }]));
  const names: Names = new Map([...unitRows.map((u): [string, Person['name']] => [u._id, u.name]), ...people.map((p): [string, Person['name']] => [p._id, p.name])]);
  // A case whose start was interrupted (no instance yet) is started again: startCase completes it.
  const existing = new Set(cases.filter((c) => c.processInstanceId).map((c) => c.subjectId));
  let plan: FlowPlan;
  try {
    if (flow.subjectType === 'person') {
      const scope = planLaunch(input.unitIds ?? null, people.map((p) => ({ id: p._id, unitId: p.unitId, managerId: p.managerId, active: p.active })), units, existing, input.subjectIds ?? null);
      plan = {
        unitIds: scope.unitIds,
        toLaunch: scope.toLaunch.map((t) => ({ subjectId: t.personId, unitId: t.unitId, managerId: t.approverId, rule: t.rule })),
        existing: scope.existing,
        notStarted: scope.withoutApprover.map((subjectId) => ({ subjectId, code: 'no-approver', message: 'nobody above them on the org chart can approve or assess them' })),
      };
    } else {
      const scope = planUnitLaunch(input.unitIds!, units, existing);
      plan = {
        unitIds: scope.unitIds,
        toLaunch: scope.toLaunch.map((t) => ({ subjectId: t.unitId, unitId: t.unitId, managerId: t.headId, rule: 'unit-head' as const })),
        existing: scope.existing,
        notStarted: scope.withoutHead.map((subjectId) => ({ subjectId, code: 'no-head', message: 'the unit has no head on the org chart' })),
      };
    }
  } catch (error) {
    if (error instanceof UnknownUnitError) throw badRequest('unknown org units', error.unitIds.map((id) => ({ field: 'unitIds', code: 'unknown', message: `no org unit ${id.slice(0, 80)}` })));
    if (error instanceof UnknownSubjectError) {
      throw badRequest('unknown people', [
        ...error.unknown.map((id) => ({ field: 'subjectIds', code: 'unknown', message: `no person ${id.slice(0, 80)}` })),
        ...error.inactive.map((id) => ({ field: 'subjectIds', code: 'inactive', message: `${id.slice(0, 80)} is not an active employee` })),
      ]);
    }
    throw error;
  }
  if (flow.subjectType === 'unit') {
    // The heads by name: a unit flow reads no one else.
    const heads = await PersonModel.find({ _id: { $in: [...new Set(plan.toLaunch.map((t) => t.managerId))] } }, { name: 1 }).lean();
    for (const head of heads) names.set(head._id, head.name);
  }
  const notReady = await flowHook(flow.key).notReady?.(input.cycle, plan.toLaunch.map((t) => t.subjectId));
  if (notReady && notReady.size > 0) {
    plan.notStarted.push(...plan.toLaunch.filter((t) => notReady.has(t.subjectId)).map((t) => ({ subjectId: t.subjectId, ...notReady.get(t.subjectId)! })));
    plan.toLaunch = plan.toLaunch.filter((t) => !notReady.has(t.subjectId));
  }
  return { plan, names };
}

/** The latest forms and the policies in force (as every case pins them), and the flow's own start variables. */
export async function startSettings(flowKey: string): Promise<StartSettings> {
  const [formVersions, policyVersions] = await Promise.all([latestVersions(FormVersionModel), policyVersionsInForce()]);
  const variables = (await flowHook(flowKey).variables?.(policyVersions)) ?? {};
  return { formVersions, policyVersions, variables };
}

/** Starts one case through startCase with the START_VARIABLES; `started` false when it ran already. */
export async function startTarget(engine: EngineClient, flow: LaunchableFlow, cycle: string, target: StartTarget, settings: StartSettings, actor: string): Promise<boolean> {
  const { started } = await startCase(engine, {
    processKey: flow.key, cycle, subjectId: target.subjectId, subjectType: flow.subjectType, managerId: target.managerId, unitId: target.unitId,
    formVersions: settings.formVersions, policyVersions: settings.policyVersions, actor, processDefinitionId: flow.definitionId, variables: settings.variables,
  });
  return started;
}

/** Starts the targets at once (the business routes that answer with what started). */
export async function startTargetsNow(engine: EngineClient, flow: LaunchableFlow, cycle: string, targets: readonly StartTarget[], settings: StartSettings, actor: string, concurrency = 8) {
  const result = { launched: [] as string[], alreadyRunning: [] as string[] };
  await mapWithConcurrency(targets, concurrency, async (target) => {
    (await startTarget(engine, flow, cycle, target, settings, actor) ? result.launched : result.alreadyRunning).push(target.subjectId);
  });
  return result;
}

const who = (names: Names, id: string) => ({ id, name: names.get(id) ?? null });

/** What a launch would do, without writing anything. */
export async function dryRunFlowLaunch(flow: LaunchableFlow, input: FlowLaunchRequest): Promise<LaunchDryRun> {
  checkLaunchRequest(flow, input);
  const { plan, names } = await planFlowLaunch(flow, input);
  // The flow's start variables are read as the launch would (a policy they need that is missing is a 409 here too).
  await startSettings(flow.key);
  return {
    cycle: input.cycle,
    flow: { key: flow.key, name: flow.processName, subjectType: flow.subjectType },
    process: { key: flow.key, version: flow.version, definitionId: flow.definitionId },
    unitIds: plan.unitIds,
    cases: plan.toLaunch.length,
    skipped: plan.existing.length,
    notStarted: plan.notStarted.map((n) => ({ subject: who(names, n.subjectId), code: n.code, message: n.message })),
    firstCases: plan.toLaunch.slice(0, DRY_RUN_SAMPLE).map((t) => ({ subject: who(names, t.subjectId), unitId: t.unitId, manager: who(names, t.managerId), rule: t.rule })),
    // For a person flow, as the review launch always answered.
    withoutApprover: plan.notStarted.filter((n) => n.code === 'no-approver').map((n) => who(names, n.subjectId)),
    firstApprovers: flow.subjectType === 'person' ? plan.toLaunch.slice(0, DRY_RUN_SAMPLE).map((t) => ({ person: who(names, t.subjectId), unitId: t.unitId, approver: who(names, t.managerId), rule: t.rule })) : [],
  };
}

/** A launch pacing: cases per progress write, starts in flight, an optional pause between batches for a busy engine. */
function pacing() {
  const number = (value: string | undefined, fallback: number, min: number) => {
    const n = Number(value);
    return Number.isInteger(n) && n >= min ? n : fallback;
  };
  return {
    batchSize: number(process.env.LAUNCH_BATCH_SIZE, 50, 1),
    concurrency: number(process.env.LAUNCH_CONCURRENCY, 8, 1),
    pauseMs: number(process.env.LAUNCH_BATCH_PAUSE_MS, 0, 0),
  };
}

/**
 * Records a launch and starts its cases in the background; answers as soon as the launch document
 * is stored. The cases start in batches with bounded concurrency; after each batch the counters are
 * written, so GET /api/launches/:id shows progress across reloads and server nodes. A launch that
 * stopped (its server went down) is resumed by launching the same scope again: the cases that
 * exist are skipped, the rest start.
 */
export function startFlowLaunch(engine: EngineClient, flow: LaunchableFlow, input: FlowLaunchRequest, user: CurrentUser, resumes?: string): Promise<CycleLaunch> {
  // Two launches of one scope at once (a double click, two HR officers) would each plan the same
  // cases and run side by side: the second is told about the first.
  return oneWriterAtATime(`launch:${input.cycle}:${flow.key}`, () => startFlowLaunchNow(engine, flow, input, user, resumes), () => busy('cycle\'s launch'));
}

/** A launch whose counters were written this recently is still running (a server that died stops writing them). */
export const LAUNCH_STALE_AFTER_MS = 2 * 60_000;

async function startFlowLaunchNow(engine: EngineClient, flow: LaunchableFlow, input: FlowLaunchRequest, user: CurrentUser, resumes?: string): Promise<CycleLaunch> {
  checkLaunchRequest(flow, input);
  const { plan } = await planFlowLaunch(flow, input);
  const scope = (unitIds: readonly string[] | null | undefined, subjectIds: readonly string[] | null | undefined) => JSON.stringify([[...(unitIds ?? [])].sort(), [...(subjectIds ?? [])].sort()]);
  const running = (await CycleLaunchModel.find({ cycle: input.cycle, processKey: flow.key, status: 'running' }, { unitIds: 1, subjectIds: 1, updatedAt: 1 }).lean())
    .find((l) => Date.now() - new Date(l.updatedAt).getTime() < LAUNCH_STALE_AFTER_MS && scope(l.unitIds, l.subjectIds) === scope(plan.unitIds, input.subjectIds));
  if (running) {
    throw new HttpError(409, `this launch is running already (${running._id}); follow its progress`, [{ field: 'cycle', code: 'launch-running', message: `launch ${running._id} of the same flow, cycle and scope is running` }]);
  }
  const settings = await startSettings(flow.key);
  const now = new Date();
  const launch: CycleLaunch = {
    _id: randomUUID(), cycle: input.cycle, unitIds: plan.unitIds, subjectIds: input.subjectIds ?? null, subjectType: flow.subjectType,
    processKey: flow.key, processName: flow.processName, processDefinitionId: flow.definitionId, processVersion: flow.version,
    total: plan.toLaunch.length + plan.existing.length, started: 0, skipped: plan.existing.length, failed: [],
    withoutApprover: plan.notStarted.filter((n) => n.code === 'no-approver').map((n) => n.subjectId), notStarted: plan.notStarted,
    status: 'running', startedBy: user.id, startedAt: now, updatedAt: now, ...(resumes ? { resumes } : {}),
  };
  await retryOnBusy(() => CycleLaunchModel.create(launch));
  await recordCycle(input.cycle, user.id);
  await recordAudit({
    actor: user.id, action: 'cycle.launch-started', subject: { type: 'cycle', id: input.cycle },
    details: {
      launchId: launch._id, processKey: flow.key, unitIds: plan.unitIds, subjectIds: input.subjectIds ?? null, processDefinitionId: flow.definitionId, processVersion: flow.version,
      toStart: plan.toLaunch.length, skipped: plan.existing.length, notStarted: plan.notStarted.length, withoutApprover: launch.withoutApprover.length, resumes: resumes ?? null,
    },
  });
  void runLaunch(engine, flow, launch, plan.toLaunch, settings).catch(async (error) => {
    console.error(`launch ${launch._id} stopped:`, error);
    await retryOnBusy(() => CycleLaunchModel.updateOne({ _id: launch._id }, { $set: { status: 'interrupted', updatedAt: new Date(), finishedAt: new Date() } })).catch(() => undefined);
  });
  return launch;
}

async function runLaunch(engine: EngineClient, flow: LaunchableFlow, launch: CycleLaunch, targets: StartTarget[], settings: StartSettings): Promise<void> {
  const { batchSize, concurrency, pauseMs } = pacing();
  let started = 0;
  let skipped = launch.skipped;
  const failed: LaunchFailure[] = [];
  for (let from = 0; from < targets.length; from += batchSize) {
    const batch = targets.slice(from, from + batchSize);
    await mapWithConcurrency(batch, concurrency, async (target) => {
      try {
        if (await startTarget(engine, flow, launch.cycle, target, settings, launch.startedBy)) started++;
        else skipped++;
      } catch (error) {
        failed.push({ subjectId: target.subjectId, reason: String((error as Error)?.message ?? error).slice(0, 300) });
      }
    });
    const last = from + batchSize >= targets.length;
    if (!last) {
      await retryOnBusy(() => CycleLaunchModel.updateOne({ _id: launch._id }, { $set: { started, skipped, failed, updatedAt: new Date() } }));
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
  const finishedAt = new Date();
  await retryOnBusy(() => CycleLaunchModel.updateOne({ _id: launch._id }, { $set: { started, skipped, failed, status: 'finished', updatedAt: finishedAt, finishedAt } }));
  await recordAudit({
    actor: launch.startedBy, action: 'cycle.launch-finished', subject: { type: 'cycle', id: launch.cycle },
    details: {
      launchId: launch._id, processKey: flow.key, total: launch.total, started, skipped, failed: failed.length,
      // The launch page names whom it could not start; the ids and the engine's reasons are kept here.
      failures: failed.slice(0, 100),
    },
  });
}

/**
 * Resumes a launch that stopped (its server went down): the same flow version, cycle and scope
 * launched again as a new launch that skips every case the first one started. The stopped launch
 * stays as it was, and the new one names it. 409 for a launch that is running or finished.
 */
export async function resumeFlowLaunch(engine: EngineClient, stopped: CycleLaunch, user: CurrentUser, flowOf: (key: string, version: string) => Promise<LaunchableFlow>): Promise<CycleLaunch> {
  const flow = await flowOf(stopped.processKey, String(stopped.processVersion));
  const request: FlowLaunchRequest = { cycle: stopped.cycle, processVersion: String(stopped.processVersion) };
  if (stopped.unitIds) request.unitIds = stopped.unitIds;
  if (stopped.subjectIds) request.subjectIds = stopped.subjectIds;
  return startFlowLaunch(engine, flow, request, user, stopped._id);
}

/**
 * A finished launch's failures, tried again: a new launch of the same flow version and cycle whose
 * scope is just the people (or units) it could not start. It names the first launch (resumes). A
 * case is started once whatever the retries: the plan skips every subject with a case of this flow
 * in this cycle (one that did start after all, or a second retry), and startCase answers "ran
 * already" for one started in between.
 */
export async function retryFailedLaunch(engine: EngineClient, finished: CycleLaunch, user: CurrentUser, flowOf: (key: string, version: string) => Promise<LaunchableFlow>): Promise<CycleLaunch> {
  const flow = await flowOf(finished.processKey, String(finished.processVersion));
  const failedIds = [...new Set(finished.failed.map((f) => f.subjectId))];
  const request: FlowLaunchRequest = { cycle: finished.cycle, processVersion: String(finished.processVersion) };
  if (flow.subjectType === 'unit') request.unitIds = failedIds;
  else request.subjectIds = failedIds;
  return startFlowLaunch(engine, flow, request, user, finished._id);
}
