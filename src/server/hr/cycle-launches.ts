import { randomUUID } from 'node:crypto';
import { recordAudit } from '../../audit/record-audit';
import { CycleLaunchModel, type CycleLaunch, type LaunchFailure } from '../../db/models/cycle-launch';
import { OrgUnitModel } from '../../db/models/org-unit';
import { PersonModel, type Person } from '../../db/models/person';
import { ReviewCaseModel } from '../../db/models/review-case';
import { retryOnBusy } from '../../db/retry-on-busy';
import type { OrgUnitNode } from '../../domain/approvers';
import { planLaunch, UnknownUnitError, type LaunchScope } from '../../domain/launch-scope';
import { mapWithConcurrency } from '../../lib/concurrency';
import { CYCLE_ID, REVIEW_PROCESS_KEY, reviewStartSettings } from '../cases/launch-reviews';
import { UNIT_ID } from '../cases/launch-calibrations';
import { startCase } from '../cases/start-case';
import { recordCycle } from '../../db/models/cycle';
import type { EngineClient, EngineProcessDefinition } from '../engine-client';
import { badRequest, HttpError } from '../http-errors';

/** How many first approvers a dry run names. */
export const DRY_RUN_SAMPLE = 20;
/** A running launch whose loop has not written for this long has stopped (its server went down). */
export const STALE_AFTER_MS = 2 * 60_000;

/** Launch pacing: cases per progress write, starts in flight, an optional pause between batches for a busy engine. */
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

export interface LaunchRequest {
  cycle: string;
  /** Absent: the whole bank. */
  unitIds?: string[];
  /** A deployed version number as text; absent: the latest. */
  processVersion?: string;
}

function checkRequest(input: LaunchRequest): void {
  const problems = [];
  if (!CYCLE_ID.test(input.cycle)) problems.push({ field: 'cycle', code: 'pattern', message: 'cycle is 1–40 letters, digits, - or _' });
  if (input.unitIds !== undefined) {
    if (input.unitIds.length === 0) problems.push({ field: 'unitIds', code: 'required', message: 'name at least one org unit, or leave unitIds out for the whole bank' });
    for (const id of input.unitIds) if (!UNIT_ID.test(id)) problems.push({ field: 'unitIds', code: 'pattern', message: `${id.slice(0, 80)} is not an org unit id` });
  }
  if (input.processVersion !== undefined && !/^[1-9]\d{0,5}$/.test(input.processVersion)) {
    problems.push({ field: 'processVersion', code: 'pattern', message: 'processVersion is a deployed version number' });
  }
  if (problems.length > 0) throw badRequest('the launch is not valid', problems);
}

async function chooseDefinition(engine: EngineClient, processVersion: string | undefined): Promise<EngineProcessDefinition> {
  const definitions = await engine.processDefinitions(REVIEW_PROCESS_KEY, 1000);
  if (definitions.length === 0) throw new HttpError(409, `the ${REVIEW_PROCESS_KEY} flow is not deployed`);
  if (processVersion === undefined) return definitions[0]!;
  const chosen = definitions.find((d) => d.version === Number(processVersion));
  if (!chosen) throw badRequest('no such version', [{ field: 'processVersion', code: 'unknown', message: `version ${processVersion} of ${REVIEW_PROCESS_KEY} is not deployed` }]);
  return chosen;
}

type PersonRow = Pick<Person, '_id' | 'unitId' | 'managerId' | 'active' | 'name'>;

/** Reads the org chart and the cycle's cases (three queries, whatever the size) and plans the launch. */
async function plan(input: LaunchRequest): Promise<{ scope: LaunchScope; people: Map<string, PersonRow>; units: Map<string, OrgUnitNode> }> {
  const [people, unitRows, cases] = await Promise.all([
    PersonModel.find({}, { unitId: 1, managerId: 1, active: 1, name: 1 }).lean<PersonRow[]>(),
    OrgUnitModel.find({}, { headId: 1, parentId: 1 }).lean(),
    ReviewCaseModel.find({ cycle: input.cycle, processKey: REVIEW_PROCESS_KEY }, { subjectId: 1, processInstanceId: 1 }).lean(),
  ]);
  const units = new Map(unitRows.map((u): [string, OrgUnitNode] => [u._id, { id: u._id, headId: u.headId, parentId: u.parentId }]));
  // A case whose start was interrupted (no instance yet) is started again: startCase completes it.
  const existing = new Set(cases.filter((c) => c.processInstanceId).map((c) => c.subjectId));
  try {
    const scope = planLaunch(input.unitIds ?? null, people.map((p) => ({ id: p._id, unitId: p.unitId, managerId: p.managerId, active: p.active })), units, existing);
    return { scope, people: new Map(people.map((p) => [p._id, p])), units };
  } catch (error) {
    if (error instanceof UnknownUnitError) throw badRequest('unknown org units', error.unitIds.map((id) => ({ field: 'unitIds', code: 'unknown', message: `no org unit ${id.slice(0, 80)}` })));
    throw error;
  }
}

/** What a launch would do, without writing anything. */
export async function dryRunLaunch(engine: EngineClient, input: LaunchRequest) {
  checkRequest(input);
  const definition = await chooseDefinition(engine, input.processVersion);
  const { scope, people } = await plan(input);
  const who = (id: string) => ({ id, name: people.get(id)?.name ?? null });
  return {
    cycle: input.cycle,
    process: { key: REVIEW_PROCESS_KEY, version: definition.version, definitionId: definition.id },
    unitIds: scope.unitIds,
    cases: scope.toLaunch.length,
    skipped: scope.existing.length,
    withoutApprover: scope.withoutApprover.map(who),
    firstApprovers: scope.toLaunch.slice(0, DRY_RUN_SAMPLE).map((t) => ({ person: who(t.personId), unitId: t.unitId, approver: who(t.approverId), rule: t.rule })),
  };
}

