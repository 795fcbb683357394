import type { ChildProcess } from 'node:child_process';
import { CalibrationModel } from '../../src/db/models/calibration';
import { NotificationModel, notificationId } from '../../src/db/models/notification';
import { OrgUnitModel } from '../../src/db/models/org-unit';
import { PersonModel } from '../../src/db/models/person';
import { ReviewCaseModel, caseIdFor } from '../../src/db/models/review-case';
import { ScoreModel } from '../../src/db/models/score';
import { SubmissionModel } from '../../src/db/models/submission';
import { calibrationApply, calibrationNotify } from '../../src/worker/handlers';
import { DEMO_PASSWORD } from '../../src/seed/demo-org';
import { createPerson, createUnit } from '../support/fixtures';
import { HttpUser, withoutText } from '../support/http-user';
import { servedContext } from '../support/served-context';
import { readWorkbook, sheetRecords } from '../support/workbook';
import { eventually, startTestStack, startWorker, stopWorker, uniqueCycle, type TestStack } from '../support/stack';
import { driveToSelfAssessment, skipPeerFeedback } from '../support/review-driver';
import { seedUnitGoals } from '../../src/seed/unit-goals';

/**
 * The calibration of a unit, driven over HTTP by its real actors: employees and their head finish
 * the reviews, HR launches the calibration, the head holds the meeting, the HRBP approves or
 * returns it, and the reviews are published with the calibrated ratings.
 *
 * The units are test units (back office: every dimension rated N scores N), so the ratings are
 * chosen here: the shipped curve is A 10 %, B 20 %, C 40 %, D 20 %, E 10 % ± 5 points, binding
 * from 10 people; for 10 people it allows exactly 1, 2, 4, 2, 1.
 */
let stack: TestStack;
let worker: ChildProcess;
let hr: HttpUser;
const createdPeople: string[] = [];
const createdUnits: string[] = [];

const selfAssessment = { businessRating: 4, riskRating: 4, complianceRating: 4, behaviourRating: 4, achievements: 'Kept the books straight' };
/** All four dimensions at one value: in the back office the score is that value (A ≥ 4.5, B ≥ 3.5, C ≥ 2.5). */
const managerAssessment = (rating: number) => ({ businessRating: rating, riskRating: rating, complianceRating: rating, behaviourRating: rating, strengths: 'Diligence', overallComment: 'Assessed for calibration' });
const SCORE_FOR: Record<string, number> = { A: 5, B: 4, C: 3 };

interface TeamUnit {
  unitId: string;
  head: HttpUser;
  hrbp: HttpUser;
  employees: HttpUser[];
}

async function person(prefix: string, fields: { unitId?: string; managerId?: string; hrbp?: boolean } = {}): Promise<HttpUser> {
  const created = await createPerson({ prefix, password: DEMO_PASSWORD, unitId: fields.unitId ?? 'HR', managerId: fields.managerId, roles: fields.hrbp ? ['hrbp'] : [] });
  createdPeople.push(created._id);
  return HttpUser.signIn(stack.baseUrl, created.username);
}

/** A unit of its own with a head, an HRBP (role hrbp) and `size` employees reporting to the head. */
async function teamUnit(prefix: string, size: number): Promise<TeamUnit> {
  const head = await person(`${prefix}-head`);
  const hrbp = await person(`${prefix}-hrbp`, { hrbp: true });
  const unitId = await createUnit({ prefix, headId: head.id, hrbpId: hrbp.id });
  createdUnits.push(unitId);
  await PersonModel.updateOne({ _id: head.id }, { $set: { unitId } });
  const employees: HttpUser[] = [];
  for (let i = 0; i < size; i += 5) {
    employees.push(...await Promise.all(Array.from({ length: Math.min(5, size - i) }, () => person(`${prefix}-emp`, { unitId, managerId: head.id }))));
  }
  return { unitId, head, hrbp, employees };
}

async function inBatches<T>(items: T[], size: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map((item, k) => fn(item, i + k)));
}

