import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PolicyVersionModel } from '../../src/db/models/policy-version';
import { ReviewCaseModel } from '../../src/db/models/review-case';
import { ScoreModel, scoreId } from '../../src/db/models/score';
import { HttpUser } from '../support/http-user';
import { calibrateAndPublish, employeeWithGoals } from '../support/me-fixture';
import { driveToSelfAssessment, launchReview, openTask, optionsOf, skipPeerFeedback, submit } from '../support/review-driver';
import { eventually, startTestStack, startWorker, stopWorker, type TestStack } from '../support/stack';

/**
 * A wealth manager also scores client relationship: the owner adds a fifth dimension to the scoring
 * policy through the policy API (what the editor sends), and with no code a review launched afterwards
 * shows its rating field, the server requires it, the score weighs it and /me explains it. A review
 * already running keeps the four dimensions of the version it pinned.
 */
let stack: TestStack;
let worker: ChildProcess;
let owner: HttpUser;
let hr: HttpUser;
const today = new Date().toISOString().slice(0, 10);
const shippedScoring = () => JSON.parse(readFileSync(join(__dirname, '..', '..', 'policies', 'scoring.json'), 'utf8')).body;

/** The shipped policy plus client relationship: weighed in the front and back office, 0 in the middle. */
function withClientRelationship() {
  const body = shippedScoring();
  body.dimensions.push({ key: 'clientRelationship', label: { en: 'Client relationship', 'zh-CN': '客户关系' } });
  body.weightsByBusinessLine.front = { business: 0.4, risk: 0.15, compliance: 0.15, behaviour: 0.1, clientRelationship: 0.2 };
  body.weightsByBusinessLine.middle.clientRelationship = 0;
  body.weightsByBusinessLine.back = { business: 0.25, risk: 0.15, compliance: 0.2, behaviour: 0.2, clientRelationship: 0.2 };
  // The 9-box's vertical axis becomes the manager's client relationship rating.
  body.nineBoxDimension = 'clientRelationship';
  return body;
}

interface Field { key: string; label?: string; validate?: { required?: boolean; min?: number; max?: number } }
const ratingFields = (schema: { components: Field[] }) => schema.components.filter((c) => /Rating$/.test(c.key));

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('scoring-dimensions');
  [owner, hr] = await Promise.all([HttpUser.signIn(stack.baseUrl, 'owner'), HttpUser.signIn(stack.baseUrl, 'hr')]);
});

afterAll(async () => {
  // The shipped four again, in force from today, so whatever runs next in this store scores as before.
  await owner?.post('/api/policies/scoring/versions', { effectiveFrom: today, body: shippedScoring() });
  await stopWorker(worker);
  await stack?.close();
});

test('a scoring policy with bad dimensions is refused field by field, and nothing is written', async () => {
  const versions = await PolicyVersionModel.countDocuments({ key: 'scoring' });
  const body = withClientRelationship();
  body.dimensions.push({ key: 'client relationship', label: { en: 'Client relationship', 'zh-CN': '客户关系' } });
  body.dimensions.push({ key: 'risk', label: { en: 'Risk again', 'zh-CN': '风险' } });
  body.dimensions[4].label = { en: 'Client relationship' };
  body.weightsByBusinessLine.front.clientRelationship = 0.3;
  const response = await owner.post('/api/policies/scoring/versions', { effectiveFrom: today, body });
  expect(response.status).toBe(400);
  expect(response.body.problems).toEqual([
    { field: 'body.dimensions[4].label.zh-CN', code: 'required', message: 'a label in zh-CN is required', text: '需要填写 zh-CN 的标签' },
    expect.objectContaining({ field: 'body.dimensions[5].key', code: 'format' }),
    { field: 'body.dimensions[6].key', code: 'duplicate', message: 'dimension risk is listed twice', text: '维度 risk 重复列出' },
    { field: 'body.weightsByBusinessLine.front', code: 'total', message: 'weights total 110, must be 100', text: '权重合计 110，必须为 100' },
  ]);
  expect(await PolicyVersionModel.countDocuments({ key: 'scoring' })).toBe(versions);
});