/**
 * Records a launch and starts its cases in the background; answers as soon as the launch document
 * is stored. The cases start in batches with bounded concurrency; after each batch the counters are
 * written, so GET /api/launches/:id shows progress across reloads and server nodes.
 */
export async function startLaunch(engine: EngineClient, input: LaunchRequest, actor: string): Promise<CycleLaunch> {
  checkRequest(input);
  const definition = await chooseDefinition(engine, input.processVersion);
  const settings = await reviewStartSettings();
  const { scope } = await plan(input);
  const now = new Date();
  const launch: CycleLaunch = {
    _id: randomUUID(), cycle: input.cycle, unitIds: scope.unitIds, processKey: REVIEW_PROCESS_KEY, processDefinitionId: definition.id, processVersion: definition.version,
    total: scope.toLaunch.length + scope.existing.length, started: 0, skipped: scope.existing.length, failed: [], withoutApprover: scope.withoutApprover,
    status: 'running', startedBy: actor, startedAt: now, updatedAt: now,
  };
  await retryOnBusy(() => CycleLaunchModel.create(launch));
  await recordCycle(input.cycle, actor);
  await recordAudit({
    actor, action: 'cycle.launch-started', subject: { type: 'cycle', id: input.cycle },
    details: { launchId: launch._id, unitIds: scope.unitIds, processDefinitionId: definition.id, processVersion: definition.version, toStart: scope.toLaunch.length, skipped: scope.existing.length, withoutApprover: scope.withoutApprover.length },
  });
  void runLaunch(engine, launch, scope, settings).catch(async (error) => {
    console.error(`launch ${launch._id} stopped:`, error);
    await retryOnBusy(() => CycleLaunchModel.updateOne({ _id: launch._id }, { $set: { status: 'interrupted', updatedAt: new Date(), finishedAt: new Date() } })).catch(() => undefined);
  });
  return launch;
}

async function runLaunch(engine: EngineClient, launch: CycleLaunch, scope: LaunchScope, settings: Awaited<ReturnType<typeof reviewStartSettings>>): Promise<void> {
  const { batchSize, concurrency, pauseMs } = pacing();
  let started = 0;
  let skipped = launch.skipped;
  const failed: LaunchFailure[] = [];
  for (let from = 0; from < scope.toLaunch.length; from += batchSize) {
    const batch = scope.toLaunch.slice(from, from + batchSize);
    await mapWithConcurrency(batch, concurrency, async (target) => {
      try {
        const result = await startCase(engine, {
          processKey: REVIEW_PROCESS_KEY, cycle: launch.cycle, subjectId: target.personId, subjectType: 'person', managerId: target.approverId,
          formVersions: settings.formVersions, policyVersions: settings.policyVersions, actor: launch.startedBy,
          processDefinitionId: launch.processDefinitionId, variables: { checkInReminder: settings.checkInReminder },
        });
        if (result.started) started++;
        else skipped++;
      } catch (error) {
        failed.push({ subjectId: target.personId, reason: String((error as Error)?.message ?? error).slice(0, 300) });
      }
    });
    const last = from + batchSize >= scope.toLaunch.length;
    if (!last) {
      await retryOnBusy(() => CycleLaunchModel.updateOne({ _id: launch._id }, { $set: { started, skipped, failed, updatedAt: new Date() } }));
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
  const finishedAt = new Date();
  await retryOnBusy(() => CycleLaunchModel.updateOne({ _id: launch._id }, { $set: { started, skipped, failed, status: 'finished', updatedAt: finishedAt, finishedAt } }));
  await recordAudit({
    actor: launch.startedBy, action: 'cycle.launch-finished', subject: { type: 'cycle', id: launch.cycle },
    details: { launchId: launch._id, total: launch.total, started, skipped, failed: failed.length },
  });
}

export type LaunchProgress = ReturnType<typeof launchProgress>;

/** A launch as the page shows it: counts, percent done, and "interrupted" for a loop that stopped writing. */
export function launchProgress(launch: CycleLaunch, now = new Date()) {
  const done = launch.started + launch.skipped + (launch.failed?.length ?? 0);
  const stale = launch.status === 'running' && now.getTime() - new Date(launch.updatedAt).getTime() > STALE_AFTER_MS;
  return {
    launchId: launch._id,
    cycle: launch.cycle,
    unitIds: launch.unitIds ?? null,
    process: { key: launch.processKey, version: launch.processVersion, definitionId: launch.processDefinitionId },
    total: launch.total,
    started: launch.started,
    skipped: launch.skipped,
    failed: launch.failed ?? [],
    withoutApprover: launch.withoutApprover ?? [],
    done,
    percent: launch.total === 0 ? 100 : Math.floor((done / launch.total) * 100),
    status: stale ? 'interrupted' : launch.status,
    startedBy: launch.startedBy,
    startedAt: launch.startedAt,
    finishedAt: launch.finishedAt ?? null,
  };
}

export async function readLaunch(launchId: string): Promise<LaunchProgress | null> {
  if (!/^[0-9a-f-]{36}$/.test(launchId)) return null;
  const launch = await CycleLaunchModel.findById(launchId).lean();
  return launch ? launchProgress(launch) : null;
}

/** The latest launches, newest first, for the launch page's list. */
export async function recentLaunches(limit = 10): Promise<LaunchProgress[]> {
  const launches = await CycleLaunchModel.find({}).sort({ startedAt: -1 }).limit(limit).lean();
  return launches.map((l) => launchProgress(l));
}
