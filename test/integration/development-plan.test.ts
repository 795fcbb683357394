import type { ChildProcess } from 'node:child_process';
import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { DevelopmentItemModel, DevelopmentPlanModel } from '../../src/db/models/development-plan';
import { ReviewCaseModel, caseIdFor } from '../../src/db/models/review-case';
import { SubmissionModel } from '../../src/db/models/submission';
import { BLOCKS } from '../../src/worker/handlers';
import { storePorts } from '../../src/worker/store-ports';
import { HttpUser } from '../support/http-user';
import { assess, calibrateAndPublish, employeeWithGoals, reviewWithAgreedGoals, type MyCycleFixture } from '../support/me-fixture';
import { openTask, optionsOf, submit } from '../support/review-driver';
import { servedContext } from '../support/served-context';
import { eventually, startTestStack, startWorker, stopWorker, uniqueCycle, type TestStack } from '../support/stack';

/**
 * Issue 19, the feedback meeting and the development plan, on the real engine and store: HR starts
 * the feedback-meeting flow through the launcher once a result is published (a person whose review is
 * not published is skipped with the reason); the manager records the meeting with the published
 * result in front of them; the commitments become plan items once, even when the recording block
 * runs again; the employee acknowledges; the next cycle's check-in shows the open items; the employee
 * marks progress; HR's view shows the share done by unit, the HRBP only their units.
 */
let stack: TestStack;
let worker: ChildProcess;
let hr: HttpUser;
let otherHrbp: HttpUser;
let f: MyCycleFixture;
let meetingCase = '';
const inAYear = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('development-plan');
  [hr, otherHrbp] = await HttpUser.signInAll(stack.baseUrl, ['hr.analyst', 'hrbp']);
  f = await employeeWithGoals(hr, stack.baseUrl, 'devplan');
  await assess(f);
}, 300_000);

afterAll(async () => {
  await stopWorker(worker);
  // The fixture's flows end in these tests; the employee's next-cycle review is left at its check-in in a unit of its own.
  await stack?.close();
});

async function finished(launchId: string) {
  return eventually(`launch ${launchId}`, async () => {
    const progress = await hr.get(`/api/launches/${launchId}`);
    return progress.status === 200 && progress.body.status !== 'running' ? progress.body : null;
  });
}

test('the launcher starts no feedback meeting before the result is published, and one per person after', async () => {
  const early = await hr.post('/api/flows/feedback-meeting/launches/dry-run', { cycle: f.cycle, subjectIds: [f.employee.id, f.head.id] });
  expect(early.status).toBe(200);
  expect(early.body.notStarted.map((n: { subject: { id: string }; code: string }) => [n.subject.id, n.code]).sort()).toEqual([[f.employee.id, 'not-published'], [f.head.id, 'no-review']].sort());

  await calibrateAndPublish(f);
  const launch = await hr.post('/api/flows/feedback-meeting/launches', { cycle: f.cycle, subjectIds: [f.employee.id, f.head.id] });
  expect(launch.status).toBe(202);
  await finished(launch.body.launchId);
  meetingCase = caseIdFor('feedback-meeting', f.cycle, f.employee.id);
  expect(await ReviewCaseModel.findById(meetingCase, { processKey: 1, managerId: 1 }).lean()).toMatchObject({ processKey: 'feedback-meeting', managerId: f.head.id });
  expect(await ReviewCaseModel.findById(caseIdFor('feedback-meeting', f.cycle, f.head.id)).lean()).toBeNull();
}, 300_000);

