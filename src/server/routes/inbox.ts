import { Router } from 'express';
import { ENGINE_ID } from '../../domain/ids';
import { requireUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import { badRequest } from '../http-errors';
import { readBody } from '../request-body';
import type { RateLimits } from '../security/rate-limits';
import { BULK_MAX, bulkApprove } from '../tasks/bulk-approval';
import { COMMENT_MAX, commentOnTask, delegateTask, unclaimTask } from '../tasks/task-actions';


/**
 * The approver's actions around a task besides submitting it: give a claimed group task back,
 * hand a task to a delegate, comment, approve many at once. Who may do what lives in tasks/.
 */
export function inboxRoutes(engine: EngineClient, limits: RateLimits): Router {
  const router = Router();
  router.use('/api/tasks', requireUser);

  router.post('/api/tasks/bulk-approval', limits.writes, async (req, res) => {
    const { taskIds } = readBody(req.body, { taskIds: { type: 'string[]', required: true, maxLength: BULK_MAX } });
    const problems = taskIds.length === 0 ? [{ field: 'taskIds', code: 'required', message: 'name at least one task' }]
      : new Set(taskIds).size !== taskIds.length ? [{ field: 'taskIds', code: 'unique', message: 'a task is named twice' }]
      : taskIds.some((id) => !ENGINE_ID.test(id)) ? [{ field: 'taskIds', code: 'invalid', message: 'every task id is a task\'s id from the inbox' }] : [];
    if (problems.length > 0) throw badRequest('the request is not valid', problems);
    const results = await bulkApprove(engine, req.user!, taskIds);
    const approved = results.filter((r) => r.approved).length;
    // Nothing approved is the caller's problem to fix (each task says why); otherwise the list tells.
    res.status(approved === 0 ? 422 : 200).json({
      ...(approved === 0 ? { error: 'none of the tasks could be approved' } : {}),
      approved, failed: results.length - approved, results,
    });
  });

  router.post('/api/tasks/:taskId/unclaim', limits.writes, async (req, res) => {
    readBody(req.body, {});
    await unclaimTask(engine, String(req.params.taskId), req.user!);
    res.json({ taskId: req.params.taskId, assignee: null });
  });

  router.post('/api/tasks/:taskId/delegate', limits.writes, async (req, res) => {
    const { personId, reason } = readBody(req.body, { personId: { type: 'string', required: true, maxLength: 64 }, reason: { type: 'string', maxLength: COMMENT_MAX } });
    const outcome = await delegateTask(engine, String(req.params.taskId), req.user!, personId, reason);
    res.json({ taskId: req.params.taskId, assignee: outcome.assignee });
  });

  router.post('/api/tasks/:taskId/comments', limits.writes, async (req, res) => {
    const { text } = readBody(req.body, { text: { type: 'string', required: true, maxLength: COMMENT_MAX } });
    await commentOnTask(engine, String(req.params.taskId), req.user!, text);
    res.status(201).json({ taskId: req.params.taskId });
  });
  return router;
}
