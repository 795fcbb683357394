import { Router } from 'express';
import { ScoreModel, scoreId } from '../../db/models/score';
import { PersonModel } from '../../db/models/person';
import { requireUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import { notFound } from '../http-errors';
import { inboxFor } from '../tasks/inbox';
import { submitTask } from '../tasks/submit-task';
import { claimTask } from '../tasks/claim-task';
import { visibleTask } from '../tasks/task-access';
import { pinnedFormForTask } from '../tasks/task-form';
import { readBody } from '../request-body';
import type { RateLimits } from '../security/rate-limits';
import { render } from '../views';

/** A task with its pinned form and what the person working it needs to see beside the form. */
async function taskView(engine: EngineClient, taskId: string, user: Express.Request['user'] & {}) {
  const visible = await visibleTask(engine, taskId, user);
  if (!visible) throw notFound('task');
  const { reviewCase, form } = await pinnedFormForTask(visible.task);
  const [subject, selfScore] = await Promise.all([
    PersonModel.findById(reviewCase.subjectId, { name: 1, title: 1, unitId: 1 }).lean(),
    // The manager sees the employee's computed self score; the employee sees their own.
    ScoreModel.findById(scoreId(reviewCase.cycle, reviewCase.subjectId, 'self'), { score: 1, rating: 1, explanation: 1 }).lean(),
  ]);
  return {
    task: visible.task,
    canWork: visible.canWork,
    reviewCase: { id: reviewCase._id, cycle: reviewCase.cycle },
    subject,
    selfScore,
    form: { key: form.key, version: form.version, schema: form.schema },
  };
}

export function taskRoutes(engine: EngineClient, limits: RateLimits): Router {
  const router = Router();
  router.use(['/api/inbox', '/api/tasks', '/inbox', '/tasks'], requireUser);

  router.get('/api/inbox', async (req, res) => {
    res.json({ items: await inboxFor(engine, req.user!) });
  });

  router.get('/api/tasks/:taskId', async (req, res) => {
    res.json(await taskView(engine, req.params.taskId, req.user!));
  });

  router.post('/api/tasks/:taskId/submission', limits.writes, async (req, res) => {
    const { data } = readBody(req.body, { data: { type: 'object', required: true } });
    const outcome = await submitTask(engine, req.user!, String(req.params.taskId), data);
    res.status(outcome.replayed ? 200 : 201).json({
      taskId: outcome.submission.taskId,
      formKey: outcome.submission.formKey,
      formVersion: outcome.submission.formVersion,
      submittedAt: outcome.submission.submittedAt,
      completed: Boolean(outcome.submission.completedAt),
      replayed: outcome.replayed,
    });
  });

  // A task offered to a group is worked by one member: claiming makes them its assignee.
  router.post('/api/tasks/:taskId/claim', limits.writes, async (req, res) => {
    readBody(req.body, {});
    res.json(await claimTask(engine, String(req.params.taskId), req.user!));
  });

  router.get('/inbox', async (req, res) => {
    render(req, res, 'inbox', { title: 'inbox', items: await inboxFor(engine, req.user!), submitted: req.query.submitted === '1' });
  });

  router.get('/tasks/:taskId', async (req, res) => {
    const view = await taskView(engine, req.params.taskId, req.user!);
    render(req, res, 'task', { ...view, withFormio: true, clientData: { taskId: view.task.id, form: view.form } });
  });
  return router;
}
