import type { ChildProcess } from 'node:child_process';
import { AwardModel, awardId } from '../../src/db/models/award';
import { BonusRoundModel, bonusRoundId, type BonusRound } from '../../src/db/models/bonus-round';
import { PersonModel } from '../../src/db/models/person';
import { PolicyVersionModel } from '../../src/db/models/policy-version';
import { startCase } from '../../src/platform/cases/start-case';
import { DEMO_PASSWORD } from '../../src/seed/demo-org';
import { createPerson } from '../support/fixtures';
import { HttpUser } from '../support/http-user';
import { servedContext } from '../support/served-context';
import { smallFlow, uniqueFlowKey } from '../support/small-flow';
import { eventually, startTestStack, startWorker, stopWorker, uniqueCycle, type TestStack } from '../support/stack';

/**
 * The context component over the real engine, store and worker: a decision step's served form
 * carries the case's data filled in for whoever works it, and a person who may not read pay gets
 * the step without a figure of it. The award and the bonus round are test data as their flows write
 * them (as in clawback-flow.test.ts); the owner's flow and form are made through the modeler's API.
 */
let stack: TestStack;
let worker: ChildProcess;
let riskOfficer: HttpUser;
let ceo: HttpUser;
let owner: HttpUser;
let hr: HttpUser;
let hrbp: HttpUser;
const cycle = uniqueCycle('context');
const fixtureIds: string[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('case-context');
  [riskOfficer, ceo, owner, hr, hrbp] = await HttpUser.signInAll(stack.baseUrl, ['risk.officer', 'ceo', 'owner', 'hr', 'hrbp']);
}, 120_000);

afterAll(async () => {
  await stopWorker(worker);
  await PersonModel.deleteMany({ _id: { $in: fixtureIds } });
  await stack?.close();
});

