import type { ChildProcess } from 'node:child_process';
import { PersonModel } from '../../src/db/models/person';
import { ReviewCaseModel } from '../../src/db/models/review-case';
import { ScoreModel } from '../../src/db/models/score';
import { SubmissionModel } from '../../src/db/models/submission';
import { eventually, startTestStack, startWorker, stopWorker, type TestStack } from '../support/stack';
import { HttpUser } from '../support/http-user';
import { driveToSelfAssessment, launchReview, skipPeerFeedback } from '../support/review-driver';

const selfAssessment = { businessRating: 5, riskRating: 3, complianceRating: 4, behaviourRating: 4, achievements: 'Closed three syndicated loans', developmentAreas: 'Delegation' };
const managerAssessment = { businessRating: 4, riskRating: 4, complianceRating: 5, behaviourRating: 3, strengths: 'Client trust', overallComment: 'Solid year' };

let stack: TestStack;
let worker: ChildProcess;
let hr: HttpUser;

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('review-flow');
  hr = await HttpUser.signIn(stack.baseUrl, 'hr');
});

afterAll(async () => {
  await stopWorker(worker);
  await stack?.close();
});

/** Launched, goals agreed with the manager (cb.head for these employees) and checked in: at the self-assessment. */
async function launchFor(employee: HttpUser, prefix: string): Promise<{ cycle: string; caseId: string; selfTaskId: string }> {
  const { cycle, caseId } = await launchReview(hr, employee, prefix);
  const selfTaskId = await driveToSelfAssessment(employee, await HttpUser.signIn(stack.baseUrl, 'cb.head'), caseId);
  return { cycle, caseId, selfTaskId };
}

test('a review driven over HTTP by the employee and the manager ends scored, explained and waiting for calibration', async () => {
  const employee = await HttpUser.signIn(stack.baseUrl, 'cb.rm01'); // front office, reports to cb.head
  const manager = await HttpUser.signIn(stack.baseUrl, 'cb.head');
  const { cycle, caseId, selfTaskId } = await launchFor(employee, 'flow');

  const task = await employee.get(`/api/tasks/${selfTaskId}`);
  expect(task.status).toBe(200);
  expect(task.body.form.key).toBe('self-assessment');
  expect(task.body.subject._id).toBe(employee.id);

  const submitted = await employee.post(`/api/tasks/${selfTaskId}/submission`, { data: selfAssessment });
  expect(submitted.status).toBe(201);
  expect(submitted.body).toMatchObject({ completed: true, replayed: false });

  // The browser retries (say the answer was lost): the stored submission is found, nothing is added.
  const retried = await employee.post(`/api/tasks/${selfTaskId}/submission`, { data: selfAssessment });
  expect(retried.status).toBe(200);
  expect(retried.body.replayed).toBe(true);
  expect(await SubmissionModel.countDocuments({ taskId: selfTaskId })).toBe(1);

  const managerTaskId = await skipPeerFeedback(manager, caseId);
  const managerTask = await manager.get(`/api/tasks/${managerTaskId}`);
  // Front office: 0.5×5 + 0.2×3 + 0.15×4 + 0.15×4 = 4.3 → B
  expect(managerTask.body.selfScore).toMatchObject({ score: 4.3, rating: 'B' });

  expect((await manager.post(`/api/tasks/${managerTaskId}/submission`, { data: managerAssessment })).status).toBe(201);

  // Finalized, the review waits for its unit's calibration (test/integration/calibration-flow.test.ts goes on from here).
  const { processInstanceId } = (await ReviewCaseModel.findById(caseId).lean())!;
  const waiting = await eventually('review waiting for its calibration', async () => {
    const passes = await stack.engine.historicActivityInstances(processInstanceId!, 'awaitCalibration');
    return passes.find((pass) => pass.endTime === null);
  });
  expect(waiting.activityId).toBe('awaitCalibration');
  const history = await stack.engine.historicProcessInstance(processInstanceId!);
  expect(history).toMatchObject({ businessKey: caseId, state: 'ACTIVE' });

  // Front office: 0.5×4 + 0.2×4 + 0.15×5 + 0.15×3 = 2 + 0.8 + 0.75 + 0.45 = 4.0 → B
  const result = await employee.get(`/api/cases/${encodeURIComponent(caseId)}`);
  expect(result.status).toBe(200);
  const final = result.body.scores.find((s: { step: string }) => s.step === 'final');
  expect(final).toMatchObject({ score: 4, rating: 'B', sourceSubmissionTaskId: managerTaskId });
  expect(final.explanation).toMatchObject({ businessLine: 'front', policy: { key: 'scoring' }, band: { rating: 'B', minScore: 3.5 } });
  expect(final.explanation.steps).toEqual([
    { dimension: 'business', rating: 4, weight: 0.5, contribution: 2 },
    { dimension: 'risk', rating: 4, weight: 0.2, contribution: 0.8 },
    { dimension: 'compliance', rating: 5, weight: 0.15, contribution: 0.75 },
    { dimension: 'behaviour', rating: 3, weight: 0.15, contribution: 0.45 },
  ]);
  expect(await ScoreModel.countDocuments({ cycle, subjectId: employee.id })).toBe(2);
  expect((await ReviewCaseModel.findById(caseId).lean())!.status).toBe('finalized');
});

