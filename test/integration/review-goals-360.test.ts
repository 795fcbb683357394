import type { ChildProcess } from 'node:child_process';
import { PersonGoalModel, personGoalId } from '../../src/db/models/goal';
import { NotificationModel, notificationId } from '../../src/db/models/notification';
import { PeerFeedbackSummaryModel, peerFeedbackSummaryId } from '../../src/db/models/peer-feedback-summary';
import { PersonModel } from '../../src/db/models/person';
import { SubmissionModel } from '../../src/db/models/submission';
import { HttpUser } from '../support/http-user';
import { agreeGoals, checkIn, driveToSelfAssessment, launchReview, openTask, optionsOf, skipPeerFeedback, submit } from '../support/review-driver';
import { eventually, startTestStack, startWorker, stopWorker, uniqueCycle, type TestStack } from '../support/stack';

const selfAssessment = { businessRating: 4, riskRating: 4, complianceRating: 4, behaviourRating: 4, achievements: 'Met the plan' };

let stack: TestStack;
let worker: ChildProcess;
let hr: HttpUser;
let manager: HttpUser;

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('review-goals-360');
  hr = await HttpUser.signIn(stack.baseUrl, 'hr');
  manager = await HttpUser.signIn(stack.baseUrl, 'cb.head');
});

afterAll(async () => {
  await stopWorker(worker);
  await stack?.close();
});

const goal = (title: string, weight: number, unitGoalId: string, dimension = 'business') => ({ title, kind: 'KPI', dimension, weight, target: 'as agreed', unitGoalId });

