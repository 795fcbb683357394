import type { ChildProcess } from 'node:child_process';
import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { PersonModel } from '../../src/db/models/person';
import { ReviewCaseModel } from '../../src/db/models/review-case';
import { DEMO_PASSWORD } from '../../src/seed/demo-org';
import { createPerson } from '../support/fixtures';
import { HttpUser } from '../support/http-user';
import { agreeGoals, checkIn, launchReview, openTask, skipPeerFeedback, submit } from '../support/review-driver';
import { servedContext } from '../support/served-context';
import { eventually, startTestStack, startWorker, stopWorker, type TestStack } from '../support/stack';

/**
 * The talent view and the nomination flow on the real engine and store: two cycles of reviews for
 * two relationship managers of CB. One is rated B then A with the top behaviour rating (high twice in
 * a row, a high-potential box, ready for promotion); the other C then B with a middling behaviour
 * (no flag). HR sees both with the reasons, nominates the first from the view through the launcher,
 * the HRBP supports it and the committee approves; the view shows the outcome at each step.
 */
let stack: TestStack;
let worker: ChildProcess;
let hr: HttpUser;
let hrbp: HttpUser;
let committee: HttpUser;
let auditor: HttpUser;
let manager: HttpUser;
let star: HttpUser;
let steady: HttpUser;
const fixtureIds: string[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('talent');
  [hr, hrbp, committee, auditor] = await HttpUser.signInAll(stack.baseUrl, ['hr', 'hrbp', 'ceo', 'auditor']);
  const head = await createPerson({ prefix: 'tn-head', password: DEMO_PASSWORD, unitId: 'CB' });
  const s = await createPerson({ prefix: 'tn-star', password: DEMO_PASSWORD, unitId: 'CB', managerId: head._id });
  const p = await createPerson({ prefix: 'tn-steady', password: DEMO_PASSWORD, unitId: 'CB', managerId: head._id });
  fixtureIds.push(head._id, s._id, p._id);
  [manager, star, steady] = await HttpUser.signInAll(stack.baseUrl, [head.username, s.username, p.username]);
}, 120_000);

afterAll(async () => {
  await stopWorker(worker);
  await PersonModel.deleteMany({ _id: { $in: fixtureIds } });
  await stack?.close();
});

const ratings = (business: number, risk: number, compliance: number, behaviour: number) => ({ businessRating: business, riskRating: risk, complianceRating: compliance, behaviourRating: behaviour });

/** One review for each of the two, to the manager's final score. */
async function reviewCycle(prefix: string, starRatings: ReturnType<typeof ratings>, steadyRatings: ReturnType<typeof ratings>): Promise<string> {
  const cycle = (await launchReview(hr, star, prefix)).cycle;
  const launched = await hr.post(`/api/cycles/${cycle}/reviews`, { employeeIds: [steady.id] });
  expect(launched.status).toBe(201);
  for (const [employee, managerRatings] of [[star, starRatings], [steady, steadyRatings]] as const) {
    const caseId = `${cycle}:${employee.id}`;
    await agreeGoals(employee, manager, caseId);
    await checkIn(employee, caseId);
    const self = await openTask(employee, caseId, 'selfAssessment');
    await submit(employee, self.id, { ...managerRatings, achievements: 'Renewals' });
    const assessment = await skipPeerFeedback(manager, caseId);
    await submit(manager, assessment, { ...managerRatings, strengths: 'Clients', overallComment: 'Fair half' });
  }
  await eventually('both final scores', async () => {
    const scores = await Promise.all([star, steady].map(async (e) => (await e.get(`/api/cases/${encodeURIComponent(`${cycle}:${e.id}`)}`)).body.scores?.some((s: { step: string }) => s.step === 'final')));
    return scores.every(Boolean);
  });
  return cycle;
}

const row = (view: { people: Array<{ id: string }> }, who: HttpUser) => view.people.find((p) => p.id === who.id) as any;

