import type { ChildProcess } from 'node:child_process';
import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { SubmissionModel } from '../../src/db/models/submission';
import { TaskActivityModel } from '../../src/db/models/task-activity';
import { HttpUser, withoutText } from '../support/http-user';
import { committeeTask, goalApprovals, pinStricterGoalApproval, setDates } from '../support/inbox-fixtures';
import { eventually, startTestStack, startWorker, stopWorker, type TestStack } from '../support/stack';

/**
 * The approver's inbox over HTTP with the real engine, store and worker: filters and due dates,
 * comments, giving a claimed group task back, delegating, and bulk approval with one task that
 * fails its form's validation.
 */
let stack: TestStack;
let worker: ChildProcess;
let hr: HttpUser, manager: HttpUser, otherManager: HttpUser, ceo: HttpUser, risk: HttpUser, compliance: HttpUser;
let employees: HttpUser[];
let cycle = '';
let tasks: string[] = [];
let cases: string[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('inbox-actions');
  [hr, manager, otherManager, ceo, risk, compliance] = await HttpUser.signInAll(stack.baseUrl, ['hr', 'cb.head', 'wm.head', 'ceo', 'risk', 'cmp.officer3']);
  employees = await Promise.all(['cb.rm06', 'cb.rm07', 'cb.rm08', 'cb.rm09'].map((u) => HttpUser.signIn(stack.baseUrl, u)));
  ({ cycle, taskIds: tasks, caseIds: cases } = await goalApprovals(hr, manager, employees, 'inbox'));
}, 240_000);

afterAll(async () => {
  await stopWorker(worker);
  await stack?.close();
});

const mine = (items: Array<{ id: string; caseId: string }>) => items.filter((i) => i.caseId?.startsWith(`${cycle}:`));

test('the manager filters the inbox by step and due date; overdue and due-soon tasks say so and come first', async () => {
  await setDates(stack, tasks[2]!, { due: new Date(Date.now() - 3_600_000) });
  await setDates(stack, tasks[1]!, { due: new Date(Date.now() + 3_600_000), followUp: new Date(Date.now() - 60_000) });

  // Dates set at the engine (as a flow's timer expression sets them) reach the inbox within a second
  // (tasks/assigned-task-index.ts): the manager's inbox is kept, not asked for anew on each poll.
  const all = await eventually('the new due dates in the inbox', async () => {
    const response = await manager.get('/api/inbox?step=goalApproval&who=me');
    const first = mine(response.body.items).map((i: { id: string }) => i.id).slice(0, 2);
    return first[0] === tasks[2] && first[1] === tasks[1] ? response : undefined;
  }, 30_000);
  expect(all.status).toBe(200);
  const ours = mine(all.body.items);
  const ids = ours.map((i: { id: string }) => i.id);
  expect(ids.slice(0, 2)).toEqual([tasks[2], tasks[1]]);
  expect(new Set(ids.slice(2))).toEqual(new Set([tasks[0], tasks[3]]));
  expect(ours[0]).toMatchObject({ dueState: 'overdue', flow: 'performance-review', bulkDecision: 'approve', assignedToMe: true });
  expect(ours[1]).toMatchObject({ dueState: 'soon', followUpReached: true });
  expect(all.body.counts.step).toEqual(expect.arrayContaining([expect.objectContaining({ value: 'goalApproval' })]));
  expect(all.body.counts.due.overdue).toBeGreaterThanOrEqual(1);

  const overdue = await manager.get('/api/inbox?due=overdue');
  expect(mine(overdue.body.items).map((i: { id: string }) => i.id)).toEqual([tasks[2]]);
  const groups = await manager.get('/api/inbox?who=groups&flow=performance-review');
  expect(mine(groups.body.items)).toEqual([]);

  const bad = await manager.get('/api/inbox?due=tomorrow');
  expect(bad.status).toBe(400);
  expect(bad.body.problems).toEqual([expect.objectContaining({ field: 'due' })]);

  // The page shows the flags as words, not only as colour.
  const page = await manager.get('/inbox?due=overdue&lang=en');
  expect(page.body).toContain('Overdue');
  expect(page.body).toContain(tasks[2]);
  expect(page.body).not.toContain(tasks[0]);
});

