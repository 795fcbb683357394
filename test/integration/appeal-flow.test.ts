import type { ChildProcess } from 'node:child_process';
import { AppealModel } from '../../src/db/models/appeal';
import { NotificationModel, notificationId } from '../../src/db/models/notification';
import { ReviewCaseModel } from '../../src/db/models/review-case';
import { standingRating } from '../../src/db/models/score';
import { DEMO_PASSWORD } from '../../src/seed/demo-org';
import { createPerson, createUnit } from '../support/fixtures';
import { HttpUser } from '../support/http-user';
import { eventually, startTestStack, startWorker, stopWorker, type TestStack } from '../support/stack';
import { driveToSelfAssessment, launchReview, skipPeerFeedback } from '../support/review-driver';

// Back office: 0.3×3 + 0.15×3 + 0.2×3 + 0.35×3 = 3.0 → C
const assessment = { businessRating: 3, riskRating: 3, complianceRating: 3, behaviourRating: 3 };
const filing = { ground: 'facts', requestedRating: 'B', statement: 'The two branch audits I led were left out of the review.' };

let stack: TestStack;
let worker: ChildProcess;
let hr: HttpUser;
let panel: HttpUser;
let unitId: string;
let manager: HttpUser;

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('appeal-flow');
  hr = await HttpUser.signIn(stack.baseUrl, 'hr.analyst');
  panel = await HttpUser.signIn(stack.baseUrl, 'ceo'); // on the compensation committee
  const head = await createPerson({ prefix: 'apphead', password: DEMO_PASSWORD, managerId: 'E0001' });
  unitId = await createUnit({ prefix: 'appeal', headId: head._id });
  manager = await HttpUser.signIn(stack.baseUrl, head.username);
});

afterAll(async () => {
  await stopWorker(worker);
  await stack?.close();
});

/** An employee of the test unit whose review has been assessed by their manager (result C). */
async function assessedEmployee(prefix: string): Promise<{ employee: HttpUser; cycle: string; reviewCaseId: string }> {
  const person = await createPerson({ prefix, password: DEMO_PASSWORD, unitId, managerId: manager.id });
  const employee = await HttpUser.signIn(stack.baseUrl, person.username);
  const { cycle, caseId: reviewCaseId } = await launchReview(hr, employee, prefix);
  const selfTask = await driveToSelfAssessment(employee, manager, reviewCaseId);
  expect((await employee.post(`/api/tasks/${selfTask}/submission`, { data: { ...assessment, achievements: 'Audits' } })).status).toBe(201);
  const managerTask = await skipPeerFeedback(manager, reviewCaseId);
  expect((await manager.post(`/api/tasks/${managerTask}/submission`, { data: { ...assessment, strengths: 'Audit work', overallComment: 'Meets' } })).status).toBe(201);
  await eventually('final score', async () => (await standingRating(cycle, employee.id))?.rating === 'C');
  return { employee, cycle, reviewCaseId };
}

/** The result reaches the employee (in the full cycle, once calibration releases it), `daysAgo` days ago. */
async function publish(reviewCaseId: string, daysAgo = 0): Promise<void> {
  await ReviewCaseModel.updateOne({ _id: reviewCaseId }, { $set: { status: 'published', publishedAt: new Date(Date.now() - daysAgo * 86_400_000) } });
}

async function claimAndSubmit(user: HttpUser, caseId: string, step: string, data: Record<string, unknown>): Promise<void> {
  const taskId = await eventually(`${step} offered to ${user.username}`, () => user.taskFor(caseId, step));
  // Offered to a group: working it before taking it is refused.
  expect((await user.post(`/api/tasks/${taskId}/submission`, { data })).status).toBe(403);
  expect((await user.post(`/api/tasks/${taskId}/claim`, {})).status).toBe(200);
  const submitted = await user.post(`/api/tasks/${taskId}/submission`, { data });
  expect(submitted.status).toBe(201);
}

test('an appeal is refused before the result is published, with field reasons when the filing is incomplete, and after the window', async () => {
  const { employee, cycle, reviewCaseId } = await assessedEmployee('appearly');
  expect((await employee.post(`/api/cycles/${cycle}/appeals`, { data: filing })).status).toBe(409);

  await publish(reviewCaseId);
  const incomplete = await employee.post(`/api/cycles/${cycle}/appeals`, { data: { requestedRating: 'Z' } });
  expect(incomplete.status).toBe(400);
  expect(incomplete.body.problems.map((p: { field: string }) => p.field).sort()).toEqual(['ground', 'requestedRating', 'statement']);
  expect(await AppealModel.countDocuments({ cycle })).toBe(0);

  await publish(reviewCaseId, 16); // the policy's window is 15 days
  const late = await employee.post(`/api/cycles/${cycle}/appeals`, { data: filing });
  expect(late.status).toBe(409);
  expect(late.body.error).toMatch(/window closed on \d{4}-\d{2}-\d{2}/);
  expect(await AppealModel.countDocuments({ cycle })).toBe(0);

  // Nobody appeals on another's behalf: there is no review of one's own in this cycle.
  expect((await hr.post(`/api/cycles/${cycle}/appeals`, { data: filing })).status).toBe(404);
});

