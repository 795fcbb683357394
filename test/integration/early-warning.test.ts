import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { ComplianceEventModel } from '../../src/db/models/compliance-event';
import { PersonModel } from '../../src/db/models/person';
import { FormVersionModel } from '../../src/db/models/form-version';
import { RiskWarningModel } from '../../src/db/models/risk-warning';
import { startCase } from '../../src/platform/cases/start-case';
import { DEMO_PASSWORD } from '../../src/seed/demo-org';
import { createPerson } from '../support/fixtures';
import { HttpUser } from '../support/http-user';
import { servedContext } from '../support/served-context';
import { smallFlow, uniqueFlowKey } from '../support/small-flow';
import { eventually, startTestStack, uniqueCycle, type TestStack } from '../support/stack';

/**
 * Early warning of risky selling, as the bank lives it: HR imports two quarters of sales, the
 * compliance officer the complaints. One adviser's sales jump 70 % while complaints rise (a warning);
 * a colleague's rise 45 % with more complaints (a near miss, no warning). The manager sees the warning
 * of their report, the risk officer confirms it, and a compliance event is filed that feeds the veto.
 */
let stack: TestStack;
let hr: HttpUser;
let complianceOfficer: HttpUser;
let riskOfficer: HttpUser;
let auditor: HttpUser;
let owner: HttpUser;
let manager: HttpUser;
let adviser: HttpUser;
let colleague: HttpUser;
const fixtureIds: string[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  [hr, complianceOfficer, riskOfficer, auditor, owner] = await HttpUser.signInAll(stack.baseUrl, ['hr', 'cmp.officer1', 'risk.officer', 'auditor', 'owner']);
  const head = await createPerson({ prefix: 'ew-manager', password: DEMO_PASSWORD, unitId: 'OPS' });
  const a = await createPerson({ prefix: 'ew-adviser', password: DEMO_PASSWORD, unitId: 'OPS', managerId: head._id });
  const b = await createPerson({ prefix: 'ew-colleague', password: DEMO_PASSWORD, unitId: 'OPS', managerId: head._id });
  fixtureIds.push(head._id, a._id, b._id);
  [manager, adviser, colleague] = await HttpUser.signInAll(stack.baseUrl, [head.username, a.username, b.username]);
}, 120_000);

afterAll(async () => {
  await PersonModel.deleteMany({ _id: { $in: fixtureIds } });
  await RiskWarningModel.deleteMany({ personId: { $in: fixtureIds } });
  await stack?.close();
});

const figure = (person: HttpUser, period: string, key: string, value: number) => ({ cycle: period, scope: { type: 'person', id: person.id }, key, value });

