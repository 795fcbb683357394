import { oneWriterAtATime } from '../../db/document-lock';
import { goalChangeHeadId, GoalChangeHeadModel, goalSetVersions } from '../../db/models/goal-set';
import { FormVersionModel } from '../../db/models/form-version';
import { ReviewCaseModel, caseIdFor } from '../../db/models/review-case';
import { ScoreModel, scoreId } from '../../db/models/score';
import { policyVersionsInForce } from '../../db/policies-in-force';
import { retryOnBusy } from '../../db/retry-on-busy';
import { changeWindow, versionInForce } from '../../domain/goal-versions';
import { CYCLE_ID } from '../../domain/ids';
import { recordAudit } from '../../platform/audit/record-audit';
import { startCase } from '../../platform/cases/start-case';
import { latestVersions } from '../../platform/versions';
import type { CurrentUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import { busy, HttpError, notFound } from '../http-errors';
import type { Locale } from '../i18n';
import { translate } from '../i18n';

export const GOAL_CHANGE_PROCESS_KEY = 'goal-change';

/** Whether a person may propose a change of their goals in a cycle now (src/domain/goal-versions.ts). */
export async function goalChangeWindow(cycle: string, personId: string) {
  const [review, versions, selfScore] = await Promise.all([
    ReviewCaseModel.findById(caseIdFor('performance-review', cycle, personId), { status: 1, managerId: 1 }).lean(),
    goalSetVersions(cycle, personId),
    ScoreModel.findById(scoreId(cycle, personId, 'self'), { _id: 1 }).lean(),
  ]);
  return { review, versions, window: changeWindow(review, versions.length > 0, selfScore !== null) };
}

export interface ProposeResult {
  caseId: string;
  /** The employee's task to fill the proposal in, when the engine has created it. */
  taskId: string | null;
  replayed: boolean;
  baseVersion: number;
}

/**
 * An employee asks to change their agreed goals: the goal-change flow starts for them, and its first
 * step is theirs (the proposal form, starting from the goals in force). Refused with 409 outside the
 * change window. One change at a time per person and cycle: asking again while one is open (a double
 * click, two tabs) answers with that one, so two requests at once make one case and, later, one
 * version.
 */
export async function proposeGoalChange(engine: EngineClient, user: CurrentUser, cycle: string, locale: Locale = 'en'): Promise<ProposeResult> {
  if (!CYCLE_ID.test(cycle)) throw notFound('review');
  const result = await oneWriterAtATime(`goal-change:${goalChangeHeadId(cycle, user.id)}`, async () => {
    const head = await GoalChangeHeadModel.findById(goalChangeHeadId(cycle, user.id)).lean();
    const { review, versions, window } = await goalChangeWindow(cycle, user.id);
    if (!review) throw notFound('review');
    const baseVersion = versionInForce(versions)?.version ?? 0;
    // A change whose case was closed without clearing the head (a reshaped flow without the recording block) is not open.
    const open = head?.openCaseId ? await ReviewCaseModel.findById(head.openCaseId, { status: 1 }).lean() : null;
    if (head?.openCaseId && open?.status !== 'closed') return { caseId: head.openCaseId, replayed: true, baseVersion, started: null };
    if (!window.open) {
      throw new HttpError(409, window.message, [{ field: 'cycle', code: window.code, message: window.message, text: translate(locale, `goalChange.refused.${window.code}`) }]);
    }
    const [formVersions, policyVersions] = await Promise.all([latestVersions(FormVersionModel), policyVersionsInForce()]);
    if (formVersions['goal-change'] === undefined || formVersions['goal-change-decision'] === undefined) throw new HttpError(409, 'goal changes are not set up: the goal-change forms are not deployed');
    const proposals = (head?.proposals ?? 0) + 1;
    const caseKey = `${user.id}:change-${proposals}`;
    const caseId = caseIdFor(GOAL_CHANGE_PROCESS_KEY, cycle, caseKey);
    // The head first: were the start to fail, the next request finds the open case and starts it again (startCase is idempotent).
    await retryOnBusy(() => GoalChangeHeadModel.updateOne({ _id: goalChangeHeadId(cycle, user.id) }, { $set: { proposals, openCaseId: caseId } }, { upsert: true }));
    await recordAudit({ actor: user.id, action: 'goals.change-requested', subject: { type: 'case', id: caseId }, details: { cycle, baseVersion } });
    return { caseId, replayed: false, baseVersion, started: { caseKey, managerId: review.managerId, formVersions, policyVersions } };
  }, () => busy('goal change'));

  const reviewCase = await ReviewCaseModel.findById(result.caseId).lean();
  if (result.started || !reviewCase?.processInstanceId) {
    const started = result.started ?? await restartValues(cycle, user.id, result.caseId);
    await startCase(engine, {
      processKey: GOAL_CHANGE_PROCESS_KEY, cycle, subjectId: user.id, caseKey: started.caseKey, subjectType: 'person', managerId: started.managerId,
      formVersions: started.formVersions, policyVersions: started.policyVersions, actor: user.id,
    });
  }
  const instanceId = (await ReviewCaseModel.findById(result.caseId, { processInstanceId: 1 }).lean())?.processInstanceId;
  const tasks = instanceId ? await engine.tasksOfProcess(instanceId) : [];
  const own = tasks.find((t) => t.assignee === user.id);
  return { caseId: result.caseId, taskId: own?.id ?? null, replayed: result.replayed, baseVersion: result.baseVersion };
}

/** What an interrupted start needs to start again: the case key from the case id, the manager and versions in force now. */
async function restartValues(cycle: string, personId: string, caseId: string) {
  const caseKey = caseId.slice(cycle.length + 1, -(GOAL_CHANGE_PROCESS_KEY.length + 1));
  const review = await ReviewCaseModel.findById(caseIdFor('performance-review', cycle, personId), { managerId: 1 }).lean();
  if (!review) throw notFound('review');
  const [formVersions, policyVersions] = await Promise.all([latestVersions(FormVersionModel), policyVersionsInForce()]);
  return { caseKey, managerId: review.managerId, formVersions, policyVersions };
}