test('the committee\'s clawback decision shows the person, the event and the proposal with its amounts; typed text stays text', async () => {
  const person = await createPerson({ prefix: 'ctxleaver', password: DEMO_PASSWORD, unitId: 'CB' });
  fixtureIds.push(person._id);
  await PersonModel.updateOne({ _id: person._id }, { $set: { active: false, employment: 'left' } });
  const clawback = await PolicyVersionModel.findOne({ key: 'clawback' }).sort({ version: -1 }).lean();
  const id = awardId(cycle, person._id);
  await AwardModel.create({
    _id: id, cycle, personId: person._id, unitId: 'CB', caseId: `${cycle}:CB:bonus-approval`, currency: 'CNY', rating: 'B', amountMinor: 90_000_000, status: 'scheduled',
    explanation: {}, policyVersions: { clawback: clawback!.version },
    tranches: [
      { trancheId: `${id}/T0`, index: 0, vestingDate: '2026-03-31', amountMinor: 54_000_000, status: 'paid' },
      { trancheId: `${id}/T1`, index: 1, vestingDate: '2027-03-31', amountMinor: 36_000_000, status: 'scheduled' },
    ],
    lineage: [],
  });
  const reason = 'Mis-selling confirmed <script>alert(1)</script> {{ constructor.constructor("alert(2)")() }}';
  const filed = await riskOfficer.post('/api/adjustment-events', { personId: person._id, cycle, eventId: `RISK-${cycle}`, date: '2026-10-15', severity: 'severe', kind: 'other-misconduct', responsibility: 'main', reason });
  expect(filed.status).toBe(201);

  const taskId = await eventually('the committee decision', () => ceo.taskFor(filed.body.caseId, 'committeeDecision'));
  // The proposal is written by the worker's assessment before the task exists.
  const served = await ceo.get(`/api/tasks/${taskId}`);
  expect(served.status).toBe(200);
  expect(served.body.subject).toMatchObject({ kind: 'person', _id: person._id });
  const content = servedContext(served.body.form.schema, 'clawback-proposal');
  const name = person.name[ceo.username === 'ceo' ? 'zh-CN' : 'en'];
  expect(content.includes(person.name.en) || content.includes(name)).toBe(true);
  // ¥900,000 granted, ¥360,000 unvested cancelled, the paid ¥540,000 claimed back.
  for (const amount of ['900,000', '360,000', '540,000']) expect(content).toContain(amount);
  // What anyone typed is escaped, and never forms a template formio.js would run in the browser.
  expect(content).toContain('&lt;script&gt;');
  expect(content).not.toContain('<script');
  expect(content).not.toMatch(/\{\{|\{%/);
  // The stored form is unchanged: the content is the reader's, not the form's.
  const stored = await owner.get(`/api/forms/clawback-decision/versions/${served.body.form.version}`);
  expect(servedContext(stored.body.schema, 'clawback-proposal')).toBe('');
}, 120_000);

test('an owner\'s step offered to HR and HRBPs: HR sees the unit\'s bonus round, an HRBP (no pay access) sees that it is not shown, and no figure', async () => {
  // The owner builds a form with the case's subject and the unit's bonus round, and a one-step flow using it.
  const formKey = uniqueFlowKey('ctx-form');
  const schema = {
    title: 'Promotion sign-off', display: 'form', type: 'form',
    components: [
      { type: 'htmlelement', key: 'who', label: 'Employee', input: false, tag: 'div', content: '', properties: { caseContext: 'subject' } },
      { type: 'htmlelement', key: 'round', label: 'Bonus round', input: false, tag: 'div', content: '', properties: { caseContext: 'bonus-allocation' } },
      { type: 'radio', key: 'decision', label: 'Decision', input: true, values: [{ label: 'Approve', value: 'approve' }, { label: 'Return', value: 'return' }], validate: { required: true } },
      { type: 'button', key: 'submit', label: 'Submit', action: 'submit', input: true },
    ],
  };
  expect((await owner.post(`/api/forms/${formKey}/versions`, { schema: { ...schema, components: [{ ...schema.components[0], properties: { caseContext: 'salaries' } }] } })).status).toBe(400);
  expect((await owner.post(`/api/forms/${formKey}/versions`, { schema })).status).toBe(201);
  const flowKey = uniqueFlowKey('ctx-flow');
  const draft = await owner.post(`/api/processes/${flowKey}/drafts`, { xml: smallFlow(flowKey, [{ id: 'signOff', name: 'Sign off', formKey, candidateGroups: 'hr,hrbp' }]) });
  expect(draft.status).toBe(201);
  expect((await owner.post(`/api/processes/${flowKey}/deployments`, { version: draft.body.version })).status).toBe(201);

  // The subject's unit has a bonus round this cycle (as the bonus flow writes it).
  const subject = (await PersonModel.findOne({ username: 'cb.rm01' }).lean())!;
  const round: BonusRound = {
    _id: bonusRoundId(cycle, 'CB'), cycle, unitId: 'CB', caseId: `${cycle}:CB:bonus-approval`, currency: 'CNY', status: 'in-approval', awardDate: '2027-03-31',
    deferralPack: { key: 'deferral-cn-bank', version: 1 }, policyVersions: {}, allocationRun: 1,
    pool: { poolMinor: 765_432_100, basePoolMinor: 765_432_100, coefficient: 1, metricIds: [], riskAdjustment: null, explanation: null },
    allocation: {
      people: [{ personId: subject._id, standingRating: 'A', ratingStep: 'final', rating: 'A', roleCategory: 'general', packRole: 'general', fixedPayMinor: 1, complianceMultiplier: 1, complianceFired: [], capMinor: null, awardMinor: 123_456_700, deferredMinor: 0, overridden: false }],
      allocatedMinor: 123_456_700, complianceRetainedMinor: 0, capRetainedMinor: 0, unallocatedMinor: 641_975_400, overriddenMinor: 0, maxAwardMinor: 123_456_700, complianceActionFired: false, explanation: null,
    },
    overrides: [], appliedRevisionIds: [], approvals: [], updatedAt: new Date(),
  };
  await BonusRoundModel.create(round);

  // HR starts the case (the launcher's own call), and the step is offered to both groups.
  const { caseId } = await startCase(stack.engine, { processKey: flowKey, cycle, subjectId: subject._id, subjectType: 'person', managerId: subject.managerId!, formVersions: { [formKey]: 1 }, policyVersions: {}, actor: hr.id });
  const taskId = await eventually('the sign-off offered to HR', () => hr.taskFor(caseId, 'signOff'));

  const forHr = await hr.get(`/api/tasks/${taskId}`);
  expect(forHr.status).toBe(200);
  expect(servedContext(forHr.body.form.schema, 'subject')).toMatch(new RegExp(`${subject.name.en}|${subject.name['zh-CN']}`));
  const hrRound = servedContext(forHr.body.form.schema, 'bonus-allocation');
  for (const amount of ['7,654,321', '1,234,567']) expect(hrRound).toContain(amount);

  const forHrbp = await hrbp.get(`/api/tasks/${taskId}`);
  expect(forHrbp.status).toBe(200);
  expect(servedContext(forHrbp.body.form.schema, 'subject')).toMatch(new RegExp(`${subject.name.en}|${subject.name['zh-CN']}`));
  const hrbpRound = servedContext(forHrbp.body.form.schema, 'bonus-allocation');
  expect(hrbpRound).toMatch(/Not shown to you|无权查看/);
  const everything = JSON.stringify(forHrbp.body);
  for (const figure of ['7,654,321', '765432100', '1,234,567', '123456700', '6,419,754']) expect(everything).not.toContain(figure);
  // And the page itself, as the browser gets it.
  const page = await hrbp.get(`/tasks/${taskId}`);
  expect(page.status).toBe(200);
  for (const figure of ['7,654,321', '765432100', '1,234,567', '123456700']) expect(String(page.body)).not.toContain(figure);
}, 120_000);