test('a sales jump with rising complaints raises one warning; a near miss none; the risk officer confirms it into a compliance event', async () => {
  const sales = [figure(adviser, '2026-Q1', 'salesMinor', 2_000_000), figure(adviser, '2026-Q2', 'salesMinor', 3_400_000),
    figure(colleague, '2026-Q1', 'salesMinor', 2_000_000), figure(colleague, '2026-Q2', 'salesMinor', 2_900_000)];
  const salesImport = await hr.post('/api/metrics', { source: { system: 'crm', reference: 'sales-2026H1' }, records: sales });
  expect(salesImport.body).toMatchObject({ created: 4, warningsRaised: 0 }); // sales alone raise nothing

  const complaints = [figure(adviser, '2026-Q1', 'complaintsCount', 1), figure(adviser, '2026-Q2', 'complaintsCount', 3),
    figure(colleague, '2026-Q1', 'complaintsCount', 1), figure(colleague, '2026-Q2', 'complaintsCount', 4)];
  const complaintsImport = await complianceOfficer.post('/api/metrics', { source: { system: 'complaints-desk' }, records: complaints });
  expect(complaintsImport.body).toMatchObject({ created: 4, warningsRaised: 1 });

  const seen = (await riskOfficer.get('/api/risk-warnings')).body.warnings.filter((w: { personId: string }) => [adviser.id, colleague.id].includes(w.personId));
  expect(seen).toHaveLength(1);
  const [warning] = seen;
  // The risk officer (who reads Chinese) reads it in words, with both quarters' figures.
  expect(warning).toMatchObject({ personId: adviser.id, person: '测试ew-adviser', period: '2026-Q2', previousPeriod: '2026-Q1', status: 'open', statusText: '待核查' });
  expect(warning.rule).toContain('销售额环比增长超过 50%');
  expect(warning.evidence).toEqual([
    { metric: '理财及保险产品销售额', previous: '¥20,000.00', current: '¥34,000.00', change: '+70 %', lead: true },
    { metric: '客户投诉数', previous: '1', current: '3', change: '+200 %', lead: false },
  ]);

  // The manager sees their report's warning; the adviser and a colleague see none and have no page.
  expect((await manager.get('/api/risk-warnings')).body.warnings.map((w: { id: string }) => w.id)).toEqual([warning.id]);
  expect((await adviser.get('/api/risk-warnings')).body.warnings).toEqual([]);
  expect((await colleague.get('/risk-warnings')).status).toBe(404);
  expect((await auditor.get('/api/risk-warnings')).body.warnings.map((w: { id: string }) => w.id)).toContain(warning.id);
  // Only the risk officer decides; anyone else is told nothing exists.
  expect((await manager.post(`/api/risk-warnings/${warning.id}/decision`, { decision: 'dismissed', note: 'fine' })).status).toBe(404);

  const incomplete = await riskOfficer.post(`/api/risk-warnings/${warning.id}/decision`, { decision: 'confirmed', note: '' });
  expect(incomplete.status).toBe(400);
  expect(incomplete.body.problems.map((p: { field: string }) => p.field)).toEqual(['note', 'severity', 'cycle']);
  expect((await RiskWarningModel.findById(warning.id).lean())!.status).toBe('open');

  const cycle = uniqueCycle('ew');
  const decision = { decision: 'confirmed', note: 'Two clients sold a high-risk fund without a suitability check', severity: 'major', cycle };
  const confirmed = await riskOfficer.post(`/api/risk-warnings/${warning.id}/decision`, decision);
  expect(confirmed.status).toBe(201);
  expect(confirmed.body.warning).toMatchObject({ status: 'confirmed', outcome: { note: decision.note, complianceEventId: expect.stringMatching(/^early-warning:/) } });
  const event = await ComplianceEventModel.findById(confirmed.body.warning.outcome.complianceEventId).lean();
  expect(event).toMatchObject({ personId: adviser.id, cycle, severity: 'major', confirmed: true, source: { system: 'early-warning', importedBy: riskOfficer.id } });
  expect(event!.description).toContain(decision.note);

  // The same decision again changes nothing; another decision is told it is closed.
  expect((await riskOfficer.post(`/api/risk-warnings/${warning.id}/decision`, decision)).body).toMatchObject({ replayed: true });
  const other = await riskOfficer.post(`/api/risk-warnings/${warning.id}/decision`, { decision: 'dismissed', note: 'changed my mind' });
  expect(other.status).toBe(409);
  expect(await ComplianceEventModel.countDocuments({ personId: adviser.id })).toBe(1);

  // Importing the same complaints again raises nothing and reopens nothing.
  expect((await complianceOfficer.post('/api/metrics', { source: { system: 'complaints-desk' }, records: complaints })).body).toMatchObject({ unchanged: 4, warningsRaised: 0 });
  expect((await RiskWarningModel.findById(warning.id).lean())!.status).toBe('confirmed');
  const audit = await AuditEntryModel.find({ 'subject.id': warning.id }).lean();
  expect(audit.map((e) => e.action).sort()).toEqual(['risk-warning.confirmed', 'risk-warning.raised']);

  // The page: the risk officer's decision and the figures, in Chinese.
  const page = String((await riskOfficer.get('/risk-warnings')).body);
  expect(page).toContain('已确认');
  expect(page).toContain('已登记合规事件');

  // The manager's assessment form shows them beside the ratings (its context component), to those who read warnings.
  const flowKey = uniqueFlowKey('ew-assess');
  const draft = await owner.post(`/api/processes/${flowKey}/drafts`, { xml: smallFlow(flowKey, [{ id: 'assess', name: 'Assess', formKey: 'manager-assessment', candidateGroups: 'risk-officer,process-owner' }]) });
  expect((await owner.post(`/api/processes/${flowKey}/deployments`, { version: draft.body.version })).status).toBe(201);
  const formVersion = (await FormVersionModel.find({ key: 'manager-assessment' }, { version: 1 }).lean()).reduce((max, f) => Math.max(max, f.version), 0);
  const { caseId } = await startCase(stack.engine, { processKey: flowKey, cycle, subjectId: adviser.id, subjectType: 'person', managerId: manager.id, formVersions: { 'manager-assessment': formVersion }, policyVersions: {}, actor: hr.id });
  const taskId = await eventually('the assessment offered to the risk officer', () => riskOfficer.taskFor(caseId, 'assess'));
  const shown = servedContext((await riskOfficer.get(`/api/tasks/${taskId}`)).body.form.schema, 'risk-warnings');
  for (const words of ['2026-Q2', '已确认', '理财及保险产品销售额', '¥34,000.00', decision.note]) expect(shown).toContain(words);
  expect(servedContext((await owner.get(`/api/tasks/${taskId}`)).body.form.schema, 'risk-warnings')).toMatch(/Not shown to you|无权查看/);
});
