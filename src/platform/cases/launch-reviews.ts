import { policyVersionsInForce } from '../../db/policies-in-force';
import { recordCycle } from '../../db/models/cycle';
import { FormVersionModel } from '../../db/models/form-version';
import { PersonModel } from '../../db/models/person';
import { latestVersions } from '../versions';
import type { EngineClient } from '../engine-client';
import { badRequest } from '../http-errors';
import { recordAudit } from '../audit/record-audit';
import type { CurrentUser } from '../current-user';
import { checkInReminderInForce } from '../launcher/flow-hooks';
import { flowToStart } from '../launcher/flow-definitions';
import { startTargetsNow } from '../launcher/flow-launches';

export const REVIEW_PROCESS_KEY = 'performance-review';
import { CYCLE_ID } from '../../domain/ids';

export { CYCLE_ID };
/** An ISO 8601 repeating interval as timer cycles take it: R<n>/<duration>, e.g. R3/P14D or R1/PT30S. */
export const REPEATING_INTERVAL = /^R\d{0,3}\/P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

export interface LaunchResult {
  cycle: string;
  launched: string[];
  alreadyRunning: string[];
}

/**
 * Starts one performance review per employee with businessKey `<cycle>:<employee>`. Safe to repeat:
 * a case that already runs is left alone, and one whose start was interrupted is completed.
 */
export interface LaunchInput {
  cycle: unknown;
  employeeIds?: unknown;
  user: CurrentUser;
  /**
   * Replaces the pinned review-schedule policy's check-in reminder cycle for these reviews (a pilot
   * with a tighter rhythm, a test). The route lets only HR set it; it is in the audit log.
   */
  checkInReminder?: string;
}

/**
 * What every review launched now pins: the latest form and policy versions, and the review-schedule
 * policy's check-in reminder rhythm (a start variable). A 409 when that policy is not deployed.
 */
export async function reviewStartSettings() {
  const [formVersions, policyVersions] = await Promise.all([latestVersions(FormVersionModel), policyVersionsInForce()]);
  // The check-in reminder rhythm is policy data, pinned with the case; the engine gets it as a start variable.
  const { checkInReminder, scheduleVersion } = await checkInReminderInForce(policyVersions);
  return { formVersions, policyVersions, checkInReminder, scheduleVersion };
}

export async function launchReviews(engine: EngineClient, input: LaunchInput): Promise<LaunchResult> {
  const cycle = input.cycle;
  // Who may start reviews is the diagram's to say (candidateStarterGroups); the route lets HR, process owners and admins try.
  const flow = await flowToStart(engine, REVIEW_PROCESS_KEY, undefined, input.user, { routeChecked: true });
  if (typeof cycle !== 'string' || !CYCLE_ID.test(cycle)) {
    throw badRequest('invalid cycle', [{ field: 'cycle', code: 'pattern', message: 'cycle is 1–40 letters, digits, - or _' }]);
  }
  let ids: string[] | undefined;
  if (input.employeeIds !== undefined) {
    if (!Array.isArray(input.employeeIds) || input.employeeIds.length === 0 || !input.employeeIds.every((id) => typeof id === 'string')) {
      throw badRequest('invalid employeeIds', [{ field: 'employeeIds', code: 'type', message: 'employeeIds is a non-empty list of employee ids' }]);
    }
    ids = input.employeeIds as string[];
  }
  if (input.checkInReminder !== undefined && !REPEATING_INTERVAL.test(input.checkInReminder)) {
    throw badRequest('invalid checkInReminder', [{ field: 'checkInReminder', code: 'pattern', message: 'checkInReminder is an ISO 8601 repeating interval such as R3/P14D' }]);
  }
  const people = await PersonModel.find(ids ? { _id: { $in: ids } } : { active: true, managerId: { $exists: true } }, { _id: 1, managerId: 1, unitId: 1 }).lean();
  if (ids) {
    const found = new Set(people.map((p) => p._id));
    const problems = ids.filter((id) => !found.has(id)).map((id) => ({ field: 'employeeIds', code: 'unknown', message: `no employee ${id}` }));
    const noManager = people.filter((p) => !p.managerId).map((p) => ({ field: 'employeeIds', code: 'no-manager', message: `${p._id} has no manager to assess them` }));
    if (problems.length + noManager.length > 0) throw badRequest('some employees cannot be reviewed', [...problems, ...noManager]);
  }

  const { formVersions, policyVersions, checkInReminder: policyReminder, scheduleVersion } = await reviewStartSettings();
  const checkInReminder = input.checkInReminder ?? policyReminder;
  if (input.checkInReminder !== undefined) {
    await recordAudit({ actor: input.user.id, action: 'cycle.schedule-overridden', subject: { type: 'cycle', id: cycle }, details: { checkInReminder, policy: { key: 'review-schedule', version: scheduleVersion, checkInReminder: policyReminder }, employeeIds: ids ?? null } });
  }
  await recordCycle(cycle, input.user.id);
  // Everyone here has a manager (checked above, or chosen so): the manager stands as the case's.
  const targets = people.map((person) => ({ subjectId: person._id, unitId: person.unitId, managerId: person.managerId!, rule: 'manager' as const }));
  const started = await startTargetsNow(engine, flow, cycle, targets, { formVersions, policyVersions, variables: { checkInReminder } }, input.user.id);
  return { cycle, ...started };
}
