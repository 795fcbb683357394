import type { ChildProcess } from 'node:child_process';
import { GoalSetVersionModel } from '../../src/db/models/goal-set';
import { ReviewCaseModel } from '../../src/db/models/review-case';
import { ScoreModel, scoreId } from '../../src/db/models/score';
import { SubmissionModel } from '../../src/db/models/submission';
import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { DEMO_PASSWORD } from '../../src/seed/demo-org';
import { createPerson, createUnit } from '../support/fixtures';
import { HttpUser } from '../support/http-user';
import { agreeGoals, checkIn, launchReview, openTask, optionsOf, skipPeerFeedback, submit, twoGoals } from '../support/review-driver';
import { eventually, startTestStack, startWorker, stopWorker, type TestStack } from '../support/stack';

/**
 * Goals that change during a cycle (processes/goal-change.bpmn), against the real engine and store:
 * the employee proposes from the goals in force, the manager sees old and new side by side and
 * decides, and an approval makes the next goal-set version while the earlier one stays.
 */
let stack: TestStack;
let worker: ChildProcess;
let hr: HttpUser;
let manager: HttpUser;
let unitId: string;

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('goal-change');
  hr = await HttpUser.signIn(stack.baseUrl, 'hr.analyst');
  const head = await createPerson({ prefix: 'gchead', password: DEMO_PASSWORD, managerId: 'E0001' });
  unitId = await createUnit({ prefix: 'gchange', headId: head._id });
  manager = await HttpUser.signIn(stack.baseUrl, head.username);
});

afterAll(async () => {
  await stopWorker(worker);
  await stack?.close();
});

async function newEmployee(prefix: string): Promise<HttpUser> {
  const person = await createPerson({ prefix, password: DEMO_PASSWORD, unitId, managerId: manager.id });
  return HttpUser.signIn(stack.baseUrl, person.username);
}

/** An employee of the test unit whose goals are agreed (Grow the book 60 %, Clean files 40 %): the review waits at the check-in. */
async function employeeAtCheckIn(prefix: string) {
  const employee = await newEmployee(prefix);
  const { cycle, caseId } = await launchReview(hr, employee, prefix);
  await agreeGoals(employee, manager, caseId);
  await eventually('check-in task', () => employee.taskFor(caseId, 'checkIn'));
  return { employee, cycle, caseId };
}

const history = async (user: HttpUser, cycle: string, personId: string) => (await user.get(`/api/goal-changes/${cycle}/${personId}`)).body;

/** The employee starts a change and proposes these goals: the proposal task's id and the change's case. */
async function propose(employee: HttpUser, cycle: string, goals: unknown[], reason: string) {
  const started = await employee.post(`/api/goal-changes/${cycle}`, {});
  expect(started.status).toBe(201);
  const task = await openTask(employee, started.body.caseId, 'proposeGoalChange');
  await submit(employee, task.id, { goals, reason });
  return { changeCaseId: started.body.caseId as string, proposalView: task.view };
}