test('comments: the assignee may comment, the text joins the case history escaped; the employee and others may not', async () => {
  const text = 'Check the KYC goal <script>alert(1)</script>';
  expect((await manager.post(`/api/tasks/${tasks[0]}/comments`, { text })).status).toBe(201);
  expect((await employees[0]!.post(`/api/tasks/${tasks[0]}/comments`, { text: 'mine' })).status).toBe(404);
  expect((await otherManager.post(`/api/tasks/${tasks[0]}/comments`, { text: 'not mine' })).status).toBe(404);
  const empty = await manager.post(`/api/tasks/${tasks[0]}/comments`, { text: '   ' });
  expect(empty.status).toBe(400);
  // The same words sent again at once (a double click, a retried request) are the same comment.
  expect(await manager.post(`/api/tasks/${tasks[0]}/comments`, { text })).toMatchObject({ status: 200, body: { added: false } });

  const stored = await TaskActivityModel.find({ caseId: cases[0] }).lean();
  expect(stored.map((a) => [a.kind, a.actor, a.text])).toEqual([['comment', manager.id, text]]);
  const page = await manager.get(`/tasks/${tasks[0]}?lang=en`);
  expect(page.body).toContain('Check the KYC goal &lt;script&gt;alert(1)&lt;/script&gt;');
  expect(page.body).not.toContain('<script>alert(1)');
  expect(page.body).toContain('Case history');
  expect(await AuditEntryModel.countDocuments({ action: 'task.commented', 'subject.id': tasks[0] })).toBe(1);
});

test('a task the flow assigned cannot be given back; it can be delegated to the manager\'s own manager but never to the employee or another unit', async () => {
  const unclaim = await manager.post(`/api/tasks/${tasks[0]}/unclaim`, {});
  expect(unclaim.status).toBe(403);
  expect(unclaim.body.error).toMatch(/assigned to you by the flow/);

  for (const personId of [employees[0]!.id, otherManager.id, manager.id, 'nobody']) {
    const refused = await manager.post(`/api/tasks/${tasks[0]}/delegate`, { personId });
    expect(refused.status).toBe(400);
    expect(refused.body.problems).toEqual([expect.objectContaining({ field: 'personId' })]);
  }
  // Someone who does not hold the task learns nothing about it.
  expect((await otherManager.post(`/api/tasks/${tasks[0]}/delegate`, { personId: ceo.id })).status).toBe(404);
  expect((await employees[1]!.post(`/api/tasks/${tasks[0]}/delegate`, { personId: ceo.id })).status).toBe(404);

  const delegated = await manager.post(`/api/tasks/${tasks[0]}/delegate`, { personId: ceo.id, reason: 'On leave next week' });
  expect(delegated).toMatchObject({ status: 200, body: { assignee: ceo.id } });
  expect(await ceo.taskFor(cases[0]!, 'goalApproval')).toBe(tasks[0]);
  expect(await manager.taskFor(cases[0]!, 'goalApproval')).toBeUndefined();
  expect((await manager.get(`/api/tasks/${tasks[0]}`)).status).toBe(404);
  expect(await AuditEntryModel.countDocuments({ action: 'task.delegated', 'subject.id': tasks[0], 'details.to': ceo.id })).toBe(1);

  // The delegate works it as its assignee; the history says who handed it over and why.
  const page = await ceo.get(`/tasks/${tasks[0]}?lang=en`);
  expect(page.body).toContain('handed the task to');
  expect(page.body).toContain('On leave next week');
  expect((await ceo.post(`/api/tasks/${tasks[0]}/submission`, { data: { decision: 'approve' } })).status).toBe(201);
});