test('goals: weights must total 100 (nothing stored otherwise); returned with a reason, fixed, approved, stored and traceable up and down the cascade', async () => {
  const employee = await HttpUser.signIn(stack.baseUrl, 'cb.rm07');
  const { cycle, caseId } = await launchReview(hr, employee, 'goals');
  const first = await openTask(employee, caseId, 'goalSetting');
  const unitGoals = optionsOf(first.view.form.schema, 'unitGoalId');
  // The employee's unit (Corporate Banking) offers its own goals for this cycle, and only those.
  expect(unitGoals).toEqual([`${cycle}:CB:G1`, `${cycle}:CB:G2`, `${cycle}:CB:G3`]);

  const ninety = await employee.post(`/api/tasks/${first.id}/submission`, { data: { goals: [goal('Deposits', 60, unitGoals[0]!), goal('Clean loans', 30, unitGoals[1]!)] } });
  expect(ninety.status).toBe(400);
  // The reason in English for the API, and in the reader's language (the employee's setting: zh-CN) for the page.
  expect(ninety.body.problems).toEqual([{ field: 'goals', code: 'total', message: 'Weight (%) must total 100; the rows total 90', text: '权重（%）合计必须为 100，目前合计为 90。' }]);
  // Switched to English (the header's language link sets the cookie), the reasons come in English.
  expect((await employee.get('/inbox?lang=en')).status).toBe(200);
  const inEnglish = await employee.post(`/api/tasks/${first.id}/submission`, { data: { goals: [goal('Deposits', 60, unitGoals[0]!), goal('', 40, unitGoals[1]!)] } });
  expect(inEnglish.body.problems).toEqual(expect.arrayContaining([
    expect.objectContaining({ field: 'goals[1].title', code: 'required', text: 'Goal is required' }),
  ]));
  expect((await employee.get('/inbox?lang=zh-CN')).status).toBe(200);
  const foreign = await employee.post(`/api/tasks/${first.id}/submission`, { data: { goals: [goal('Deposits', 100, `${cycle}:WM:G1`)] } });
  expect(foreign.status).toBe(400);
  expect(foreign.body.problems).toEqual([expect.objectContaining({ field: 'goals[0].unitGoalId', code: 'onlyAvailableItems' })]);
  expect(await SubmissionModel.findById(first.id).lean()).toBeNull();
  expect((await employee.get(`/api/tasks/${first.id}`)).status).toBe(200);

  const proposal = [goal('Deposits', 60, unitGoals[0]!), goal('KYC files', 40, unitGoals[2]!, 'compliance')];
  await submit(employee, first.id, { goals: proposal });

  // The manager sees the proposal beside the approval form, and returns it with a reason.
  const approval = await openTask(manager, caseId, 'goalApproval');
  expect(approval.view.context.data.goals.map((g: { title: string; unitGoal: { code: string } }) => [g.title, g.unitGoal.code])).toEqual([['Deposits', 'G1'], ['KYC files', 'G3']]);
  const noReason = await manager.post(`/api/tasks/${approval.id}/submission`, { data: { decision: 'return' } });
  expect(noReason.status).toBe(400);
  expect(noReason.body.problems).toEqual([expect.objectContaining({ field: 'comment', code: 'required' })]);
  await submit(manager, approval.id, { decision: 'return', comment: 'Add a credit risk goal' });

  // Back to the employee, with the reason and the earlier proposal to start from; nothing is stored as goals yet.
  const second = await openTask(employee, caseId, 'goalSetting');
  expect(second.id).not.toBe(first.id);
  expect(second.view.context.data).toMatchObject({ decision: 'return', comment: 'Add a credit risk goal' });
  expect(second.view.draft).toEqual({ goals: proposal });
  expect(await PersonGoalModel.findById(personGoalId(cycle, employee.id, 1)).lean()).toBeNull();
  await submit(employee, second.id, { goals: [goal('Deposits', 50, unitGoals[0]!), goal('KYC files', 20, unitGoals[2]!, 'compliance'), goal('New-loan NPL', 30, unitGoals[1]!, 'risk')] });
  const secondApproval = await openTask(manager, caseId, 'goalApproval');
  await submit(manager, secondApproval.id, { decision: 'approve' });
  await eventually('check-in after approval', () => employee.taskFor(caseId, 'checkIn'));

  // Traced up: the risk goal serves CB's clean-lending goal, which serves the bank's credit-risk strategy.
  const mine = await employee.get(`/api/goals/${cycle}/${employee.id}`);
  expect(mine.status).toBe(200);
  expect(mine.body.goals.map((g: { title: string; weight: number }) => [g.title, g.weight])).toEqual([['Deposits', 50], ['KYC files', 20], ['New-loan NPL', 30]]);
  expect(mine.body.goals[2].cascade.map((g: { _id: string }) => g._id)).toEqual([`${cycle}:CB:G2`, `${cycle}:EXEC:S2`]);
  expect(mine.body.goals[2]).toMatchObject({ approvedBy: manager.id, approvalSubmissionTaskId: secondApproval.id, sourceSubmissionTaskId: expect.any(String) });
  for (const reader of [manager, hr, await HttpUser.signIn(stack.baseUrl, 'hrbp'), await HttpUser.signIn(stack.baseUrl, 'auditor')]) {
    expect((await reader.get(`/api/goals/${cycle}/${employee.id}`)).status).toBe(200);
  }
  const colleague = await HttpUser.signIn(stack.baseUrl, 'cb.rm08');
  expect((await colleague.get(`/api/goals/${cycle}/${employee.id}`)).status).toBe(404);

  // Traced down: the unit goal lists the person goal serving it; the strategy lists the unit goal.
  const unit = await manager.get(`/api/unit-goals/${cycle}/CB`);
  expect(unit.status).toBe(200);
  const cleanLending = unit.body.goals.find((g: { _id: string }) => g._id === `${cycle}:CB:G2`);
  expect(cleanLending.parents.map((g: { _id: string }) => g._id)).toEqual([`${cycle}:EXEC:S2`]);
  expect(cleanLending.personGoals.map((g: { _id: string; person: { _id: string } }) => [g._id, g.person._id])).toEqual([[personGoalId(cycle, employee.id, 3), employee.id]]);
  const strategy = await hr.get(`/api/unit-goals/${cycle}/EXEC`);
  expect(strategy.body.goals.find((g: { code: string }) => g.code === 'S2').unitGoals.map((g: { _id: string }) => g._id)).toEqual(expect.arrayContaining([`${cycle}:CB:G2`]));
  // A colleague sees the unit's goals but not whose goals serve them; another unit's people see nothing.
  const asColleague = await colleague.get(`/api/unit-goals/${cycle}/CB`);
  expect(asColleague.status).toBe(200);
  expect(asColleague.body.goals.every((g: { personGoals: unknown[] }) => g.personGoals.length === 0)).toBe(true);
  expect((await (await HttpUser.signIn(stack.baseUrl, 'wm.adviser05')).get(`/api/unit-goals/${cycle}/CB`)).status).toBe(404);
});