test('a fifth dimension added through the policy API: its field in the forms of new reviews, validated, weighted and explained; a running review keeps four', async () => {
  // A review already running when the owner saves the new version.
  const running = await HttpUser.signIn(stack.baseUrl, 'wm.adviser09');
  const wmHead = await HttpUser.signIn(stack.baseUrl, 'wm.head');
  const before = await launchReview(hr, running, 'dims-running');
  const pinnedBefore = (await ReviewCaseModel.findById(before.caseId).lean())!.policyVersions.scoring!;

  const saved = await owner.post('/api/policies/scoring/versions', { effectiveFrom: today, body: withClientRelationship() });
  expect(saved.status).toBe(201);
  const fiveVersion = saved.body.version as number;
  expect(fiveVersion).toBeGreaterThan(pinnedBefore);

  // A review launched afterwards (a test unit of its own: back office) pins the new version.
  const f = await employeeWithGoals(hr, stack.baseUrl, 'dims');
  expect((await ReviewCaseModel.findById(f.caseId).lean())!.policyVersions.scoring).toBe(fiveVersion);

  // Goal setting under the new version offers the fifth dimension for a goal, and no dimension the policy lacks.
  const goalSetter = await HttpUser.signIn(stack.baseUrl, 'wm.adviser03');
  const goals = await launchReview(hr, goalSetter, 'dims-goals');
  const goalTask = await openTask(goalSetter, goals.caseId, 'goalSetting');
  expect(optionsOf(goalTask.view.form.schema, 'dimension')).toEqual(['business', 'risk', 'compliance', 'behaviour', 'clientRelationship']);
  const [unitGoal] = optionsOf(goalTask.view.form.schema, 'unitGoalId');
  const goal = (dimension: string) => ({ title: 'Keep my clients', kind: 'OKR', dimension, weight: 100, target: 'Retention ≥ 95%', unitGoalId: unitGoal });
  const unknown = await goalSetter.post(`/api/tasks/${goalTask.id}/submission`, { data: { goals: [goal('loyalty')] } });
  expect(unknown.status).toBe(400);
  expect(unknown.body.problems.map((p: { field: string }) => p.field)).toEqual(['goals[0].dimension']);
  await submit(goalSetter, goalTask.id, { goals: [goal('clientRelationship')] });

  // The self-assessment as served: five rating fields, the fifth labelled from the policy in both languages.
  const self = await openTask(f.employee, f.caseId, 'selfAssessment');
  const served = self.view.form.schema;
  expect(ratingFields(served).map((c) => c.key)).toEqual(['businessRating', 'riskRating', 'complianceRating', 'behaviourRating', 'clientRelationshipRating']);
  expect(ratingFields(served)[4]).toMatchObject({ label: 'Client relationship (1–5)', validate: { required: true, min: 1, max: 5 } });
  expect(served.translations['zh-CN']['Client relationship (1–5)']).toBe('客户关系（1–5）');

  // The server validates it: left out, or off the scale, is a 400 at the field, and the task stays open.
  const four = { businessRating: 4, riskRating: 4, complianceRating: 4, behaviourRating: 4, achievements: 'Kept every client through the reorganisation' };
  const missing = await f.employee.post(`/api/tasks/${self.id}/submission`, { data: four });
  expect(missing.status).toBe(400);
  expect(missing.body.problems.map((p: { field: string; code: string }) => [p.field, p.code])).toEqual([['clientRelationshipRating', 'required']]);
  const offScale = await f.employee.post(`/api/tasks/${self.id}/submission`, { data: { ...four, clientRelationshipRating: 6 } });
  expect(offScale.status).toBe(400);
  expect(offScale.body.problems.map((p: { field: string; code: string }) => [p.field, p.code])).toEqual([['clientRelationshipRating', 'max']]);
  await submit(f.employee, self.id, { ...four, clientRelationshipRating: 5 });

  // The manager's form has the field too; the final score weighs it.
  const managerTaskId = await skipPeerFeedback(f.head, f.caseId);
  const managerTask = await f.head.get(`/api/tasks/${managerTaskId}`);
  expect(ratingFields(managerTask.body.form.schema).map((c) => c.key)).toContain('clientRelationshipRating');
  await submit(f.head, managerTaskId, { businessRating: 4, riskRating: 3, complianceRating: 4, behaviourRating: 4, clientRelationshipRating: 5, strengths: 'Clients ask for her', overallComment: 'Strong year' });
  // Back office: 0.25×4 + 0.15×3 + 0.2×4 + 0.2×4 + 0.2×5 = 1 + 0.45 + 0.8 + 0.8 + 1 = 4.05 → B
  const final = await eventually('final score', () => ScoreModel.findById(scoreId(f.cycle, f.employee.id, 'final')).lean());
  expect(final).toMatchObject({ score: 4.05, rating: 'B' });
  const explanation = final!.explanation as { steps: unknown[]; policy: unknown; dimensionLabels: Record<string, unknown> };
  expect(explanation.policy).toEqual({ key: 'scoring', version: fiveVersion });
  expect(explanation.steps).toEqual([
    { dimension: 'business', rating: 4, weight: 0.25, contribution: 1 },
    { dimension: 'risk', rating: 3, weight: 0.15, contribution: 0.45 },
    { dimension: 'compliance', rating: 4, weight: 0.2, contribution: 0.8 },
    { dimension: 'behaviour', rating: 4, weight: 0.2, contribution: 0.8 },
    { dimension: 'clientRelationship', rating: 5, weight: 0.2, contribution: 1 },
  ]);
  expect(explanation.dimensionLabels.clientRelationship).toEqual({ en: 'Client relationship', 'zh-CN': '客户关系' });

  // Published after calibration: /me has a bar and a "why" line for the fifth dimension, named by the policy.
  await calibrateAndPublish(f);
  const overview = await f.employee.get(`/api/me/overview/${f.cycle}`);
  expect(overview.status).toBe(200);
  const result = overview.body.result;
  expect(result.dimensions.map((d: { dimension: string }) => d.dimension)).toEqual(['business', 'risk', 'compliance', 'behaviour', 'clientRelationship']);
  expect(result.dimensions[4]).toMatchObject({ rating: 5, weight: 0.2, contribution: 1, weightPercent: 20, percent: 100, label: { en: 'Client relationship', 'zh-CN': '客户关系' } });
  expect(result.why).toEqual(expect.arrayContaining([expect.stringMatching(/^(Client relationship|客户关系)\D*5\D*0\.2 = 1$/)]));
  const page = await f.employee.request('GET', `/me?cycle=${encodeURIComponent(f.cycle)}`);
  expect(String(page.body)).toMatch(/data-dimension="clientRelationship"[\s\S]*?(Client relationship|客户关系)/);

  // The calibration's 9-box: calibrated C (performance medium) × client relationship 5 (high), the axis named by the policy.
  const board = await f.hrbp.request('GET', `/calibrations/${encodeURIComponent(f.cycle)}/${encodeURIComponent(f.unitId)}`);
  expect(board.status).toBe(200);
  expect(String(board.body)).toMatch(/<th scope="row">(Client relationship|客户关系): /);
  expect(String(board.body)).toMatch(/class="box box-medium-high"[^>]*>\s*<span class="box-count">1</);

  // The review that was running keeps its pinned version: four fields, scored on four dimensions.
  const selfBefore = await driveToSelfAssessment(running, wmHead, before.caseId);
  const runningView = await running.get(`/api/tasks/${selfBefore}`);
  expect(ratingFields(runningView.body.form.schema).map((c) => c.key)).toEqual(['businessRating', 'riskRating', 'complianceRating', 'behaviourRating']);
  await submit(running, selfBefore, { businessRating: 4, riskRating: 4, complianceRating: 4, behaviourRating: 4, achievements: 'As before' });
  const selfScore = await eventually('self score of the running review', () => ScoreModel.findById(scoreId(before.cycle, running.id, 'self')).lean());
  expect((selfScore!.explanation as { steps: Array<{ dimension: string }>; policy: { version: number } }).steps.map((s) => s.dimension)).toEqual(['business', 'risk', 'compliance', 'behaviour']);
  expect((selfScore!.explanation as { policy: { version: number } }).policy.version).toBe(pinnedBefore);
});
