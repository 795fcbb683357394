import type { ChildProcess } from 'node:child_process';
import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { ReviewCaseModel } from '../../src/db/models/review-case';
import { ScoreModel } from '../../src/db/models/score';
import { eventually, startTestStack, startWorker, stopWorker, type TestStack } from '../support/stack';
import { HttpUser } from '../support/http-user';
import { driveToSelfAssessment, launchReview, skipPeerFeedback } from '../support/review-driver';

let stack: TestStack;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  // Steps before the self-assessment need a worker (goals, the manager's name); it stops before the crash.
  workers.push(startWorker('before-crash'));
});
afterAll(async () => {
  await Promise.all(workers.map(stopWorker));
  await stack?.close();
});

test('a worker killed while holding a task: the task is redone after the lock expires, and one score exists', async () => {
  const hr = await HttpUser.signIn(stack.baseUrl, 'hr');
  const employee = await HttpUser.signIn(stack.baseUrl, 'wm.adviser02');
  const manager = await HttpUser.signIn(stack.baseUrl, 'wm.head');
  const { cycle, caseId } = await launchReview(hr, employee, 'crash');
  const selfTaskId = await driveToSelfAssessment(employee, manager, caseId);
  await stopWorker(workers[0]);
  const data = { businessRating: 3, riskRating: 4, complianceRating: 4, behaviourRating: 5, achievements: 'New discretionary mandates' };
  expect((await employee.post(`/api/tasks/${selfTaskId}/submission`, { data })).status).toBe(201);
  const { processInstanceId } = (await ReviewCaseModel.findById(caseId).lean())!;

  // This worker writes the score, then hangs before completing, holding a 3-second lock.
  const crashing = startWorker('crashing', { MERITFLOW_FAULT_PAUSE_AFTER_WRITE_MS: '600000', WORKER_LOCK_MS: '3000' });
  workers.push(crashing);
  await eventually('score written by the crashing worker', () => ScoreModel.findOne({ cycle, subjectId: employee.id, step: 'self' }).lean());
  const [held] = await stack.engine.externalTasks(processInstanceId!);
  expect(held).toMatchObject({ topicName: 'review.score', workerId: 'crashing' });
  crashing.kill('SIGKILL');
  await new Promise((resolve) => crashing.once('exit', resolve));

  const recovering = startWorker('recovering');
  workers.push(recovering);
  await skipPeerFeedback(manager, caseId);

  const scores = await ScoreModel.find({ cycle, subjectId: employee.id, step: 'self' }).lean();
  expect(scores).toHaveLength(1);
  expect(scores[0]!.deliveries).toBe(2); // computed twice, stored once
  // Wealth management is front office: 0.5×3 + 0.2×4 + 0.15×4 + 0.15×5 = 1.5 + 0.8 + 0.6 + 0.75 = 3.65 → B
  expect(scores[0]).toMatchObject({ score: 3.65, rating: 'B' });
  // The crashed delivery wrote the audit entry before dying; the redelivery did not write a second.
  expect(await AuditEntryModel.countDocuments({ action: 'score.computed', 'subject.id': scores[0]!._id })).toBe(1);
  expect(await stack.engine.externalTasks(processInstanceId!)).toEqual([]);
});