test('check-in: a reminder is sent while the check-in waits, on the rhythm HR set at launch', async () => {
  const employee = await HttpUser.signIn(stack.baseUrl, 'cb.rm09');
  // Only HR may replace the policy's rhythm, and only with an ISO 8601 repeating interval.
  const owner = await HttpUser.signIn(stack.baseUrl, 'owner');
  expect((await owner.post(`/api/cycles/${uniqueCycle('remind')}/reviews`, { employeeIds: [employee.id], checkInReminder: 'R1/PT1S' })).status).toBe(403);
  const bad = await hr.post(`/api/cycles/${uniqueCycle('remind')}/reviews`, { employeeIds: [employee.id], checkInReminder: 'every day' });
  expect(bad.status).toBe(400);
  expect(bad.body.problems).toEqual([expect.objectContaining({ field: 'checkInReminder', code: 'pattern' })]);

  const { caseId } = await launchReview(hr, employee, 'remind', { checkInReminder: 'R1/PT1S' });
  await agreeGoals(employee, manager, caseId);
  await eventually('check-in task', () => employee.taskFor(caseId, 'checkIn'));
  const reminder = await eventually('reminder notification', () => NotificationModel.findById(notificationId(caseId, 'review.check-in-reminder.1', employee.id)).lean());
  expect(reminder).toMatchObject({ recipientId: employee.id, params: { reminder: 1 } });
  // The reminder leaves the check-in open; doing it moves the review on.
  await checkIn(employee, caseId);
  await eventually('self-assessment after the check-in', () => employee.taskFor(caseId, 'selfAssessment'));
  expect(await NotificationModel.countDocuments({ caseId })).toBe(1);
});

const PEER_COMMENTS = ['Reliable partner', 'Strong on deals', 'Needs to delegate more'];

test('360: three peers chosen by the manager each see only their own task; the manager sees the aggregate and the comments without names, the employee never does', async () => {
  const employee = await HttpUser.signIn(stack.baseUrl, 'cb.rm10');
  const { cycle, caseId } = await launchReview(hr, employee, 'peers');
  const selfTaskId = await driveToSelfAssessment(employee, manager, caseId);
  await submit(employee, selfTaskId, selfAssessment);

  const choice = await openTask(manager, caseId, 'choosePeers');
  // Skipping 360 is possible from the start: the list of peers is empty until the manager adds one.
  expect(choice.view.form.schema.components[0]).toMatchObject({ key: 'peers', initEmpty: true, validate: { required: false } });
  const colleagues = optionsOf(choice.view.form.schema, 'peerId');
  expect(colleagues).not.toContain(employee.id);
  expect(colleagues).not.toContain(manager.id);
  const peers = await HttpUser.signInAll(stack.baseUrl, ['cb.rm07', 'cb.rm08', 'cb.rm09'] as const);
  expect(colleagues).toEqual(expect.arrayContaining(peers.map((p) => p.id)));
  const tooMany = await manager.post(`/api/tasks/${choice.id}/submission`, { data: { peers: colleagues.slice(0, 6).map((peerId) => ({ peerId })) } });
  expect(tooMany.status).toBe(400);
  expect(tooMany.body.problems).toEqual([expect.objectContaining({ field: 'peers', code: 'maxLength' })]);
  await submit(manager, choice.id, { peers: peers.map((p) => ({ peerId: p.id })) });

  const [taskA, taskB, taskC] = await Promise.all(peers.map((p) => openTask(p, caseId, 'peerFeedback')));
  expect(new Set([taskA!.id, taskB!.id, taskC!.id]).size).toBe(3);
  // A peer sees neither the other peers' tasks nor the employee's scores; the employee sees no peer task.
  expect(taskA!.view.selfScore).toBeNull();
  expect(taskA!.view.peerFeedback).toBeNull();
  expect((await peers[0].get(`/api/tasks/${taskB!.id}`)).status).toBe(404);
  expect((await employee.get(`/api/tasks/${taskA!.id}`)).status).toBe(404);
  expect((await employee.inbox()).filter((t) => t.caseId === caseId)).toEqual([]);

  await submit(peers[0], taskA!.id, { businessRating: 4, riskRating: 3, complianceRating: 5, behaviourRating: 2, comment: PEER_COMMENTS[0] });
  // Peer B cannot judge behaviour: two ratings there, fewer than the policy's three, so behaviour shows no mean.
  await submit(peers[1], taskB!.id, { businessRating: 5, riskRating: 4, complianceRating: 5, comment: PEER_COMMENTS[1] });
  await submit(peers[2], taskC!.id, { businessRating: 3, riskRating: 2, complianceRating: 5, behaviourRating: 4, comment: PEER_COMMENTS[2] });

  const assessment = await openTask(manager, caseId, 'managerAssessment');
  expect(assessment.view.peerFeedback).toEqual({
    respondents: 3,
    minimumRaters: 3,
    shown: true,
    dimensions: { business: { mean: 4, count: 3 }, risk: { mean: 3, count: 3 }, compliance: { mean: 5, count: 3 }, behaviour: { mean: null, count: 2, withheld: true } },
    labels: expect.any(Object),
    // Sorted by text, not in the order the peers answered.
    comments: ['Needs to delegate more', 'Reliable partner', 'Strong on deals'],
  });
  expect(assessment.view.selfScore).toMatchObject({ rating: expect.any(String) });
  const summary = await PeerFeedbackSummaryModel.findById(peerFeedbackSummaryId(cycle, employee.id)).lean();
  expect(summary!.sourceSubmissionTaskIds.sort()).toEqual([taskA!.id, taskB!.id, taskC!.id].sort());
  // The manager's page names no peer beside an answer: the history shows the 360 steps as anonymous.
  const page = await manager.get(`/tasks/${assessment.id}`);
  expect(page.status).toBe(200);
  for (const comment of PEER_COMMENTS) expect(page.body.split(comment).length - 1).toBe(1); // once, in the summary
  const section = (name: string) => (new RegExp(`<section class="card[^"]*\\b${name}\\b[\\s\\S]*?</section>`).exec(page.body as string) ?? [''])[0];
  const [history, feedback] = [section('history'), section('peer-feedback')];
  expect(feedback).toContain(PEER_COMMENTS[0]);
  const peerNames = await PersonModel.find({ _id: { $in: peers.map((p) => p.id) } }, { name: 1 }).lean();
  expect(peerNames).toHaveLength(3);
  for (const { name } of peerNames) for (const part of [history, feedback]) expect(part).not.toContain(name['zh-CN']);
  expect(history.split('同事（匿名）').length - 1).toBe(3);
  // The employee's view of their own case carries no peer answers and no 360 summary.
  const ownCase = await employee.get(`/api/cases/${encodeURIComponent(caseId)}`);
  expect(ownCase.status).toBe(200);
  expect(JSON.stringify(ownCase.body)).not.toMatch(/Reliable partner|Strong on deals|respondents/);
});