test('the manager records the meeting with the published result in front of them; the commitments become plan items once', async () => {
  const task = await openTask(f.head, meetingCase, 'feedbackMeeting');
  const result = servedContext(task.view.form.schema, 'published-result');
  expect(result).toContain('Rating: C');
  expect(optionsOf(task.view.form.schema, 'category')).toContain('credit-analysis');
  expect(optionsOf(task.view.form.schema, 'owner')).toEqual([f.employee.id, f.head.id]);

  const meeting = {
    strengths: 'Careful, complete files',
    gaps: [{ gap: 'Slow credit memos', cause: 'No template used', category: 'credit-analysis' }],
    commitments: [
      { what: 'Credit memo course', kind: 'training', owner: f.employee.id, dueDate: inAYear },
      { what: 'Review two memos a month with a senior analyst', kind: 'mentoring', owner: f.head.id, dueDate: inAYear },
    ],
  };
  // A day that does not exist is refused at its field, and nothing is stored.
  const refused = await f.head.post(`/api/tasks/${task.id}/submission`, { data: { ...meeting, commitments: [{ ...meeting.commitments[0], dueDate: '2031-02-30' }] } });
  expect(refused.status).toBe(400);
  expect(refused.body.problems.map((p: { field: string }) => p.field)).toEqual(['commitments[0].dueDate']);
  expect(await SubmissionModel.findById(task.id).lean()).toBeNull();

  await submit(f.head, task.id, meeting);
  const planId = `${f.cycle}:${f.employee.id}`;
  await eventually('plan recorded', () => DevelopmentPlanModel.findById(planId).lean());
  const items = await DevelopmentItemModel.find({ planId }).lean();
  expect(items.map(({ what, kind, ownerId, dueDate, status, unitId }) => ({ what, kind, ownerId, dueDate, status, unitId })).sort((a, b) => a.what.localeCompare(b.what))).toEqual([
    { what: 'Credit memo course', kind: 'training', ownerId: f.employee.id, dueDate: inAYear, status: 'not-started', unitId: f.unitId },
    { what: 'Review two memos a month with a senior analyst', kind: 'mentoring', ownerId: f.head.id, dueDate: inAYear, status: 'not-started', unitId: f.unitId },
  ]);

  // The block delivered again (as the engine may): nothing more.
  const processInstanceId = (await ReviewCaseModel.findById(meetingCase).lean())!.processInstanceId!;
  const again = await BLOCKS.developmentRecordPlan.run({ processInstanceId, businessKey: meetingCase, variable: (name) => ({ caseId: meetingCase, feedbackMeetingSubmissionId: task.id } as Record<string, unknown>)[name] }, storePorts);
  expect(again).toEqual({ planItemCount: 2 });
  expect(await DevelopmentItemModel.countDocuments({ planId })).toBe(2);
  expect(await DevelopmentPlanModel.countDocuments({ _id: planId })).toBe(1);
  expect(await AuditEntryModel.countDocuments({ action: 'development.plan-recorded', 'subject.id': planId })).toBeGreaterThanOrEqual(1);

  // The employee sees the plan with the suggested trainings and answers with a comment.
  const ack = await openTask(f.employee, meetingCase, 'acknowledgeMeeting');
  const plan = servedContext(ack.view.form.schema, 'development-plan');
  expect(plan).toContain('Credit memo course');
  expect(plan).toContain('Writing a credit memo');
  await submit(f.employee, ack.id, { agreement: 'comment', comment: 'I would like a template too' });
  await eventually('acknowledged', async () => (await DevelopmentPlanModel.findById(planId).lean())?.acknowledgement);
  expect((await DevelopmentPlanModel.findById(planId).lean())!.acknowledgement).toMatchObject({ agrees: false, comment: 'I would like a template too' });
  await eventually('meeting flow ended', async () => (await stack.engine.processInstancesByBusinessKey('feedback-meeting', meetingCase)).length === 0);
}, 300_000);

test('the next cycle\'s check-in shows the open plan items, and the employee marks progress', async () => {
  const next = uniqueCycle('devplan-next');
  const checkIn = await openTask(f.employee, await reviewWithAgreedGoals(hr, f, next), 'checkIn');
  const shown = servedContext(checkIn.view.form.schema, 'development-plan');
  expect(shown).toContain('Credit memo course');
  expect(shown).toContain('Not started');
  expect(shown).toContain('href="/development"');

  const [training] = await DevelopmentItemModel.find({ planId: `${f.cycle}:${f.employee.id}`, kind: 'training' }).lean();
  const path = `/api/development/items/${encodeURIComponent(training!._id)}/progress`;
  // Not the employee's own item: the manager is refused as if it did not exist.
  expect((await f.head.post(path, { status: 'done' })).status).toBe(404);
  const bad = await f.employee.post(path, { status: 'finished', extra: 1 });
  expect(bad.status).toBe(400);
  expect(bad.body.problems.map((p: { field: string }) => p.field).sort()).toEqual(['extra', 'status']);
  const marked = await f.employee.post(path, { status: 'in-progress', note: 'Booked for March' });
  expect(marked.status).toBe(201);
  expect((await f.employee.post(path, { status: 'in-progress', note: 'Booked for March' })).body.replayed).toBe(true);
  expect((await f.employee.post(path, { status: 'done', note: 'Certificate received' })).status).toBe(201);
  const stored = (await DevelopmentItemModel.findById(training!._id).lean())!;
  expect(stored.status).toBe('done');
  expect(stored.progress.map((p) => p.status)).toEqual(['in-progress', 'done']);
  expect(await AuditEntryModel.countDocuments({ action: 'development.progress-marked', 'subject.id': training!._id })).toBe(2);

  // The check-in now shows it done, and the manager reads the plan through the API.
  const again = await f.employee.get(`/api/tasks/${checkIn.id}`);
  expect(servedContext(again.body.form.schema, 'development-plan')).toContain('Done');
  const read = await f.head.get(`/api/development/plans/${f.employee.id}`);
  expect(read.status).toBe(200);
  expect(read.body.plans[0].share).toEqual({ items: 2, done: 1, inProgress: 0, notStarted: 1, percentDone: 50 });
  expect(read.body.plans[0].trainings.map((t: { key: string }) => t.key)).toEqual(['financial-statements', 'credit-memo']);
}, 300_000);

test('HR\'s view shows the unit\'s plans and the share done; an HRBP of other units does not see it', async () => {
  const all = await hr.get('/api/development/units');
  expect(all.status).toBe(200);
  expect(all.body.units.find((u: { unitId: string }) => u.unitId === f.unitId)).toMatchObject({ people: 1, items: 2, done: 1, percentDone: 50 });
  const own = await f.hrbp.get('/api/development/units');
  expect(own.body.units.map((u: { unitId: string }) => u.unitId)).toEqual([f.unitId]);
  const other = await otherHrbp.get('/api/development/units');
  expect(other.body.units.map((u: { unitId: string }) => u.unitId)).not.toContain(f.unitId);
  const page = await hr.get<string>('/development?lang=en');
  expect(page.status).toBe(200);
  expect(page.body).toContain(`data-unit="${f.unitId}"`);
  expect(page.body).toContain('1 of 2 done (50 %)');
});