test('HR finds an appeal out of scope: it is closed and the employee is told why', async () => {
  const { employee, cycle, reviewCaseId } = await assessedEmployee('appreject');
  await publish(reviewCaseId);
  const filed = await employee.post(`/api/cycles/${cycle}/appeals`, { data: filing });
  expect(filed.status).toBe(201);
  const appealCaseId = `${cycle}:${employee.id}:appeal`;
  expect((await employee.post(`/api/cycles/${cycle}/appeals`, { data: filing })).body.replayed).toBe(true);

  await claimAndSubmit(hr, appealCaseId, 'hrTriage', { decision: 'reject', reasons: 'The audits were in the prior cycle.' });
  const told = await eventually('rejection notice', () => NotificationModel.findById(notificationId(appealCaseId, 'appeal.rejected', employee.id)).lean());
  expect(told.params).toMatchObject({ reasons: 'The audits were in the prior cycle.', rating: 'C' });
  const appeal = await employee.get(`/api/appeals/${cycle}/${employee.id}`);
  expect(appeal.body.appeal).toMatchObject({ status: 'rejected', ratingAtFiling: 'C', triage: { decision: 'reject', by: hr.id } });
  expect((await standingRating(cycle, employee.id))!.rating).toBe('C');
  const { processInstanceId } = (await ReviewCaseModel.findById(appealCaseId).lean())!;
  await eventually('appeal finished', async () => (await stack.engine.historicProcessInstance(processInstanceId!)).state === 'COMPLETED');
});

test('an admissible appeal the panel lets run past its deadline escalates; upheld, it changes the rating with the reasons', async () => {
  const { employee, cycle, reviewCaseId } = await assessedEmployee('appupheld');
  await publish(reviewCaseId);
  expect((await employee.post(`/api/cycles/${cycle}/appeals`, { data: filing })).status).toBe(201);
  const appealCaseId = `${cycle}:${employee.id}:appeal`;
  await claimAndSubmit(hr, appealCaseId, 'hrTriage', { decision: 'accept', reasons: 'Facts are disputed.' });

  // Colleagues neither read the appeal nor see the panel's task.
  const colleague = await HttpUser.signIn(stack.baseUrl, 'wm.adviser02');
  expect((await colleague.get(`/api/appeals/${cycle}/${employee.id}`)).status).toBe(404);
  const panelTaskId = await eventually('panel task', () => panel.taskFor(appealCaseId, 'panelReview'));
  expect((await colleague.get(`/api/tasks/${panelTaskId}`)).status).toBe(404);
  expect((await panel.get(`/api/appeals/${cycle}/${employee.id}`)).body.appeal.filing).toEqual(filing);

  // Ten days pass (the policy's P10D): the timer fires, HR and the committee are told, the task stays.
  const { processInstanceId } = (await ReviewCaseModel.findById(appealCaseId).lean())!;
  const [timer] = await stack.engine.jobs(processInstanceId!);
  expect(timer).toBeDefined();
  await stack.engine.executeJob(timer!.id);
  await eventually('escalation recorded', async () => (await ReviewCaseModel.findById(appealCaseId).lean())?.escalatedAt);
  expect(await NotificationModel.findById(notificationId(appealCaseId, 'appeal.escalated', panel.id)).lean()).not.toBeNull();
  expect(await panel.taskFor(appealCaseId, 'panelReview')).toBe(panelTaskId);

  // Upheld without a rating is not a decision.
  expect((await panel.post(`/api/tasks/${panelTaskId}/claim`, {})).status).toBe(200);
  const noRating = await panel.post(`/api/tasks/${panelTaskId}/submission`, { data: { outcome: 'upheld', reasons: 'Audits count.' } });
  expect(noRating.status).toBe(400);
  expect(noRating.body.problems.map((p: { field: string }) => p.field)).toEqual(['newRating']);
  expect((await panel.post(`/api/tasks/${panelTaskId}/submission`, { data: { outcome: 'upheld', newRating: 'B', reasons: 'The audits belong to this cycle.' } })).status).toBe(201);

  const standing = await eventually('appeal rating stands', async () => {
    const s = await standingRating(cycle, employee.id);
    return s?.step === 'appeal' ? s : undefined;
  });
  expect(standing).toMatchObject({ rating: 'B', explanation: { kind: 'appeal', fromRating: 'C', toRating: 'B', reason: 'The audits belong to this cycle.', decidedBy: panel.id } });
  const appeal = await employee.get(`/api/appeals/${cycle}/${employee.id}`);
  expect(appeal.body.appeal.decision).toMatchObject({ outcome: 'upheld', ratingBefore: 'C', ratingAfter: 'B' });
  expect(appeal.body.case.escalatedAt).toBeDefined();
});
