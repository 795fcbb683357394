import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { SubmissionModel } from '../../src/db/models/submission';
import { digestOf } from '../../src/domain/digest';
import { finishStoredSubmissions } from '../../src/server/tasks/submit-task';
import { HttpUser } from '../support/http-user';
import { launchReview, openTask, optionsOf, twoGoals } from '../support/review-driver';
import { startTestStack, startWorker, stopWorker, type TestStack } from '../support/stack';
import type { ChildProcess } from 'node:child_process';

/**
 * A person's answer to a task counts once: the same answer sent several times at once has one
 * effect and no 5xx (a double click, a retry racing the original), and a different second answer
 * is refused with 409 instead of being dropped while the person believes it counted.
 */
let stack: TestStack;

const auditCount = (action: string, taskId: string) => AuditEntryModel.countDocuments({ action, 'subject.id': taskId });

/** A goal-setting task whose answer a request that then died had stored, as the submission route writes it, and nothing after. */
async function goalsStoredOnly(prefix: string) {
  const { caseId } = await launchReview(hr, employee, prefix);
  const { id, view } = await openTask(employee, caseId, 'goalSetting');
  const data = { goals: twoGoals(optionsOf(view.form.schema, 'unitGoalId')) };
  const task = await stack.engine.task(id);
  await SubmissionModel.create({
    _id: id, taskId: id, caseId, processInstanceId: task.processInstanceId, taskDefinitionKey: 'goalSetting', formKey: 'goal-setting',
    formVersion: view.form.version, data, dataDigest: digestOf(data), variables: {}, submittedBy: employee.id, submittedAt: new Date(),
  });
  return { caseId, id, data };
}
let worker: ChildProcess | undefined;
let hr: HttpUser;
let employee: HttpUser;
let manager: HttpUser;

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('submission-races');
  [hr, employee, manager] = await HttpUser.signInAll(stack.baseUrl, ['hr', 'ops.clerk3', 'ops.head']);
});

afterAll(async () => {
  await stopWorker(worker);
  await stack?.close();
});

test('the same answer sent three times at once is stored once, completes the task once, and no request fails', async () => {
  const { caseId } = await launchReview(hr, employee, 'races');
  const { id, view } = await openTask(employee, caseId, 'goalSetting');
  const data = { goals: twoGoals(optionsOf(view.form.schema, 'unitGoalId')) };
  const answers = await Promise.all([1, 2, 3].map(() => employee.post(`/api/tasks/${id}/submission`, { data })));
  expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201]);
  expect(answers.filter((a) => a.body.replayed === true)).toHaveLength(2);
  expect(await SubmissionModel.countDocuments({ taskId: id })).toBe(1);
  // The audit log says so once each, however many requests raced.
  expect(await auditCount('submission.stored', id)).toBe(1);
  expect(await auditCount('task.completed', id)).toBe(1);
  // The manager gets exactly one goal approval.
  const approval = await openTask(manager, caseId, 'goalApproval');
  expect((await manager.inbox()).filter((t) => t.caseId === caseId)).toHaveLength(1);

  // A second, different answer to the completed task is refused, and the first one stands.
  const other = { goals: data.goals.map((g, i) => ({ ...g, weight: i === 0 ? 70 : 30 })) };
  const refused = await employee.post(`/api/tasks/${id}/submission`, { data: other });
  expect(refused.status).toBe(409);
  expect(refused.body.problems).toEqual([expect.objectContaining({ field: 'data', code: 'already-submitted' })]);
  expect((await SubmissionModel.findById(id).lean())!.data).toEqual(expect.objectContaining({ goals: expect.arrayContaining([expect.objectContaining({ weight: 60 })]) }));

  // Two different answers at once: one is stored, the other told why.
  const both = await Promise.all([{ decision: 'approve' }, { decision: 'return', comment: 'Make the second goal measurable.' }].map((answer) => manager.post(`/api/tasks/${approval.id}/submission`, { data: answer })));
  expect(both.map((a) => a.status).sort()).toEqual([201, 409]);
  expect(await SubmissionModel.countDocuments({ taskId: approval.id })).toBe(1);
});

test('a request that died after storing the answer, before its audit entries and the completion: the retry completes the task and writes each entry once', async () => {
  // What the dead request left: the submission stored, nothing else (the task still open, no entry).
  const { caseId, id, data } = await goalsStoredOnly('died');
  expect(await auditCount('submission.stored', id)).toBe(0);

  const retries = await Promise.all([1, 2].map(() => employee.post(`/api/tasks/${id}/submission`, { data })));
  expect(retries.map((r) => r.status)).toEqual([200, 200]);
  expect(await auditCount('submission.stored', id)).toBe(1);
  expect(await auditCount('task.completed', id)).toBe(1);
  await openTask(manager, caseId, 'goalApproval');
  // A later retry changes nothing in the log.
  expect((await employee.post(`/api/tasks/${id}/submission`, { data })).status).toBe(200);
  expect(await auditCount('submission.stored', id)).toBe(1);
  expect(await auditCount('task.completed', id)).toBe(1);
});

test('a server that died after completing the task, before its entries, with nobody sending the request again: the next start finishes it', async () => {
  const { caseId, id } = await goalsStoredOnly('outbox');
  // The dead server had completed the task in the engine; the manager's approval is waiting.
  await stack.engine.completeTask(id, { goalSettingSubmissionId: id });
  await openTask(manager, caseId, 'goalApproval');
  expect(await auditCount('task.completed', id)).toBe(0);

  expect(await finishStoredSubmissions(stack.engine)).toBeGreaterThanOrEqual(1);
  expect(await auditCount('submission.stored', id)).toBe(1);
  expect(await auditCount('task.completed', id)).toBe(1);
  expect((await SubmissionModel.findById(id).lean())!.completedAt).toBeInstanceOf(Date);
  // Another start finds nothing of it left to do.
  await finishStoredSubmissions(stack.engine);
  expect(await auditCount('task.completed', id)).toBe(1);
});