test('an approved change makes version 2, in force from then on; version 1 stays as agreed; the score names version 2', async () => {
  const { employee, cycle, caseId } = await employeeAtCheckIn('gcok');
  const agreed = (await employee.get(`/api/goals/${cycle}/${employee.id}`)).body.goals.map((g: { title: string; weight: number }) => [g.title, g.weight]);
  expect(agreed).toEqual([['Grow the book', 60], ['Clean files', 40]]);

  const started = await employee.post(`/api/goal-changes/${cycle}`, {});
  expect(started.status).toBe(201);
  expect(started.body).toMatchObject({ replayed: false, baseVersion: 1 });
  const proposal = await openTask(employee, started.body.caseId, 'proposeGoalChange');
  // The form starts from the goals in force.
  expect(proposal.view.draft.goals.map((g: { title: string; weight: number }) => [g.title, g.weight])).toEqual(agreed);
  const unitGoalIds = optionsOf(proposal.view.form.schema, 'unitGoalId');
  const [grow, clean] = twoGoals(unitGoalIds);
  const changed = [{ ...grow, weight: 50 }, { ...clean, weight: 30 }, { title: 'Launch green bonds desk', kind: 'OKR', dimension: 'business', weight: 20, target: 'First issue by Q4', unitGoalId: unitGoalIds[0] }];
  await submit(employee, proposal.id, { goals: changed, reason: 'The bank added green finance to the strategy in June.' });

  // The manager's form shows the goals in force beside the proposal, and why.
  const decision = await openTask(manager, started.body.caseId, 'decideGoalChange');
  const context = JSON.stringify(decision.view.form.schema);
  for (const text of ['Goal change', 'version 1', 'Launch green bonds desk', 'Grow the book', '60 %', '50 %', 'Added', 'Changed', 'green finance to the strategy']) expect(context).toContain(text);
  await submit(manager, decision.id, { decision: 'approve', comment: 'Agreed: the desk opens in Q3.' });

  // The block stores version 2, then the goals in force, then closes the change: wait for all three.
  const after = await eventually('version 2 in force and the change closed', async () => {
    const h = await history(employee, cycle, employee.id);
    return h.inForce?.version === 2 && h.openChange === null ? h : null;
  });
  expect(after.versions.map((v: { version: number; inForce: boolean }) => [v.version, v.inForce])).toEqual([[2, true], [1, false]]);
  expect(after.versions[0]).toMatchObject({ proposedBy: { id: employee.id }, approvedBy: { id: manager.id }, reason: 'The bank added green finance to the strategy in June.', comment: 'Agreed: the desk opens in Q3.', changes: { changed: 2, added: 1, dropped: 0 } });
  expect(after.versions[1].goals.map((g: { title: string; weight: number }) => [g.title, g.weight])).toEqual(agreed);
  expect(after.versions[1]).toMatchObject({ approvedBy: { id: manager.id }, reason: null });
  expect(after.canPropose).toBe(true);
  // The manager reads the same history; the goals in force are version 2's.
  expect((await history(manager, cycle, employee.id)).versions).toHaveLength(2);
  expect((await employee.get(`/api/goals/${cycle}/${employee.id}`)).body.goals.map((g: { weight: number }) => g.weight)).toEqual([50, 30, 20]);
  expect(await AuditEntryModel.countDocuments({ action: 'goals.change-approved', 'subject.id': started.body.caseId })).toBe(1);
  expect((await ReviewCaseModel.findById(started.body.caseId).lean())!.status).toBe('closed');

  // The rest of the review: the check-in lists the three goals, and the manager's score names version 2.
  const checkInTask = await openTask(employee, caseId, 'checkIn');
  expect(optionsOf(checkInTask.view.form.schema, 'goalId')).toHaveLength(3);
  await checkIn(employee, caseId);
  const selfTask = await eventually('self-assessment', () => employee.taskFor(caseId, 'selfAssessment'));
  const ratings = { businessRating: 4, riskRating: 3, complianceRating: 4, behaviourRating: 4 };
  await submit(employee, selfTask, { ...ratings, achievements: 'Opened the desk' });
  const managerTask = await skipPeerFeedback(manager, caseId);
  // The manager's assessment form names the goals it assesses: version 2, with the three goals and a link to all versions.
  const assessing = JSON.stringify((await manager.get(`/api/tasks/${managerTask}`)).body.form.schema);
  for (const text of ['Goals assessed', 'version 2, agreed on', 'Launch green bonds desk', `/goal-changes/${cycle}/${employee.id}`]) expect(assessing).toContain(text);
  await submit(manager, managerTask, { ...ratings, strengths: 'Green desk', overallComment: 'Good year' });
  const final = await eventually('final score', () => ScoreModel.findById(scoreId(cycle, employee.id, 'final')).lean());
  const agreedOn = after.versions[0].agreedOn as string;
  expect(final.explanation).toMatchObject({ goals: { version: 2, agreedOn, goalCount: 3 } });
  // The final score is stored a moment before the worker marks the case finalized: publish after that, or the worker's mark overwrites it.
  await eventually('review finalized', async () => (await ReviewCaseModel.findById(caseId, { status: 1 }).lean())?.status === 'finalized');
  await ReviewCaseModel.updateOne({ _id: caseId }, { $set: { status: 'published', publishedAt: new Date() } });
  const overview = (await employee.get(`/api/me/overview/${cycle}`)).body;
  expect(overview.result.why[0]).toBe(`Assessed against the goals as agreed on ${agreedOn}, version 2 (3 goals).`);
  // Once the assessments began, no further change.
  const late = await employee.post(`/api/goal-changes/${cycle}`, {});
  expect(late.status).toBe(409);
});

