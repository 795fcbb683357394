import { CycleLaunchModel, type CycleLaunch } from '../../db/models/cycle-launch';
import { OrgUnitModel } from '../../db/models/org-unit';
import { personNames } from '../../db/person-cards';
import type { LaunchDryRun, LaunchProgress } from '../../domain/api-types';
import { REVIEW_PROCESS_KEY } from '../../platform/cases/launch-reviews';
import type { CurrentUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import { flowToStart } from '../../platform/launcher/flow-definitions';
import { dryRunFlowLaunch, LAUNCH_STALE_AFTER_MS, startFlowLaunch } from '../../platform/launcher/flow-launches';

/** A running launch whose loop has not written for this long has stopped (its server went down). */
export const STALE_AFTER_MS = LAUNCH_STALE_AFTER_MS;

export interface LaunchRequest {
  cycle: string;
  /** Absent: the whole bank. */
  unitIds?: string[];
  /** A deployed version number as text; absent: the latest. */
  processVersion?: string;
}

// POST /api/cycles/:cycle/launches (and its dry run): the launcher's launch of the performance review.

/** What a review launch would do, without writing anything. */
export async function dryRunLaunch(engine: EngineClient, input: LaunchRequest, user: CurrentUser): Promise<LaunchDryRun> {
  return dryRunFlowLaunch(await flowToStart(engine, REVIEW_PROCESS_KEY, input.processVersion, user, { routeChecked: true }), input);
}

export async function startLaunch(engine: EngineClient, input: LaunchRequest, user: CurrentUser): Promise<CycleLaunch> {
  return startFlowLaunch(engine, await flowToStart(engine, REVIEW_PROCESS_KEY, input.processVersion, user, { routeChecked: true }), input, user);
}

// The launch page reads the same shape from GET /api/launches/:launchId.
export type { LaunchProgress };

/** A launch as the page shows it: counts, percent done, and "interrupted" for a loop that stopped writing. */
export function launchProgress(launch: CycleLaunch, now = new Date()): LaunchProgress {
  const done = launch.started + launch.skipped + (launch.failed?.length ?? 0);
  const stale = launch.status === 'running' && now.getTime() - new Date(launch.updatedAt).getTime() > STALE_AFTER_MS;
  return {
    launchId: launch._id,
    cycle: launch.cycle,
    unitIds: launch.unitIds ?? null,
    subjectIds: launch.subjectIds ?? null,
    subjectType: launch.subjectType ?? 'person',
    process: { key: launch.processKey, version: launch.processVersion, definitionId: launch.processDefinitionId },
    processName: launch.processName ?? null,
    total: launch.total,
    started: launch.started,
    skipped: launch.skipped,
    failed: launch.failed ?? [],
    withoutApprover: launch.withoutApprover ?? [],
    notStarted: launch.notStarted ?? [],
    done,
    percent: launch.total === 0 ? 100 : Math.floor((done / launch.total) * 100),
    status: stale ? 'interrupted' : launch.status,
    resumes: launch.resumes ?? null,
    startedBy: launch.startedBy,
    startedAt: launch.startedAt,
    finishedAt: launch.finishedAt ?? null,
  };
}

export async function readLaunch(launchId: string): Promise<LaunchProgress | null> {
  const launch = await readLaunchDocument(launchId);
  return launch ? launchProgress(launch) : null;
}

export async function readLaunchDocument(launchId: string): Promise<CycleLaunch | null> {
  if (!/^[0-9a-f-]{36}$/.test(launchId)) return null;
  return CycleLaunchModel.findById(launchId).lean();
}

/** The latest launches, newest first, for the launch page's list: everyone's, or one person's own. */
export async function recentLaunches(startedBy: string | null = null, limit = 10): Promise<LaunchProgress[]> {
  const launches = await CycleLaunchModel.find(startedBy === null ? {} : { startedBy }).sort({ startedAt: -1 }).limit(limit).lean();
  return launches.map((l) => launchProgress(l));
}

/** The launch with the names of whom it did not start or failed to start (people or org units, as the flow's subjects are). */
export async function withSubjectNames(launch: LaunchProgress): Promise<LaunchProgress> {
  const ids = [...new Set([...launch.failed.map((f) => f.subjectId), ...launch.notStarted.map((n) => n.subjectId), ...launch.withoutApprover])];
  if (ids.length === 0) return { ...launch, subjectNames: {} };
  const named = launch.subjectType === 'unit'
    ? new Map((await OrgUnitModel.find({ _id: { $in: ids } }, { name: 1 }).lean()).map((u) => [u._id, u.name] as const))
    : await personNames(ids);
  return { ...launch, subjectNames: Object.fromEntries(named) };
}
