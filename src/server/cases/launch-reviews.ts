import { retryOnBusy } from '../../db/retry-on-busy';
import { recordAudit } from '../../audit/record-audit';
import { FormVersionModel } from '../../db/models/form-version';
import { PersonModel } from '../../db/models/person';
import { PolicyVersionModel } from '../../db/models/policy-version';
import { ReviewCaseModel } from '../../db/models/review-case';
import { latestVersions } from '../../deploy/versioned-documents';
import { mapWithConcurrency } from '../../lib/concurrency';
import type { EngineClient } from '../engine-client';
import { badRequest } from '../http-errors';

export const REVIEW_PROCESS_KEY = 'performance-review';
export const CYCLE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

export interface LaunchResult {
  cycle: string;
  launched: string[];
  alreadyRunning: string[];
}

/**
 * Starts one performance review per employee with businessKey `<cycle>:<employee>`. Safe to repeat:
 * a case that already runs is left alone, and one whose start was interrupted is completed.
 */
export async function launchReviews(engine: EngineClient, input: { cycle: unknown; employeeIds?: unknown; actor: string }): Promise<LaunchResult> {
  const cycle = input.cycle;
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
  const people = await PersonModel.find(ids ? { _id: { $in: ids } } : { active: true, managerId: { $exists: true } }, { _id: 1, managerId: 1 }).lean();
  if (ids) {
    const found = new Set(people.map((p) => p._id));
    const problems = ids.filter((id) => !found.has(id)).map((id) => ({ field: 'employeeIds', code: 'unknown', message: `no employee ${id}` }));
    const noManager = people.filter((p) => !p.managerId).map((p) => ({ field: 'employeeIds', code: 'no-manager', message: `${p._id} has no manager to assess them` }));
    if (problems.length + noManager.length > 0) throw badRequest('some employees cannot be reviewed', [...problems, ...noManager]);
  }

  const [formVersions, policyVersions] = await Promise.all([latestVersions(FormVersionModel), latestVersions(PolicyVersionModel)]);
  const result: LaunchResult = { cycle, launched: [], alreadyRunning: [] };
  await mapWithConcurrency(people, 8, async (person) => {
    const caseId = `${cycle}:${person._id}`;
    const reviewCase = await retryOnBusy(() => ReviewCaseModel.findOneAndUpdate(
      { _id: caseId },
      { $setOnInsert: { processKey: REVIEW_PROCESS_KEY, cycle, subjectId: person._id, managerId: person.managerId!, formVersions, policyVersions, status: 'starting', launchedBy: input.actor, launchedAt: new Date() } },
      { upsert: true, new: true },
    ).lean());
    if (reviewCase!.processInstanceId) {
      result.alreadyRunning.push(person._id);
      return;
    }
    // An earlier launch may have started the instance and stopped before recording it.
    const [running] = await engine.processInstancesByBusinessKey(REVIEW_PROCESS_KEY, caseId);
    const instance = running ?? await engine.startProcess(REVIEW_PROCESS_KEY, caseId, {
      caseId, cycle, subjectId: person._id, managerId: reviewCase!.managerId,
    });
    await retryOnBusy(() => ReviewCaseModel.updateOne({ _id: caseId }, { $set: { processInstanceId: instance.id, status: 'running' } }));
    await recordAudit({
      actor: input.actor, action: 'case.launched', subject: { type: 'case', id: caseId },
      details: { processInstanceId: instance.id, formVersions: reviewCase!.formVersions, policyVersions: reviewCase!.policyVersions },
    });
    (running ? result.alreadyRunning : result.launched).push(person._id);
  });
  return result;
}