test('a returned step needs its reason, and the reason is what the employee sees first', async () => {
  const missing = await manager.post(`/api/tasks/${tasks[3]}/submission`, { data: { decision: 'return' } });
  expect(missing.status).toBe(400);
  expect(missing.body.problems).toEqual([expect.objectContaining({ field: 'comment' })]);
  expect(await SubmissionModel.findById(tasks[3]).lean()).toBeNull();
  expect((await manager.post(`/api/tasks/${tasks[3]}/submission`, { data: { decision: 'return', comment: 'Link the second goal to a unit goal' } })).status).toBe(201);
  const rework = await eventually('the goals back with the employee', () => employees[3]!.taskFor(cases[3]!, 'goalSetting'));
  const page = await employees[3]!.get(`/tasks/${rework}?lang=en`);
  expect(page.body).toContain('Link the second goal to a unit goal');
  // The employee sees the return, not the manager's working comments.
  expect(page.body).toContain('You see your own part of this case.');
});

test('bulk approval approves the tasks whose form allows it and leaves a task that fails validation untouched, saying why', async () => {
  await pinStricterGoalApproval(cases[2]!);
  const stranger = await otherManager.post('/api/tasks/bulk-approval', { taskIds: [tasks[1]] });
  expect(stranger.status).toBe(422);
  expect(stranger.body.results.map(withoutText)).toEqual([{ taskId: tasks[1], approved: false, error: 'task not found' }]);

  const bulk = await manager.post('/api/tasks/bulk-approval', { taskIds: [tasks[1], tasks[2]] });
  expect(bulk.status).toBe(200);
  expect(bulk.body).toMatchObject({ approved: 1, failed: 1 });
  expect(bulk.body.results).toEqual([
    { taskId: tasks[1], approved: true },
    expect.objectContaining({ taskId: tasks[2], approved: false, problems: [expect.objectContaining({ field: 'riskNote' })] }),
  ]);
  // Approved: stored with the form's decision, completed, the employee's check-in started.
  expect(await SubmissionModel.findById(tasks[1]).lean()).toMatchObject({ data: { decision: 'approve' }, submittedBy: manager.id });
  await eventually('the check-in after the bulk approval', () => employees[1]!.taskFor(cases[1]!, 'checkIn'));
  // Refused: nothing written, still waiting in the inbox.
  expect(await SubmissionModel.findById(tasks[2]).lean()).toBeNull();
  expect(await manager.taskFor(cases[2]!, 'goalApproval')).toBe(tasks[2]);

  // A step whose form does not allow it is refused even for its assignee.
  const checkIn = await eventually('check-in', () => employees[1]!.taskFor(cases[1]!, 'checkIn'));
  const notAllowed = await employees[1]!.post('/api/tasks/bulk-approval', { taskIds: [checkIn] });
  expect(notAllowed.status).toBe(422);
  expect(notAllowed.body.results[0].error).toMatch(/does not allow bulk approval/);
});

test('a committee task: one member claims it, only they may give it back, and a group task is never delegated', async () => {
  const { taskId, caseId } = await committeeTask(compliance, ceo, 'inbox-cmt');
  expect((await ceo.post(`/api/tasks/${taskId}/unclaim`, {})).status).toBe(403); // not claimed: claim first
  expect((await ceo.post(`/api/tasks/${taskId}/claim`, {})).status).toBe(200);
  expect((await risk.post(`/api/tasks/${taskId}/unclaim`, {})).status).toBe(404);
  expect(await risk.taskFor(caseId, 'committeeDecision')).toBeUndefined();
  const delegate = await ceo.post(`/api/tasks/${taskId}/delegate`, { personId: manager.id });
  expect(delegate.status).toBe(403);
  expect(delegate.body.error).toMatch(/give it back to the group/);

  expect((await ceo.post(`/api/tasks/${taskId}/unclaim`, {})).status).toBe(200);
  expect(await risk.taskFor(caseId, 'committeeDecision')).toBe(taskId);
  expect((await ceo.get(`/api/tasks/${taskId}`)).body.canWork).toBe(false);
  expect(await AuditEntryModel.countDocuments({ action: 'task.unclaimed', 'subject.id': taskId, actor: ceo.id })).toBe(1);
});
