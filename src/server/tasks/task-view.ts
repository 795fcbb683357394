import { UnitGoalModel, type UnitGoal } from '../../db/models/goal';
import { readByIds } from '../../db/read-by-ids';
import { SubmissionModel, submissionVariable } from '../../db/models/submission';
import { contextSourcesOf } from '../../domain/case-context';
import type { CurrentUser } from '../current-user';
import { taskVariable, type EngineClient, type EngineTask } from '../engine-client';
import type { Locale } from '../i18n';
import { caseContext } from './case-context';
import { withCaseContext } from './case-context/fill-context';
import { caseHistory } from './case-history';
import { CLAIMED_BY, delegateCandidates } from './task-actions';
import type { VisibleTask } from './task-access';
import { pinnedFormForTask } from './task-form';
import { initialDraft } from './initial-draft';

/**
 * A submission this task's form asks to see beside it (`"context": {"submissionOf": "<form key>"}`
 * in the schema: the goals under approval, the manager's reasons for returning them): the latest
 * one of that form in this instance. Goal rows get their unit goal's title.
 */
async function contextSubmission(task: EngineTask, schema: Record<string, unknown>) {
  const formKey = (schema.context as { submissionOf?: unknown } | undefined)?.submissionOf;
  if (typeof formKey !== 'string') return null;
  const submissionId = taskVariable(task, submissionVariable(formKey));
  const submission = submissionId ? await SubmissionModel.findById(submissionId, { data: 1, submittedAt: 1 }).lean() : null;
  if (!submission) return null;
  const data = { ...submission.data };
  if (Array.isArray(data.goals)) {
    const goals = data.goals as Array<{ unitGoalId?: string }>;
    const unitGoals = await readByIds<Pick<UnitGoal, '_id' | 'code' | 'title'>>(UnitGoalModel, goals.flatMap((g) => (g.unitGoalId ? [g.unitGoalId] : [])), { code: 1, title: 1 });
    data.goals = goals.map((goal) => ({ ...goal, unitGoal: (goal.unitGoalId && unitGoals.get(goal.unitGoalId)) || null }));
  }
  return { formKey, data, submittedAt: submission.submittedAt };
}

/** A task the user may see, with its pinned form and what the person working it needs to see beside the form. */
export async function taskView(visible: VisibleTask, user: CurrentUser, locale: Locale) {
  // Options labelled in the reader's language (a unit goal by its title).
  const { reviewCase, form } = await pinnedFormForTask(visible.task, locale);
  const previousId = taskVariable(visible.task, submissionVariable(form.key));
  const [flowContext, previous, context, schema] = await Promise.all([
    caseContext(reviewCase, { task: visible.task, user }),
    previousId ? SubmissionModel.findById(previousId, { data: 1, submittedBy: 1 }).lean() : null,
    contextSubmission(visible.task, form.schema),
    // The form's context components, filled for this reader (tasks/case-context/fill-context.ts).
    withCaseContext(form.schema, { user, locale, task: visible.task, reviewCase }),
  ]);
  return {
    task: visible.task,
    canWork: visible.canWork,
    reviewCase: { id: reviewCase._id, cycle: reviewCase.cycle },
    reviewCaseRecord: reviewCase,
    ...flowContext,
    context,
    // The same person's earlier answer to this form in this case (goals returned for rework), to start from.
    // A first answer starts from what the form names, if anything (initial-draft.ts: a goal change from the goals in force).
    draft: previous && previous.submittedBy === user.id ? previous.data : visible.canWork ? await initialDraft(form.schema, reviewCase) : null,
    form: { key: form.key, version: form.version, schema },
    contextSources: contextSourcesOf(form.schema),
  };
}

/** The task page: the view, the case's history, and what the reader may do besides submitting (claim, give back, delegate). */
export async function taskPage(engine: EngineClient, visible: VisibleTask, user: CurrentUser, locale: Locale) {
  const view = await taskView(visible, user, locale);
  const [history, group, claimedBy] = await Promise.all([
    caseHistory(engine, view.reviewCaseRecord, { user, task: view.task }),
    engine.taskIdentityLinks(view.task.id).then((links) => links.some((l) => l.type === 'candidate')),
    view.canWork ? engine.taskLocalVariable(view.task.id, CLAIMED_BY) : null,
  ]);
  const delegates = view.canWork && !group ? await delegateCandidates(view.task, user) : [];
  const actions = { claim: !view.canWork, unclaim: view.canWork && group && claimedBy === user.id, delegates };
  Object.assign(actions, { any: actions.claim || actions.unclaim || delegates.length > 0 });
  return { ...view, history, actions };
}