test('a bad submission gets 400 with field-level reasons, nothing is stored and the task stays open', async () => {
  const employee = await HttpUser.signIn(stack.baseUrl, 'cb.rm02');
  const { selfTaskId } = await launchFor(employee, 'bad');
  const submit = (data: unknown) => employee.post(`/api/tasks/${selfTaskId}/submission`, { data });
  const fields = (body: { problems?: Array<{ field: string; code: string }> }) => Object.fromEntries((body.problems ?? []).map((p) => [p.field, p.code]));

  const missing = await submit({ ...selfAssessment, achievements: undefined });
  expect(missing.status).toBe(400);
  expect(fields(missing.body)).toEqual({ achievements: 'required' });

  const outOfRange = await submit({ ...selfAssessment, businessRating: 6, riskRating: 0 });
  expect(outOfRange.status).toBe(400);
  expect(fields(outOfRange.body)).toEqual({ businessRating: 'max', riskRating: 'min' });

  const wrongType = await submit({ ...selfAssessment, complianceRating: 'excellent', achievements: ['a', 'b'] });
  expect(wrongType.status).toBe(400);
  expect(fields(wrongType.body)).toEqual({ complianceRating: 'type', achievements: 'type' });

  const operators = await submit({ ...selfAssessment, $where: 'sleep(5000)', behaviourRating: { $gt: 0 }, 'data.$set': 1 });
  expect(operators.status).toBe(400);
  expect(fields(operators.body)).toEqual({ $where: 'unknown', behaviourRating: 'type', 'data.$set': 'unknown' });

  const malformed = await employee.request('POST', `/api/tasks/${selfTaskId}/submission`, '{"data": {"businessRating": 5,');
  expect(malformed.status).toBe(400);

  expect(await SubmissionModel.countDocuments({ taskId: selfTaskId })).toBe(0);
  expect((await stack.engine.task(selfTaskId)).id).toBe(selfTaskId);
  expect((await employee.inbox()).map((t) => t.id)).toContain(selfTaskId);
});

test('someone other than the assignee can neither see nor complete the task', async () => {
  const employee = await HttpUser.signIn(stack.baseUrl, 'cb.rm03');
  const { selfTaskId } = await launchFor(employee, 'access');
  const outsider = await HttpUser.signIn(stack.baseUrl, 'wm.adviser01');
  const manager = await HttpUser.signIn(stack.baseUrl, 'cb.head'); // the manager, but not this step's assignee

  for (const other of [outsider, manager]) {
    expect((await other.get(`/api/tasks/${selfTaskId}`)).status).toBe(404);
    expect((await other.post(`/api/tasks/${selfTaskId}/submission`, { data: selfAssessment })).status).toBe(404);
    expect((await other.inbox()).map((t) => t.id)).not.toContain(selfTaskId);
  }
  // The page answers the same way: a plain "not found", not a login form to someone signed in.
  const page = await outsider.get(`/tasks/${selfTaskId}`);
  expect(page.status).toBe(404);
  expect(String(page.body)).not.toContain('id="password"');
  const anonymous = new HttpUser(stack.baseUrl, 'nobody');
  expect((await anonymous.get(`/api/tasks/${selfTaskId}`)).status).toBe(401);
  expect((await anonymous.post(`/api/tasks/${selfTaskId}/submission`, { data: selfAssessment })).status).toBe(401);
  // Only HR, process owners and admins launch cycles.
  expect((await outsider.post(`/api/cycles/x-${Date.now()}/reviews`, { employeeIds: [outsider.id] })).status).toBe(403);

  expect(await SubmissionModel.countDocuments({ taskId: selfTaskId })).toBe(0);
  expect((await employee.get(`/api/tasks/${selfTaskId}`)).status).toBe(200);
});

test('a reorganisation during the cycle sends the manager step to the new manager, with no change to the diagram', async () => {
  const employee = await HttpUser.signIn(stack.baseUrl, 'cb.rm05');
  const formerManager = await HttpUser.signIn(stack.baseUrl, 'cb.head');
  const newManager = await HttpUser.signIn(stack.baseUrl, 'wm.head');
  const { caseId, selfTaskId } = await launchFor(employee, 'reorg');

  // The employee moves to Wealth Management after the cycle started.
  await PersonModel.updateOne({ _id: employee.id }, { $set: { managerId: newManager.id } });
  try {
    expect((await employee.post(`/api/tasks/${selfTaskId}/submission`, { data: selfAssessment })).status).toBe(201);
    const taskId = await skipPeerFeedback(newManager, caseId);
    expect(await formerManager.taskFor(caseId, 'choosePeers')).toBeUndefined();
    expect((await newManager.get(`/api/tasks/${taskId}`)).status).toBe(200);
    expect(await formerManager.taskFor(caseId, 'managerAssessment')).toBeUndefined();
    expect((await formerManager.get(`/api/tasks/${taskId}`)).status).toBe(404);
  } finally {
    await PersonModel.updateOne({ _id: employee.id }, { $set: { managerId: formerManager.id } });
  }
});