/** Self-assessment by each employee, then the head's assessment with the rating chosen for them (ratings[i] for employees[i]). */
async function finishReviews(cycle: string, unit: TeamUnit, employees: HttpUser[], ratings: string[]): Promise<void> {
  await inBatches(employees, 5, async (employee) => {
    const caseId = `${cycle}:${employee.id}`;
    const taskId = await driveToSelfAssessment(employee, unit.head, caseId);
    expect((await employee.post(`/api/tasks/${taskId}/submission`, { data: selfAssessment })).status).toBe(201);
  });
  await inBatches(employees, 5, async (employee, index) => {
    const caseId = `${cycle}:${employee.id}`;
    const taskId = await skipPeerFeedback(unit.head, caseId);
    const rating = ratings[index]!;
    expect((await unit.head.post(`/api/tasks/${taskId}/submission`, { data: managerAssessment(SCORE_FOR[rating]!) })).status).toBe(201);
  });
  await inBatches(employees, 5, async (employee) => {
    await eventually(`review of ${employee.id} finalized`, async () => (await ReviewCaseModel.findById(`${cycle}:${employee.id}`, { status: 1 }).lean())?.status === 'finalized');
  });
}

async function launchReviews(cycle: string, employees: HttpUser[]): Promise<void> {
  await seedUnitGoals(cycle);
  const launch = await hr.post(`/api/cycles/${cycle}/reviews`, { employeeIds: employees.map((e) => e.id) });
  expect(launch.status).toBe(201);
}

/** The next open task of a step in a case, other than the one just worked. */
function nextTask(user: HttpUser, caseId: string, step: string, after?: string): Promise<string> {
  return eventually(`${step} for ${user.username}`, async () => {
    const id = await user.taskFor(caseId, step);
    return id && id !== after ? id : undefined;
  });
}

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('calibration-flow');
  hr = await HttpUser.signIn(stack.baseUrl, 'hr');
}, 120_000);

afterAll(async () => {
  await stopWorker(worker);
  await PersonModel.deleteMany({ _id: { $in: createdPeople } });
  await OrgUnitModel.deleteMany({ _id: { $in: createdUnits } });
  await stack?.close();
});

