import type { ChildProcess } from 'node:child_process';
import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { SubmissionModel } from '../../src/db/models/submission';
import { TaskActivityModel } from '../../src/db/models/task-activity';
import { BAD_IDS, casesFor, expectRefusedWithReason, type JsonRoute } from '../support/bad-input';
import { HttpUser } from '../support/http-user';
import { goalApprovals } from '../support/inbox-fixtures';
import { startTestStack, startWorker, stopWorker, type TestStack } from '../support/stack';

/**
 * Bad input against every inbox route, sent by the manager whose task it is (the person most able
 * to change something): each is refused with a reason, and afterwards the task is as it was.
 */
let stack: TestStack;
let worker: ChildProcess;
let manager: HttpUser;
let ceoId = '';
let taskId = '';
let caseId = '';
let auditBefore = 0;

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('sweep-inbox');
  manager = await HttpUser.signIn(stack.baseUrl, 'cb.head');
  const hr = await HttpUser.signIn(stack.baseUrl, 'hr');
  const employee = await HttpUser.signIn(stack.baseUrl, 'cb.rm05');
  ceoId = (await HttpUser.signIn(stack.baseUrl, 'ceo')).id;
  const fixture = await goalApprovals(hr, manager, [employee], 'sweep-inbox');
  taskId = fixture.taskIds[0]!;
  caseId = fixture.caseIds[0]!;
  auditBefore = await AuditEntryModel.countDocuments({ 'subject.id': taskId });
}, 240_000);

afterAll(async () => {
  await stopWorker(worker);
  await stack?.close();
});

const taskPath = (suffix: string) => (id?: string) => `/api/tasks/${id ?? taskId}/${suffix}`;
const ROUTES: JsonRoute[] = [
  { route: 'GET /api/inbox', as: () => manager, method: 'GET', path: () => '/api/inbox', good: null },
  { route: 'GET /api/inbox filters', as: () => manager, method: 'GET', path: () => '/api/inbox?due=overdue', good: null },
  // Script in a comment or a reason is text like any other, stored and shown escaped: not bad input here.
  { route: 'POST /api/tasks/:taskId/comments', as: () => manager, method: 'POST', path: taskPath('comments'), good: () => ({ text: 'Looks complete' }), ids: BAD_IDS, alsoValid: ['script'] },
  { route: 'POST /api/tasks/:taskId/delegate', as: () => manager, method: 'POST', path: taskPath('delegate'), good: () => ({ personId: ceoId, reason: 'On leave' }), ids: BAD_IDS, alsoValid: ['script'] },
  { route: 'POST /api/tasks/:taskId/unclaim', as: () => manager, method: 'POST', path: taskPath('unclaim'), good: () => ({}), ids: BAD_IDS },
  { route: 'POST /api/tasks/bulk-approval', as: () => manager, method: 'POST', path: () => '/api/tasks/bulk-approval', good: () => ({ taskIds: [taskId] }) },
];

const cases = ROUTES.flatMap(casesFor);

test.each(cases.map((c) => [`${c.route} — ${c.label}`, c] as const))('%s is refused with a reason', async (_label, c) => {
  await expectRefusedWithReason(c);
});

test('filters with values of the wrong shape are refused field by field', async () => {
  for (const query of ['?due=%24gt', '?who=everyone', '?flow=%3Cscript%3E', '?step=a.b', '?sort=random', '?due=overdue&due=today']) {
    const response = await manager.get(`/api/inbox${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error).toBeTruthy();
  }
});

test('after the sweep the task is as it was: still the manager\'s, no submission, no comment, no hand-over, nothing audited', async () => {
  expect(await manager.taskFor(caseId, 'goalApproval')).toBe(taskId);
  expect(await SubmissionModel.findById(taskId).lean()).toBeNull();
  expect(await TaskActivityModel.countDocuments({ caseId })).toBe(0);
  expect(await AuditEntryModel.countDocuments({ 'subject.id': taskId })).toBe(auditBefore);
});