test('360 below the policy\'s minimum of raters: the manager learns how many answered, and nothing of what they said', async () => {
  const employee = await HttpUser.signIn(stack.baseUrl, 'cb.rm06');
  const { caseId } = await launchReview(hr, employee, 'fewpeers');
  const selfTaskId = await driveToSelfAssessment(employee, manager, caseId);
  await submit(employee, selfTaskId, selfAssessment);
  const choice = await openTask(manager, caseId, 'choosePeers');
  const peers = await HttpUser.signInAll(stack.baseUrl, ['cb.rm04', 'cb.rm05'] as const);
  await submit(manager, choice.id, { peers: peers.map((p) => ({ peerId: p.id })) });
  const tasks = await Promise.all(peers.map((p) => openTask(p, caseId, 'peerFeedback')));
  await submit(peers[0], tasks[0]!.id, { businessRating: 1, riskRating: 1, complianceRating: 1, behaviourRating: 1, comment: 'Blames the back office' });
  await submit(peers[1], tasks[1]!.id, { businessRating: 5, riskRating: 5, complianceRating: 5, behaviourRating: 5, comment: 'Best banker I know' });

  const assessment = await openTask(manager, caseId, 'managerAssessment');
  expect(assessment.view.peerFeedback).toEqual({
    respondents: 2, minimumRaters: 3, shown: false, labels: expect.any(Object), comments: [],
    dimensions: { business: { mean: null, count: 0, withheld: true }, risk: { mean: null, count: 0, withheld: true }, compliance: { mean: null, count: 0, withheld: true }, behaviour: { mean: null, count: 0, withheld: true } },
  });
  // Neither the API nor the page carries a rating or a comment: the data does not reach the browser.
  const page = await manager.get(`/tasks/${assessment.id}`);
  for (const body of [JSON.stringify(assessment.view), page.body]) expect(body).not.toMatch(/Blames the back office|Best banker I know/);
  expect(page.body).toContain('已有 2 位受邀同事反馈。至少 3 位反馈后才显示');
});

test('360 skipped: no peers chosen, the manager assessment follows at once and no summary exists', async () => {
  const employee = await HttpUser.signIn(stack.baseUrl, 'cb.rm08');
  const { cycle, caseId } = await launchReview(hr, employee, 'skip360');
  const selfTaskId = await driveToSelfAssessment(employee, manager, caseId);
  await submit(employee, selfTaskId, selfAssessment);
  const managerTaskId = await skipPeerFeedback(manager, caseId);
  const view = await manager.get(`/api/tasks/${managerTaskId}`);
  expect(view.body.peerFeedback).toBeNull();
  expect(await PeerFeedbackSummaryModel.findById(peerFeedbackSummaryId(cycle, employee.id)).lean()).toBeNull();
});