test('a skewed unit is calibrated to the curve in a meeting, returned once by the HRBP, approved, and every review publishes its calibrated rating', async () => {
  const cycle = uniqueCycle('calib');
  const unit = await teamUnit('calib', 10);
  const [p1, p2, p3, p4, p5, p6, p7, p8, p9, p10] = unit.employees.map((e) => e.id) as [string, string, string, string, string, string, string, string, string, string];
  // Proposed: 3 A, 3 B, 4 C, nobody D or E — far off the curve.
  const proposed = ['A', 'A', 'A', 'B', 'B', 'B', 'C', 'C', 'C', 'C'];
  await launchReviews(cycle, unit.employees);

  // Not before every review of the unit is finalized: the answer lists each unfinished one.
  const early = await hr.post(`/api/cycles/${cycle}/calibrations`, { unitIds: [unit.unitId] });
  expect(early.status).toBe(409);
  expect(early.body.unfinished.map((r: { caseId: string }) => r.caseId).sort()).toEqual(unit.employees.map((e) => `${cycle}:${e.id}`).sort());
  expect(await ReviewCaseModel.findById(caseIdFor('calibration', cycle, unit.unitId)).lean()).toBeNull();

  await finishReviews(cycle, unit, unit.employees, proposed);

  // The demo bank's HRBP does not cover this unit: it answers as if the unit did not exist.
  const otherHrbp = await HttpUser.signIn(stack.baseUrl, 'hrbp');
  const refused = await otherHrbp.post(`/api/cycles/${cycle}/calibrations`, { unitIds: [unit.unitId] });
  expect(refused.status).toBe(400);
  expect(refused.body.problems).toEqual([{ field: 'unitIds[0]', code: 'unknown', message: 'no org unit by this id that you may calibrate' }]);
  const launched = await hr.post(`/api/cycles/${cycle}/calibrations`, { unitIds: [unit.unitId] });
  expect(launched.status).toBe(201);
  expect(launched.body).toEqual({ cycle, launched: [unit.unitId], alreadyRunning: [] });
  expect((await hr.post(`/api/cycles/${cycle}/calibrations`, { unitIds: [unit.unitId] })).body).toEqual({ cycle, launched: [], alreadyRunning: [unit.unitId] });

  const calibrationCaseId = caseIdFor('calibration', cycle, unit.unitId);
  const firstMeeting = await nextTask(unit.head, calibrationCaseId, 'calibrationMeeting');
  const opened = await unit.head.get(`/api/tasks/${firstMeeting}`);
  expect(opened.status).toBe(200);
  expect(opened.body.form.key).toBe('calibration-meeting');
  expect(opened.body.subject).toMatchObject({ _id: unit.unitId });
  expect(opened.body.calibration.people.map((p: { personId: string; proposedRating: string }) => [p.personId, p.proposedRating]).sort())
    .toEqual(unit.employees.map((e, i) => [e.id, proposed[i]]).sort());
  expect(opened.body.calibration.distribution.proposed.bands.map((b: { band: string; actualCount: number; withinTolerance: boolean }) => [b.band, b.actualCount, b.withinTolerance]))
    .toEqual([['A', 3, false], ['B', 3, false], ['C', 4, true], ['D', 0, false], ['E', 0, false]]);

  // One move is not enough. The server judges the whole set when it is submitted and refuses it, each
  // band in words, in the head's language; nothing is stored and the meeting task stays open.
  // (Before, the set was accepted and came back from the flow as a second meeting round.)
  const tooFew = { changes: [{ personId: p1, toRating: 'B', reason: 'Targets met, not exceeded' }], meetingNotes: 'First pass' };
  const refusedRound = await unit.head.post(`/api/tasks/${firstMeeting}/submission`, { data: tooFew });
  expect(refusedRound.status).toBe(400);
  expect(refusedRound.body.problems).toEqual([{
    field: 'changes', code: 'outside-tolerance',
    message: 'The distribution is outside the curve: A: 2 of at most 1 — one too many; B: 4 of at most 2 — two too many; D: 0 of at least 2 — two too few; E: 0 of at least 1 — one too few',
  }]);
  await unit.head.get('/inbox?lang=zh-CN'); // the language switch, as a browser uses it
  const inChinese = await unit.head.post(`/api/tasks/${firstMeeting}/submission`, { data: tooFew });
  await unit.head.get('/inbox?lang=en');
  expect(inChinese.body.problems[0].message).toBe('分布超出曲线：A：2 人，最多 1 人——多 1 人；B：4 人，最多 2 人——多 2 人；D：0 人，至少 2 人——少 2 人；E：0 人，至少 1 人——少 1 人');
  // Someone who is not in the group, by name or id, is refused on the row's field, not accepted and sent back later.
  const stranger = await unit.head.post(`/api/tasks/${firstMeeting}/submission`, { data: { changes: [{ personId: '何娜', toRating: 'B', reason: 'Typed a name' }] } });
  expect(stranger.status).toBe(400);
  expect(stranger.body.problems).toEqual([expect.objectContaining({ field: 'changes[0].personId' })]);
  expect(await SubmissionModel.countDocuments({ caseId: calibrationCaseId })).toBe(0);
  const secondMeeting = firstMeeting;
  expect(await unit.hrbp.taskFor(calibrationCaseId, 'hrbpApproval')).toBeUndefined();

  // A change without a reason never reaches the flow: the form refuses it.
  const noReason = await unit.head.post(`/api/tasks/${secondMeeting}/submission`, { data: { changes: [{ personId: p1, toRating: 'B', reason: '' }] } });
  expect(noReason.status).toBe(400);
  expect(noReason.body.problems).toEqual([expect.objectContaining({ field: 'changes[0].reason', code: 'required' })]);

  // Round 2: enough moves, each with its reason → 1 A, 2 B, 4 C, 2 D, 1 E.
  const enough = (p10Reason: string) => ({
    changes: [
      { personId: p1, toRating: 'B', reason: 'Targets met, not exceeded' },
      { personId: p2, toRating: 'B', reason: 'Strong year but below the A bar across units' },
      { personId: p4, toRating: 'C', reason: 'Solid, in line with peers' },
      { personId: p5, toRating: 'C', reason: 'Solid, in line with peers' },
      { personId: p6, toRating: 'C', reason: 'Solid, in line with peers' },
      { personId: p7, toRating: 'D', reason: 'Missed two deadlines' },
      { personId: p8, toRating: 'D', reason: 'Quality issues in Q3' },
      { personId: p10, toRating: 'E', reason: p10Reason },
    ],
    meetingNotes: 'Calibrated against the bank-wide bar',
  });
  expect((await unit.head.post(`/api/tasks/${secondMeeting}/submission`, { data: enough('Repeated control failures') })).status).toBe(201);
  const firstApproval = await nextTask(unit.hrbp, calibrationCaseId, 'hrbpApproval');
  const toApprove = (await unit.hrbp.get(`/api/tasks/${firstApproval}`)).body;
  expect(toApprove.form.key).toBe('calibration-approval');
  expect(toApprove.calibration.distribution.latest.bands.map((b: { actualCount: number }) => b.actualCount)).toEqual([1, 2, 4, 2, 1]);
  expect(toApprove.calibration.distribution.latest.withinTolerance).toBe(true);
  // The HRBP's form shows who moved, from what to what and why (its context component).
  const moves = servedContext(toApprove.form.schema, 'calibration-moves');
  for (const reason of ['Targets met, not exceeded', 'Missed two deadlines', 'Repeated control failures', 'Calibrated against the bank-wide bar']) expect(moves).toContain(reason);
  expect(moves).toMatch(/A → <strong>B<\/strong>/);

  // Returning needs a comment; with one, the meeting gets the task back and sees it.
  const bare = await unit.hrbp.post(`/api/tasks/${firstApproval}/submission`, { data: { decision: 'return' } });
  expect(bare.status).toBe(400);
  expect(bare.body.problems).toEqual([expect.objectContaining({ field: 'comment', code: 'custom' })]);
  const comment = `Document the evidence for ${p10}'s E rating`;
  expect((await unit.hrbp.post(`/api/tasks/${firstApproval}/submission`, { data: { decision: 'return', comment } })).status).toBe(201);
  const thirdMeeting = await nextTask(unit.head, calibrationCaseId, 'calibrationMeeting', secondMeeting);
  const returned = (await unit.head.get(`/api/tasks/${thirdMeeting}`)).body.calibration;
  expect(returned.returnComment).toBe(comment);
  expect(returned.lastRoundProblems).toEqual([]);
  const page = await unit.head.get(`/tasks/${thirdMeeting}`);
  expect(page.status).toBe(200);
  expect(String(page.body)).toContain(comment.replace(/'/g, '&#x27;'));

  const evidence = 'Repeated control failures: audit findings 2025-14 and 2025-31';
  expect((await unit.head.post(`/api/tasks/${thirdMeeting}/submission`, { data: enough(evidence) })).status).toBe(201);
  const secondApproval = await nextTask(unit.hrbp, calibrationCaseId, 'hrbpApproval', firstApproval);
  expect((await unit.hrbp.post(`/api/tasks/${secondApproval}/submission`, { data: { decision: 'approve' } })).status).toBe(201);

  // Every review finishes, published with the calibrated rating.
  const calibrated = ['B', 'B', 'A', 'C', 'C', 'C', 'D', 'D', 'C', 'E'];
  await inBatches(unit.employees, 5, async (employee) => {
    const { processInstanceId } = (await ReviewCaseModel.findById(`${cycle}:${employee.id}`).lean())!;
    await eventually(`review of ${employee.id} completed`, async () => (await stack.engine.historicProcessInstance(processInstanceId!)).state === 'COMPLETED');
  });
  await eventually('calibration case calibrated', async () => (await ReviewCaseModel.findById(calibrationCaseId).lean())?.status === 'calibrated');

  for (const [index, employee] of unit.employees.entries()) {
    const reviewCaseId = `${cycle}:${employee.id}`;
    const result = await employee.get(`/api/cases/${encodeURIComponent(reviewCaseId)}`);
    expect(result.status).toBe(200);
    expect(result.body.case.status).toBe('published');
    const score = result.body.scores.find((s: { step: string }) => s.step === 'calibrated');
    expect(score).toMatchObject({ rating: calibrated[index], score: SCORE_FOR[proposed[index]!] });
    expect(score.explanation).toMatchObject({
      kind: 'calibration', fromRating: proposed[index], toRating: calibrated[index], decidedBy: unit.head.id,
      decisionRef: `${cycle}:${unit.unitId}`, policy: { key: 'calibration' },
    });
    const published = await NotificationModel.findById(notificationId(reviewCaseId, 'review.published', employee.id)).lean();
    expect(published?.params).toEqual({ rating: calibrated[index] });
    expect(await NotificationModel.findById(notificationId(calibrationCaseId, 'calibration.applied', employee.id)).lean()).not.toBeNull();
  }
  const reasonOf = async (id: string) => (await hr.get(`/api/cases/${encodeURIComponent(`${cycle}:${id}`)}`)).body.scores.find((s: { step: string }) => s.step === 'calibrated').explanation.reason;
  expect(await reasonOf(p10)).toBe(evidence);
  expect(await reasonOf(p1)).toBe('Targets met, not exceeded');
  expect(await reasonOf(p3)).toBe(''); // kept at A: no change, no reason
  expect(await reasonOf(p9)).toBe('');
  expect((await NotificationModel.findById(notificationId(calibrationCaseId, 'calibration.completed', unit.head.id)).lean())?.params).toMatchObject({ people: 10, changed: 8 });

  // The record of the calibration: two rounds, the first returned, the second approved (the refused set never became a round).
  const record = await hr.get(`/api/calibrations/${cycle}/${unit.unitId}`);
  expect(record.status).toBe(200);
  expect(record.body).toMatchObject({ status: 'calibrated', caseStatus: 'calibrated', policy: { key: 'calibration' }, curveAdvisory: false });
  expect(record.body.rounds.map((r: { accepted: boolean; problems: unknown[]; hrbpDecision: { decision: string } | null }) => [r.accepted, r.problems.length, r.hrbpDecision?.decision ?? null]))
    .toEqual([[true, 0, 'return'], [true, 0, 'approve']]);
  expect(record.body.rounds[0].hrbpDecision).toMatchObject({ comment, by: { id: unit.hrbp.id } });
  expect(record.body.final.map((f: { personId: string; toRating: string }) => [f.personId, f.toRating]).sort()).toEqual(unit.employees.map((e, i) => [e.id, calibrated[i]]).sort());
  expect(record.body.people.every((p: { name: { en: string } | null }) => p.name?.en.startsWith('Test'))).toBe(true);
  expect(record.body.distribution.latest.bands.map((b: { band: string; targetPercent: number; actualPercent: number; withinTolerance: boolean }) => [b.band, b.targetPercent, b.actualPercent, b.withinTolerance]))
    .toEqual([['A', 10, 10, true], ['B', 20, 20, true], ['C', 40, 40, true], ['D', 20, 20, true], ['E', 10, 10, true]]);
  const persisted = (await CalibrationModel.findById(`${cycle}:${unit.unitId}`).lean())!;
  expect(persisted.final).toHaveLength(10);

  // The same record for Excel, as the head takes it to the next committee (the test people read English).
  const workbook = await readWorkbook((await unit.head.download(`/api/calibrations/${cycle}/${unit.unitId}/export`)).bytes);
  expect(Object.keys(workbook)).toEqual(['People', 'Meeting rounds', 'Distribution']);
  const people = sheetRecords(workbook.People!);
  expect(people.map((p) => [p['Employee id'], p['Proposed rating'], p['Final rating']]).sort()).toEqual(unit.employees.map((e, i) => [e.id, proposed[i], calibrated[i]]).sort());
  expect(people.find((p) => p['Employee id'] === p10)).toMatchObject({ Name: expect.stringMatching(/^Test/), Reason: evidence, 'Decided by': expect.stringMatching(/^Test/) });
  expect(people.find((p) => p['Employee id'] === p3)!.Reason).toBe('kept as proposed');
  const rounds = sheetRecords(workbook['Meeting rounds']!);
  expect(rounds.map((r) => [r.Round, r['Within the curve']])).toEqual([[1, 'yes'], [2, 'yes']]);
  const returnedBy = String(rounds[0]!['HRBP decision']);
  expect(returnedBy.startsWith('returned · Test') && returnedBy.endsWith(`: ${comment}`) && !returnedBy.includes(unit.hrbp.id)).toBe(true);
  expect(String(rounds[1]!.Moves)).toContain(`C → E (${evidence})`);
  expect(sheetRecords(workbook.Distribution!).map((b) => [b['Rating band'], b['Curve target'], b['Proposed (people)'], b['After calibration (people)']]))
    .toEqual([['A', 0.1, 3, 1], ['B', 0.2, 3, 2], ['C', 0.4, 4, 4], ['D', 0.2, 0, 2], ['E', 0.1, 0, 1]]);

  // Who may read it: the unit's head and HRBP, HR and auditors; not another unit's head, nor an employee.
  for (const reader of [unit.head, unit.hrbp, await HttpUser.signIn(stack.baseUrl, 'auditor')]) {
    expect((await reader.get(`/api/calibrations/${cycle}/${unit.unitId}`)).status).toBe(200);
  }
  const notFound = await unit.head.get(`/api/calibrations/${cycle}/NO-SUCH-UNIT`);
  for (const outsider of [await HttpUser.signIn(stack.baseUrl, 'cb.head'), unit.employees[0]!, otherHrbp]) {
    const denied = await outsider.get(`/api/calibrations/${cycle}/${unit.unitId}`);
    expect({ status: denied.status, body: withoutText(denied.body) }).toEqual({ status: 404, body: withoutText(notFound.body) });
  }
}, 600_000);

test('a unit smaller than the policy minimum is launched by its own HRBP once its last review is final, and passes with the curve advisory', async () => {
  const cycle = uniqueCycle('calsmall');
  const unit = await teamUnit('calsmall', 3);
  await launchReviews(cycle, unit.employees);
  // Two of three finished: the third is listed as unfinished, and nothing starts.
  await finishReviews(cycle, unit, unit.employees.slice(0, 2), ['A', 'A']);
  const blocked = await unit.hrbp.post(`/api/cycles/${cycle}/calibrations`, { unitIds: [unit.unitId] });
  expect(blocked.status).toBe(409);
  expect(blocked.body.unfinished).toEqual([{ unitId: unit.unitId, personId: unit.employees[2]!.id, caseId: `${cycle}:${unit.employees[2]!.id}`, status: 'running' }]);

  await finishReviews(cycle, unit, unit.employees.slice(2), ['A']);
  const launched = await unit.hrbp.post(`/api/cycles/${cycle}/calibrations`, { unitIds: [unit.unitId] });
  expect(launched.status).toBe(201);

  // Three A's: 100 % in a 10 % band, but below 10 people the curve only advises.
  const calibrationCaseId = caseIdFor('calibration', cycle, unit.unitId);
  const meeting = await nextTask(unit.head, calibrationCaseId, 'calibrationMeeting');
  const view = (await unit.head.get(`/api/tasks/${meeting}`)).body.calibration;
  expect(view.curveAdvisory).toBe(true);
  expect(view.distribution.proposed).toMatchObject({ groupSize: 3, curveBinding: false, withinTolerance: false, passes: true });
  expect((await unit.head.post(`/api/tasks/${meeting}/submission`, { data: { changes: [], meetingNotes: 'All three carried the unit' } })).status).toBe(201);
  const approval = await nextTask(unit.hrbp, calibrationCaseId, 'hrbpApproval');
  expect((await unit.hrbp.post(`/api/tasks/${approval}/submission`, { data: { decision: 'approve', comment: 'Small team, advisory curve' } })).status).toBe(201);

  await eventually('calibration finished', async () => (await ReviewCaseModel.findById(calibrationCaseId).lean())?.status === 'calibrated');
  for (const employee of unit.employees) {
    const result = await eventually(`review of ${employee.id} published`, async () => {
      const r = await employee.get(`/api/cases/${encodeURIComponent(`${cycle}:${employee.id}`)}`);
      return r.body.case?.status === 'published' ? r : undefined;
    });
    expect(result.body.scores.find((s: { step: string }) => s.step === 'calibrated')).toMatchObject({ rating: 'A', explanation: { fromRating: 'A', toRating: 'A', reason: '' } });
  }
  const record = await unit.hrbp.get(`/api/calibrations/${cycle}/${unit.unitId}`);
  expect(record.body.rounds).toEqual([expect.objectContaining({ accepted: true, curveAdvisory: true, problems: [] })]);

  // The engine delivers a task at least once: apply and notify delivered again, against the real
  // engine and store, find the reviews already published and change nothing.
  const variables: Record<string, string> = { caseId: calibrationCaseId, unitHeadId: unit.head.id };
  const redelivered = { processInstanceId: '', businessKey: calibrationCaseId, variable: (name: string) => variables[name] };
  const notificationsBefore = await NotificationModel.countDocuments({ caseId: calibrationCaseId });
  expect(await calibrationApply.handle(redelivered)).toEqual({ calibratedCount: 3 });
  expect(await calibrationNotify.handle(redelivered)).toEqual({ notifiedCount: 4 });
  expect(await NotificationModel.countDocuments({ caseId: calibrationCaseId })).toBe(notificationsBefore);
  const scores = await ScoreModel.find({ cycle, step: 'calibrated' }).lean();
  expect(scores.map((s) => [s.rating, s.deliveries])).toEqual([['A', 2], ['A', 2], ['A', 2]]);
}, 600_000);