test('HR sees high ratings in a row, high potential and readiness with their reasons; nominates from the view; the HRBP supports, the committee approves, the view shows each step', async () => {
  // Front office 50/20/15/15: 4,4,4,4 → 4.0 B; 5,5,5,5 → 5.0 A; 3,3,3,3 → 3.0 C; 4,4,4,3 → 3.85 B.
  const first = await reviewCycle('tn1', ratings(4, 4, 4, 4), ratings(3, 3, 3, 3));
  const second = await reviewCycle('tn2', ratings(5, 5, 5, 5), ratings(4, 4, 4, 3));

  const view = (await hr.get('/api/talent')).body;
  expect(view.cycles.slice(-2)).toEqual([first, second]);
  const starRow = row(view, star);
  expect(starRow.cycles.slice(-2)).toEqual([
    { cycle: first, rating: 'B', box: '绩效高 · 行为高' },
    { cycle: second, rating: 'A', box: '绩效高 · 行为高' },
  ]);
  expect(starRow.flags).toEqual([
    { flag: 'consecutive-high', label: '连续高绩效', reason: `连续 2 个周期获高评级（${first} B, ${second} A），政策要求 2 个。` },
    { flag: 'high-potential', label: '高潜力', reason: `${second} 九宫格：绩效高、行为高。` },
    { flag: 'ready-for-promotion', label: '具备晋升条件', reason: `连续 2 次高评级（${first} B, ${second} A），且 ${second} 位于高潜力格。` },
  ]);
  const steadyRow = row(view, steady);
  expect(steadyRow.cycles.slice(-2).map((c: { rating: string }) => c.rating)).toEqual(['C', 'B']);
  expect(steadyRow.flags).toEqual([]);
  expect(view.people.findIndex((p: { id: string }) => p.id === star.id)).toBeLessThan(view.people.findIndex((p: { id: string }) => p.id === steady.id));

  // The demo bank's people read Chinese (their locale); the page in English says the same.
  // Who sees it: HR, the committee, auditors, CB's HRBP; not the people themselves, not their manager.
  for (const reader of [committee, auditor, hrbp]) expect(row((await reader.get('/api/talent')).body, star)).toBeDefined();
  for (const outsider of [star, manager]) {
    expect((await outsider.get('/api/talent')).status).toBe(404);
    expect((await outsider.get('/talent')).status).toBe(404);
  }
  const page = String((await committee.get('/talent')).body);
  for (const words of ['具备晋升条件', '连续 2 次高评级', `${second} 位于高潜力格`, '测试tn-star']) expect(page).toContain(words);

  // HR nominates from the view: the launcher starts the shipped flow for the latest cycle shown.
  const caseId = `${second}:${star.id}:talent-nomination`;
  const launch = await hr.post('/api/flows/talent-nomination/launches', { cycle: second, subjectIds: [star.id] });
  expect(launch.status).toBe(202);
  const nominationTask = await openTask(hr, caseId, 'nominate');
  expect(row((await hr.get('/api/talent')).body, star).nominations).toEqual([expect.objectContaining({ caseId, stage: 'being-nominated' })]);
  // The nomination form shows the talent record beside it, with the reasons.
  expect(servedContext(nominationTask.view.form.schema, 'talent')).toContain('具备晋升条件');
  const refused = await hr.post(`/api/tasks/${nominationTask.id}/submission`, { data: { track: 'directorship', grounds: '' } });
  expect(refused.status).toBe(400);
  expect(refused.body.problems.map((p: { field: string }) => p.field).sort()).toEqual(['grounds', 'track']);
  await submit(hr, nominationTask.id, { track: 'promotion', grounds: 'Two strong halves; leads the largest mandates' });
  // Nominating again in the same cycle starts nothing new.
  const again = await hr.post('/api/flows/talent-nomination/launches', { cycle: second, subjectIds: [star.id] });
  expect(again.body).toMatchObject({ total: 1, skipped: 1 });

  const review = await eventually('the HRBP review', () => hrbp.taskFor(caseId, 'nominationReview'));
  expect(row((await hr.get('/api/talent')).body, star).nominations[0]).toMatchObject({ stage: 'at-hrbp', track: 'promotion' });
  expect((await hrbp.post(`/api/tasks/${review}/claim`, {})).status).toBe(200);
  expect(servedContext((await hrbp.get(`/api/tasks/${review}`)).body.form.schema, 'submission:talent-nomination')).toContain('Two strong halves');
  await submit(hrbp, review, { hrbpDecision: 'support', comment: 'Ready; strong client feedback' });

  const decision = await eventually('the committee decision', () => committee.taskFor(caseId, 'nominationDecision'));
  expect(row((await hr.get('/api/talent')).body, star).nominations[0]).toMatchObject({ stage: 'at-committee' });
  expect((await committee.post(`/api/tasks/${decision}/claim`, {})).status).toBe(200);
  await submit(committee, decision, { committeeDecision: 'approve', comment: 'Promote to senior relationship manager from the next cycle' });

  const decided = row((await hr.get('/api/talent')).body, star).nominations[0];
  expect(decided).toMatchObject({ stage: 'approved', stageText: '委员会已批准', trackText: '晋升', comment: 'Promote to senior relationship manager from the next cycle' });
  expect(String((await hr.get('/talent?lang=en')).body)).toContain('approved by the committee');
  // Audited: each step's submission and completion.
  for (const taskId of [nominationTask.id, review, decision]) {
    expect(await AuditEntryModel.countDocuments({ action: 'submission.stored', 'subject.id': taskId })).toBe(1);
  }
  const { processInstanceId } = (await ReviewCaseModel.findById(caseId).lean())!;
  await eventually('the nomination flow ended', async () => (await stack.engine.historicProcessInstance(processInstanceId!)).state === 'COMPLETED');
}, 300_000);
