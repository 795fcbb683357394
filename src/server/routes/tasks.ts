import { Router } from 'express';
import { UnitGoalModel } from '../../db/models/goal';
import { SubmissionModel, submissionVariable } from '../../db/models/submission';
import { requireUser } from '../current-user';
import { taskVariable, type EngineClient, type EngineTask } from '../engine-client';
import { badRequest, notFound } from '../http-errors';
import { contextSourcesOf } from '../../domain/case-context';
import { caseContext } from '../tasks/case-context';
import { withCaseContext } from '../tasks/case-context/fill-context';
import { localeOf, type Locale } from '../i18n';
import { filterInbox, inboxFor, readInboxFilter } from '../tasks/inbox';
import { caseHistory } from '../tasks/case-history';
import { CLAIMED_BY, claimTask, delegateCandidates } from '../tasks/task-actions';
import { submitTask } from '../tasks/submit-task';
import { visibleTask } from '../tasks/task-access';
import { pinnedFormForTask } from '../tasks/task-form';
import { readBody } from '../request-body';
import type { RateLimits } from '../security/rate-limits';
import { render } from '../views';

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
    data.goals = await Promise.all((data.goals as Array<{ unitGoalId?: string }>).map(async (goal) => ({
      ...goal, unitGoal: goal.unitGoalId ? await UnitGoalModel.findById(goal.unitGoalId, { code: 1, title: 1 }).lean() : null,
    })));
  }
  return { formKey, data, submittedAt: submission.submittedAt };
}

/** A task with its pinned form and what the person working it needs to see beside the form. */
async function taskView(engine: EngineClient, taskId: string, user: Express.Request['user'] & {}, locale: Locale) {
  const visible = await visibleTask(engine, taskId, user);
  if (!visible) throw notFound('task');
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
    draft: previous && previous.submittedBy === user.id ? previous.data : null,
    form: { key: form.key, version: form.version, schema },
    contextSources: contextSourcesOf(form.schema),
  };
}

export function taskRoutes(engine: EngineClient, limits: RateLimits): Router {
  const router = Router();
  router.use(['/api/inbox', '/api/tasks', '/inbox', '/tasks'], requireUser);

  router.get('/api/inbox', async (req, res) => {
    const { filter, problems } = readInboxFilter(req.query);
    if (problems.length > 0) throw badRequest('the filter is not valid', problems);
    const page = filterInbox(await inboxFor(engine, req.user!), filter);
    res.json({ items: page.items, total: page.total, counts: page.counts, filter: page.filter });
  });

  router.get('/api/tasks/:taskId', async (req, res) => {
    const { reviewCaseRecord: _case, ...view } = await taskView(engine, req.params.taskId, req.user!, localeOf(req));
    res.json(view);
  });

  // A task offered to a group is worked by whoever claims it; a second claimant gets 409.
  router.post('/api/tasks/:taskId/claim', limits.writes, async (req, res) => {
    readBody(req.body, {});
    const taskId = String(req.params.taskId);
    // claimed: false when the task was already this person's (nothing changed).
    const claimed = await claimTask(engine, taskId, req.user!);
    res.json({ taskId, assignee: req.user!.id, claimed });
  });

  router.post('/api/tasks/:taskId/submission', limits.writes, async (req, res) => {
    const { data } = readBody(req.body, { data: { type: 'object', required: true } });
    const outcome = await submitTask(engine, req.user!, String(req.params.taskId), data, localeOf(req));
    res.status(outcome.replayed ? 200 : 201).json({
      taskId: outcome.submission.taskId,
      formKey: outcome.submission.formKey,
      formVersion: outcome.submission.formVersion,
      submittedAt: outcome.submission.submittedAt,
      completed: Boolean(outcome.submission.completedAt),
      replayed: outcome.replayed,
    });
  });

  router.get('/inbox', async (req, res) => {
    // A page ignores a filter it does not understand (an old bookmark still opens the inbox).
    const { filter } = readInboxFilter(req.query);
    const page = filterInbox(await inboxFor(engine, req.user!), filter);
    render(req, res, 'inbox', { title: 'inbox', ...page, filtered: Object.keys(filter).some((k) => k !== 'sort'), submitted: req.query.submitted === '1', approved: typeof req.query.approved === 'string' && /^\d{1,3}$/.test(req.query.approved) ? Number(req.query.approved) : null });
  });

  router.get('/tasks/:taskId', async (req, res) => {
    const view = await taskView(engine, req.params.taskId, req.user!, localeOf(req));
    const [history, group, claimedBy] = await Promise.all([
      caseHistory(engine, view.reviewCaseRecord, { user: req.user!, task: view.task }),
      engine.taskIdentityLinks(view.task.id).then((links) => links.some((l) => l.type === 'candidate')),
      view.canWork ? engine.taskLocalVariable(view.task.id, CLAIMED_BY) : null,
    ]);
    const delegates = view.canWork && !group ? await delegateCandidates(view.task, req.user!) : [];
    const actions = { claim: !view.canWork, unclaim: view.canWork && group && claimedBy === req.user!.id, delegates };
    Object.assign(actions, { any: actions.claim || actions.unclaim || delegates.length > 0 });
    render(req, res, 'task', { ...view, history, actions, withFormio: true, clientData: { taskId: view.task.id, form: view.form, draft: view.draft, canWork: view.canWork } });
  });
  return router;
}