test('sent back, then rejected: version 1 stays in force and nothing new is stored', async () => {
  const { employee, cycle } = await employeeAtCheckIn('gcno');
  const proposalTask = await openTask(employee, (await employee.post(`/api/goal-changes/${cycle}`, {})).body.caseId, 'proposeGoalChange');
  const changeCaseId = (await employee.get(`/api/goal-changes/${cycle}/${employee.id}`)).body.openChange as string;
  const goals = proposalTask.view.draft.goals as Array<Record<string, unknown>>;
  await submit(employee, proposalTask.id, { goals: [{ ...goals[0], weight: 100 }], reason: 'Only deposits matter now' });

  const first = await openTask(manager, changeCaseId, 'decideGoalChange');
  // Sending back needs a reason.
  const bare = await manager.post(`/api/tasks/${first.id}/submission`, { data: { decision: 'return' } });
  expect(bare.status).toBe(400);
  expect(bare.body.problems.map((p: { field: string }) => p.field)).toContain('comment');
  await submit(manager, first.id, { decision: 'return', comment: 'Compliance cannot drop to zero.' });

  // The employee gets the proposal back, starting from their own answer, with the manager's reason.
  const again = await openTask(employee, changeCaseId, 'proposeGoalChange');
  expect(again.view.draft.goals).toHaveLength(1);
  expect(again.view.context).toMatchObject({ data: { decision: 'return', comment: 'Compliance cannot drop to zero.' } });
  await submit(employee, again.id, { goals: [{ ...goals[0], weight: 90 }, { ...goals[1], weight: 10 }], reason: 'Deposits first, compliance kept' });
  const second = await openTask(manager, changeCaseId, 'decideGoalChange');
  await submit(manager, second.id, { decision: 'reject', comment: 'The targets stay for this half.' });

  const h = await eventually('change closed', async () => {
    const read = await history(employee, cycle, employee.id);
    return read.openChange === null ? read : null;
  });
  expect(h.versions.map((v: { version: number }) => v.version)).toEqual([1]);
  expect(h.versions[0].goals.map((g: { weight: number }) => g.weight)).toEqual([60, 40]);
  expect(await GoalSetVersionModel.countDocuments({ cycle, personId: employee.id })).toBe(0);
  expect((await employee.get(`/api/goals/${cycle}/${employee.id}`)).body.goals.map((g: { weight: number }) => g.weight)).toEqual([60, 40]);
  expect(await AuditEntryModel.countDocuments({ action: 'goals.change-rejected', 'subject.id': changeCaseId })).toBe(1);
  // Another change may be proposed now: a case of its own.
  const next = await employee.post(`/api/goal-changes/${cycle}`, {});
  expect(next.status).toBe(201);
  expect(next.body.caseId).not.toBe(changeCaseId);
  const nextTask = await openTask(employee, next.body.caseId, 'proposeGoalChange');
  await submit(employee, nextTask.id, { goals: [{ ...goals[0], weight: 70 }, { ...goals[1], weight: 30 }], reason: 'Closing this one' });
  await submit(manager, (await openTask(manager, next.body.caseId, 'decideGoalChange')).id, { decision: 'reject', comment: 'No' });
  await eventually('second change closed', async () => (await history(employee, cycle, employee.id)).openChange === null);
});

