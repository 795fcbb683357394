import { Router } from 'express';
import { ENGINE_ID } from '../../domain/ids';
import type { BulkApproval } from '../../domain/api-types';
import { requireUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import { badRequest, notFound } from '../http-errors';
import { localeOf } from '../i18n';
import { readBody } from '../request-body';
import { BULK_APPROVAL, NO_BODY, TASK_COMMENT, TASK_DELEGATION, TASK_SUBMISSION } from '../request-bodies';
import type { RateLimits } from '../security/rate-limits';
import { bulkApprove } from '../tasks/bulk-approval';
import { errorText, problemsWithText } from '../error-text';
import { submitTask } from '../tasks/submit-task';
import { visibleTask } from '../tasks/task-access';
import { claimTask, commentOnTask, delegateTask, unclaimTask } from '../tasks/task-actions';
import { taskPage, taskView } from '../tasks/task-view';
import { render } from '../views';
import { loader } from './support/loader';


/**
 * /api/tasks and /tasks: one task (its form, the page), submitting it, and the actions around it:
 * claim a group task, give it back, hand it to a delegate, comment, approve many at once. Who may do
 * what lives in tasks/; a task the reader may not see answers as one that does not exist.
 */
export function taskRoutes(engine: EngineClient, limits: RateLimits): Router {
  const router = Router();
  router.use(['/api/tasks', '/tasks'], requireUser);
  const task = loader((req) => visibleTask(engine, String(req.params.taskId), req.user!), () => notFound('task'));

  router.get('/api/tasks/:taskId', task, async (req, res) => {
    const { reviewCaseRecord: _case, ...view } = await taskView(task.of(req), req.user!, localeOf(req));
    res.json(view);
  });

  router.get('/tasks/:taskId', task, async (req, res) => {
    const page = await taskPage(engine, task.of(req), req.user!, localeOf(req));
    render(req, res, 'task', { ...page, withFormio: true, clientData: { taskId: page.task.id, form: page.form, draft: page.draft, canWork: page.canWork } });
  });

  router.post('/api/tasks/:taskId/submission', limits.writes, async (req, res) => {
    const { data } = readBody(req.body, TASK_SUBMISSION);
    // The task is not loaded first: a submission sent again after the task completed is answered from the store.
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

  router.post('/api/tasks/bulk-approval', limits.writes, async (req, res) => {
    const { taskIds } = readBody(req.body, BULK_APPROVAL);
    const problems = taskIds.length === 0 ? [{ field: 'taskIds', code: 'required', message: 'name at least one task' }]
      : new Set(taskIds).size !== taskIds.length ? [{ field: 'taskIds', code: 'unique', message: 'a task is named twice' }]
      : taskIds.some((id) => !ENGINE_ID.test(id)) ? [{ field: 'taskIds', code: 'invalid', message: 'every task id is a task\'s id from the inbox' }] : [];
    if (problems.length > 0) throw badRequest('the request is not valid', problems);
    // Each task's reason also in the reader's language (text), as any refusal (error-text.ts).
    const locale = localeOf(req);
    const results = (await bulkApprove(engine, req.user!, taskIds)).map((r) => {
      const text = r.error === undefined ? undefined : errorText(r.error, locale);
      return { ...r, ...(text !== undefined ? { text } : {}), ...(r.problems ? { problems: problemsWithText(r.problems, locale) } : {}) };
    });
    const approved = results.filter((r) => r.approved).length;
    // Nothing approved is the caller's problem to fix (each task says why); otherwise the list tells.
    res.status(approved === 0 ? 422 : 200).json({
      ...(approved === 0 ? { error: 'none of the tasks could be approved' } : {}),
      approved, failed: results.length - approved, results,
    } satisfies BulkApproval);
  });

  // A task offered to a group is worked by whoever claims it; a second claimant gets 409.
  router.post('/api/tasks/:taskId/claim', limits.writes, async (req, res) => {
    readBody(req.body, NO_BODY);
    const taskId = String(req.params.taskId);
    // claimed: false when the task was already this person's (nothing changed).
    const claimed = await claimTask(engine, taskId, req.user!);
    res.json({ taskId, assignee: req.user!.id, claimed });
  });

  router.post('/api/tasks/:taskId/unclaim', limits.writes, async (req, res) => {
    readBody(req.body, NO_BODY);
    await unclaimTask(engine, String(req.params.taskId), req.user!);
    res.json({ taskId: req.params.taskId, assignee: null });
  });

  router.post('/api/tasks/:taskId/delegate', limits.writes, async (req, res) => {
    const { personId, reason } = readBody(req.body, TASK_DELEGATION);
    const outcome = await delegateTask(engine, String(req.params.taskId), req.user!, personId, reason);
    res.json({ taskId: req.params.taskId, assignee: outcome.assignee });
  });

  router.post('/api/tasks/:taskId/comments', limits.writes, async (req, res) => {
    const { text } = readBody(req.body, TASK_COMMENT);
    const added = await commentOnTask(engine, String(req.params.taskId), req.user!, text);
    res.status(added ? 201 : 200).json({ taskId: req.params.taskId, added });
  });
  return router;
}