test('outside the window a change is refused, and a proposal must be valid and change something', async () => {
  const employee = await newEmployee('gcwin');
  const { cycle, caseId } = await launchReview(hr, employee, 'gcwin');
  // At goal setting: nothing agreed yet to change.
  const early = await employee.post(`/api/goal-changes/${cycle}`, {});
  expect(early.status).toBe(409);
  expect(early.body.problems).toEqual([expect.objectContaining({ field: 'cycle', code: 'goals-not-agreed' })]);
  // No review in a cycle: not found; an unknown field in the body: 400.
  expect((await employee.post('/api/goal-changes/no-such-cycle', {})).status).toBe(404);
  expect((await employee.post(`/api/goal-changes/${cycle}`, { personId: 'E0001' })).status).toBe(400);

  await agreeGoals(employee, manager, caseId);
  await eventually('check-in task', () => employee.taskFor(caseId, 'checkIn'));
  const started = await employee.post(`/api/goal-changes/${cycle}`, {});
  const task = await openTask(employee, started.body.caseId, 'proposeGoalChange');
  const goals = task.view.draft.goals as Array<Record<string, unknown>>;
  const stored = () => SubmissionModel.countDocuments({ caseId: started.body.caseId });
  // Weights off 100, the same goals again, no reason: each refused with its field, nothing stored.
  const off = await employee.post(`/api/tasks/${task.id}/submission`, { data: { goals: [{ ...goals[0], weight: 70 }, goals[1]], reason: 'More deposits' } });
  expect(off.status).toBe(400);
  expect(off.body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'goals', code: 'total' })]));
  const same = await employee.post(`/api/tasks/${task.id}/submission`, { data: { goals, reason: 'Nothing really' } });
  expect(same.status).toBe(400);
  expect(same.body.problems).toEqual([expect.objectContaining({ field: 'goals', code: 'unchanged' })]);
  const noReason = await employee.post(`/api/tasks/${task.id}/submission`, { data: { goals: [{ ...goals[0], weight: 50 }, { ...goals[1], weight: 50 }] } });
  expect(noReason.status).toBe(400);
  expect(noReason.body.problems.map((p: { field: string }) => p.field)).toContain('reason');
  expect(await stored()).toBe(0);

  // The employee moves on to the self-assessment while the change waits: the manager's approval comes too late.
  await submit(employee, task.id, { goals: [{ ...goals[0], weight: 50 }, { ...goals[1], weight: 50 }], reason: 'Balance' });
  await checkIn(employee, caseId);
  const selfTask = await eventually('self-assessment', () => employee.taskFor(caseId, 'selfAssessment'));
  await submit(employee, selfTask, { businessRating: 4, riskRating: 3, complianceRating: 4, behaviourRating: 4, achievements: 'x' });
  await eventually('self score', () => ScoreModel.findById(scoreId(cycle, employee.id, 'self')).lean());
  const refused = await employee.post(`/api/goal-changes/${cycle}`, {});
  // The open change is answered (one at a time), not a new one.
  expect(refused.body).toMatchObject({ caseId: started.body.caseId, replayed: true });
  await submit(manager, (await openTask(manager, started.body.caseId, 'decideGoalChange')).id, { decision: 'approve' });
  const h = await eventually('change closed', async () => {
    const read = await history(employee, cycle, employee.id);
    return read.openChange === null ? read : null;
  });
  expect(h.versions.map((v: { version: number }) => v.version)).toEqual([1]);
  expect(h.window).toEqual({ open: false, code: 'assessment-begun' });
  expect(await AuditEntryModel.countDocuments({ action: 'goals.change-too-late', 'subject.id': started.body.caseId })).toBe(1);
  const after = await employee.post(`/api/goal-changes/${cycle}`, {});
  expect(after.status).toBe(409);
  expect(after.body.problems).toEqual([expect.objectContaining({ code: 'assessment-begun' })]);
});

test('two proposals at once start one change, and two answers to it make one version', async () => {
  const { employee, cycle } = await employeeAtCheckIn('gcdup');
  const [a, b] = await Promise.all([employee.post(`/api/goal-changes/${cycle}`, {}), employee.post(`/api/goal-changes/${cycle}`, {})]);
  expect([a.status, b.status].sort()).toEqual([200, 201]);
  expect(a.body.caseId).toBe(b.body.caseId);
  expect(await ReviewCaseModel.countDocuments({ processKey: 'goal-change', subjectId: employee.id, cycle })).toBe(1);

  const task = await openTask(employee, a.body.caseId, 'proposeGoalChange');
  const goals = task.view.draft.goals as Array<Record<string, unknown>>;
  const data = { goals: [{ ...goals[0], weight: 55 }, { ...goals[1], weight: 45 }], reason: 'Twice' };
  const answers = await Promise.all([employee.post(`/api/tasks/${task.id}/submission`, { data }), employee.post(`/api/tasks/${task.id}/submission`, { data })]);
  expect(answers.every((r) => r.status < 500)).toBe(true);
  expect(answers.filter((r) => r.status === 201)).toHaveLength(1);
  const decision = await openTask(manager, a.body.caseId, 'decideGoalChange');
  const approvals = await Promise.all([1, 2].map(() => manager.post(`/api/tasks/${decision.id}/submission`, { data: { decision: 'approve' } })));
  expect(approvals.filter((r) => r.status === 201)).toHaveLength(1);
  await eventually('version 2', async () => (await history(employee, cycle, employee.id)).inForce?.version === 2);
  expect(await GoalSetVersionModel.countDocuments({ cycle, personId: employee.id })).toBe(2);
});

test('who may read a person\'s goal versions: the person and their manager, not a colleague', async () => {
  const { employee, cycle } = await employeeAtCheckIn('gcacc');
  const colleague = await newEmployee('gcacc2');
  expect((await employee.get(`/api/goal-changes/${cycle}/${employee.id}`)).status).toBe(200);
  expect((await manager.get(`/api/goal-changes/${cycle}/${employee.id}`)).status).toBe(200);
  expect((await colleague.get(`/api/goal-changes/${cycle}/${employee.id}`)).status).toBe(404);
  expect((await colleague.get(`/goal-changes/${cycle}/${employee.id}`)).status).toBe(404);
  // Nobody starts a change for someone else: the route only ever starts one's own, and the colleague has no review here.
  expect((await colleague.post(`/api/goal-changes/${cycle}`, {})).status).toBe(404);
});
