import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { ComplianceEventModel } from '../../src/db/models/compliance-event';
import { PersonModel } from '../../src/db/models/person';
import { FormVersionModel } from '../../src/db/models/form-version';
import { BonusRoundModel, bonusRoundId } from '../../src/db/models/bonus-round';
import { CalibrationModel, calibrationId } from '../../src/db/models/calibration';
import { OrgUnitModel } from '../../src/db/models/org-unit';
import { analyseDistribution } from '../../src/domain/calibration';
import calibrationPolicy from '../../policies/calibration.json';
import { RiskWarningModel } from '../../src/db/models/risk-warning';
import { NotificationModel } from '../../src/db/models/notification';
import { startCase } from '../../src/platform/cases/start-case';
import { DEMO_PASSWORD } from '../../src/seed/demo-org';
import { createPerson, createUnit } from '../support/fixtures';
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
const fixtureUnits: string[] = [];
const roundCycle = uniqueCycle('ew-round');

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
  const warnings = await RiskWarningModel.find({ $or: [{ personId: { $in: fixtureIds } }, { unitId: { $in: fixtureUnits } }] }, { _id: 1 }).lean();
  await NotificationModel.deleteMany({ caseId: { $in: warnings.map((w) => w._id) } });
  await RiskWarningModel.deleteMany({ _id: { $in: warnings.map((w) => w._id) } });
  await OrgUnitModel.deleteMany({ _id: { $in: fixtureUnits } });
  await BonusRoundModel.deleteMany({ cycle: roundCycle });
  await CalibrationModel.deleteMany({ cycle: roundCycle });
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

  // The manager and every risk officer are told, once, without a figure; the adviser is not.
  const told = await NotificationModel.find({ caseId: warning.id, kind: 'risk-warning.raised' }).lean();
  expect(told.map((n) => n.recipientId)).toEqual(expect.arrayContaining([manager.id, riskOfficer.id]));
  expect(told.map((n) => n.recipientId)).not.toContain(adviser.id);
  expect(told[0]!.params).toMatchObject({ period: '2026-Q2', subjectEn: 'Test ew-adviser', subjectZh: '测试ew-adviser', ruleZh: expect.stringContaining('销售额环比增长超过 50%') });
  expect(JSON.stringify(told.map((n) => n.params))).not.toMatch(/3400000|34,000|2000000/);
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

test('a unit\'s own figures raise a warning on the unit, a near miss none; the bonus round, its approval step and the calibration board show warnings with their state to who may read them', async () => {
  // A unit with its own head and HRBP, three people in it, and a second unit for the near miss.
  const head = await createPerson({ prefix: 'ew-uhead', password: DEMO_PASSWORD });
  const partner = await createPerson({ prefix: 'ew-uhrbp', password: DEMO_PASSWORD, unitId: 'HR', roles: ['hrbp'] });
  const unitId = await createUnit({ prefix: 'ew-unit', headId: head._id, hrbpId: partner._id });
  const nearUnit = await createUnit({ prefix: 'ew-near' });
  fixtureUnits.push(unitId, nearUnit);
  const [a, b, c] = await Promise.all(['ew-ua', 'ew-ub', 'ew-uc'].map((prefix) => createPerson({ prefix, password: DEMO_PASSWORD, unitId, managerId: head._id })));
  fixtureIds.push(head._id, partner._id, a!._id, b!._id, c!._id);
  const [headUser, partnerUser, ceo, employee] = await HttpUser.signInAll(stack.baseUrl, [head.username, partner.username, 'ceo', a!.username]);
  const personFigure = (id: string, period: string, key: string, value: number) => ({ cycle: period, scope: { type: 'person', id }, key, value });
  const unitFigure = (id: string, period: string, key: string, value: number) => ({ cycle: period, scope: { type: 'unit', id }, key, value });

  // a: sales +70 % with complaints 1 → 3 (stays open); b: +60 % with the high-risk share doubled (dismissed below); c: nothing.
  expect((await hr.post('/api/metrics', { source: { system: 'crm' }, records: [personFigure(a!._id, '2026-Q1', 'salesMinor', 2_000_000), personFigure(a!._id, '2026-Q2', 'salesMinor', 3_400_000),
    personFigure(b!._id, '2026-Q1', 'salesMinor', 2_000_000), personFigure(b!._id, '2026-Q2', 'salesMinor', 3_200_000), personFigure(c!._id, '2026-Q1', 'salesMinor', 2_000_000), personFigure(c!._id, '2026-Q2', 'salesMinor', 2_100_000)] })).status).toBe(201);
  expect((await riskOfficer.post('/api/metrics', { source: { system: 'product-risk' }, records: [personFigure(b!._id, '2026-Q1', 'highRiskSharePercent', 10), personFigure(b!._id, '2026-Q2', 'highRiskSharePercent', 20)] })).body).toMatchObject({ warningsRaised: 1 });
  expect((await complianceOfficer.post('/api/metrics', { source: { system: 'complaints-desk' }, records: [personFigure(a!._id, '2026-Q1', 'complaintsCount', 1), personFigure(a!._id, '2026-Q2', 'complaintsCount', 3)] })).body).toMatchObject({ warningsRaised: 1 });

  // The units as a whole: sales +40 % with complaints +60 % (a warning); +28 % with complaints doubled (a near miss).
  const unitSales = [unitFigure(unitId, '2026-Q1', 'salesMinor', 100_000_000), unitFigure(unitId, '2026-Q2', 'salesMinor', 140_000_000), unitFigure(nearUnit, '2026-Q1', 'salesMinor', 100_000_000), unitFigure(nearUnit, '2026-Q2', 'salesMinor', 128_000_000)];
  expect((await hr.post('/api/metrics', { source: { system: 'general-ledger' }, records: unitSales })).body).toMatchObject({ created: 4, warningsRaised: 0 });
  const unitComplaints = [unitFigure(unitId, '2026-Q1', 'complaintsCount', 10), unitFigure(unitId, '2026-Q2', 'complaintsCount', 16), unitFigure(nearUnit, '2026-Q1', 'complaintsCount', 10), unitFigure(nearUnit, '2026-Q2', 'complaintsCount', 20)];
  expect((await complianceOfficer.post('/api/metrics', { source: { system: 'complaints-desk' }, records: unitComplaints })).body).toMatchObject({ created: 4, warningsRaised: 1 });
  expect(await RiskWarningModel.countDocuments({ unitId: nearUnit })).toBe(0);
  // The unit's head and the risk officers are told of the unit's warning.
  const unitTold = (await NotificationModel.find({ kind: 'risk-warning.raised', caseId: { $regex: `^unit-sales-jump-with-complaints:unit:${unitId}:` } }).lean()).map((n) => n.recipientId);
  expect(unitTold).toEqual(expect.arrayContaining([head._id, riskOfficer.id]));
  // Imported again: nothing new.
  expect((await complianceOfficer.post('/api/metrics', { source: { system: 'complaints-desk' }, records: unitComplaints })).body).toMatchObject({ warningsRaised: 0 });

  type Shown = { id: string; scope: string; unitWide: boolean; personId: string | null; person: string | null; unit: string; rule: string; status: string; evidence: Array<{ metric: string; change: string }> };
  const all = ((await riskOfficer.get('/api/risk-warnings')).body.warnings as Shown[]).filter((w) => w.personId ? [a!._id, b!._id, c!._id].includes(w.personId) : w.unit.includes('ew-unit'));
  const unitWarning = all.find((w) => w.unitWide)!;
  expect(unitWarning).toMatchObject({ scope: 'unit', personId: null, person: null, status: 'open', unit: '测试部门ew-unit' });
  expect(unitWarning.rule).toContain('机构销售额环比增长超过 30%');
  expect(unitWarning.evidence).toEqual([
    expect.objectContaining({ metric: '理财及保险产品销售额', change: '+40 %' }), expect.objectContaining({ metric: '客户投诉数', change: '+60 %' }),
  ]);
  const [warnA, warnB] = [all.find((w) => w.personId === a!._id)!, all.find((w) => w.personId === b!._id)!];
  expect(all).toHaveLength(3);
  expect((await riskOfficer.post(`/api/risk-warnings/${encodeURIComponent(warnB.id)}/decision`, { decision: 'dismissed', note: 'A new private-banking client moved her portfolio in' })).status).toBe(201);

  // Who reads them: the unit's head and HRBP all three; the adviser none; the committee (pay, not warnings) none.
  const idsFor = async (user: HttpUser) => ((await user.get('/api/risk-warnings')).body.warnings as Shown[]).map((w) => w.id).filter((id) => all.some((w) => w.id === id)).sort();
  expect(await idsFor(headUser)).toEqual(all.map((w) => w.id).sort());
  expect(await idsFor(partnerUser)).toEqual(all.map((w) => w.id).sort());
  expect(await idsFor(employee)).toEqual([]);
  expect(await idsFor(ceo)).toEqual([]);

  // A unit's warning names no one to file a compliance event against: confirmed with a note alone.
  const withEvent = await riskOfficer.post(`/api/risk-warnings/${encodeURIComponent(unitWarning.id)}/decision`, { decision: 'confirmed', note: 'x', severity: 'minor', cycle: roundCycle });
  expect(withEvent.status).toBe(400);
  expect(withEvent.body.problems.map((p: { field: string }) => p.field)).toEqual(['severity', 'cycle']);

  // The unit's bonus round (as the bonus flow writes it): a, b and c allocated.
  const allocated = (person: { _id: string }, awardMinor: number) => ({ personId: person._id, standingRating: 'B', ratingStep: 'final', rating: 'B', roleCategory: 'general', packRole: 'general', fixedPayMinor: 1, complianceMultiplier: 1, complianceFired: [], capMinor: null, awardMinor, deferredMinor: 0, overridden: false });
  await BonusRoundModel.create({
    _id: bonusRoundId(roundCycle, unitId), cycle: roundCycle, unitId, caseId: `${roundCycle}:${unitId}:bonus-approval`, currency: 'CNY', status: 'in-approval', awardDate: '2027-03-31',
    deferralPack: { key: 'deferral-cn-bank', version: 1 }, policyVersions: {}, allocationRun: 1,
    pool: { poolMinor: 30_000_000, basePoolMinor: 30_000_000, coefficient: 1, metricIds: [], riskAdjustment: null, explanation: null },
    allocation: { people: [allocated(a!, 10_000_000), allocated(b!, 9_000_000), allocated(c!, 8_000_000)], allocatedMinor: 27_000_000, complianceRetainedMinor: 0, capRetainedMinor: 0, unallocatedMinor: 3_000_000, overriddenMinor: 0, maxAwardMinor: 10_000_000, complianceActionFired: false, explanation: null },
    overrides: [], appliedRevisionIds: [], approvals: [], updatedAt: new Date(),
  });
  const roundPage = async (user: HttpUser) => {
    const answer = await user.get(`/bonus-rounds/${roundCycle}/${encodeURIComponent(unitId)}`);
    return { status: answer.status, html: String(answer.body) };
  };
  const section = (html: string) => /<section class="card round-warnings"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  // HR (zh-CN): each warned person and the unit, with the figures and the state, and the link; c is in the round but not warned.
  const forHr = await roundPage(hr);
  expect(forHr.status).toBe(200);
  const hrSection = section(forHr.html);
  for (const words of ['本轮奖金涉及的风险预警', '测试ew-ua', '测试ew-ub', '测试部门ew-unit · 机构整体', '待核查', '已排除', 'A new private-banking client', '¥34,000.00', '+40 %', 'href="/risk-warnings"']) expect(hrSection).toContain(words);
  expect(hrSection).not.toContain('测试ew-uc');
  expect(hrSection).not.toMatch(/>\s*(open|dismissed|unit-sales-jump-with-complaints|salesMinor)\s*</);
  expect([...hrSection.matchAll(/data-warning="([^"]+)"/g)].map((m) => m[1]).sort()).toEqual(all.map((w) => w.id).sort());
  // The awards table marks a and b beside their award, with the state.
  expect([...forHr.html.matchAll(/class="context-flag warn-flag" data-status="(\w+)"/g)].map((m) => m[1]).sort()).toEqual(['dismissed', 'open']);
  // The unit head (signs the round, reads the unit's warnings) sees them too, in English.
  const forHead = section((await roundPage(headUser)).html);
  for (const words of ['Early warnings on this round', 'Test ew-ua', 'open', 'dismissed', 'the unit as a whole']) expect(forHead).toContain(words);
  // The committee reads the round's pay, not warnings: no section and no badge, not even "none".
  const forCeo = await roundPage(ceo);
  expect(forCeo.status).toBe(200);
  expect(forCeo.html).not.toMatch(/round-warnings|warn-flag|data-warning=/);
  // The HRBP reads no pay: no round at all.
  expect((await roundPage(partnerUser)).status).toBe(404);

  // The bonus approval step's panel (forms/bonus-approval.json's bonus-allocation component), to HR and to the committee.
  const flowKey = uniqueFlowKey('ew-bonus');
  const draft = await owner.post(`/api/processes/${flowKey}/drafts`, { xml: smallFlow(flowKey, [{ id: 'approve', name: 'Approve', formKey: 'bonus-approval', candidateGroups: 'hr,comp-committee' }]) });
  expect((await owner.post(`/api/processes/${flowKey}/deployments`, { version: draft.body.version })).status).toBe(201);
  const formVersion = (await FormVersionModel.find({ key: 'bonus-approval' }, { version: 1 }).lean()).reduce((max, f) => Math.max(max, f.version), 0);
  const { caseId } = await startCase(stack.engine, { processKey: flowKey, cycle: roundCycle, subjectId: unitId, subjectType: 'unit', managerId: head._id, formVersions: { 'bonus-approval': formVersion }, policyVersions: {}, actor: hr.id });
  const taskId = await eventually('the approval offered to HR', () => hr.taskFor(caseId, 'approve'));
  const hrPanel = servedContext((await hr.get(`/api/tasks/${taskId}`)).body.form.schema, 'bonus-allocation');
  for (const words of ['本轮奖金涉及的风险预警', '测试ew-ua', '已排除', '机构整体', 'warn-flag']) expect(hrPanel).toContain(words);
  const ceoPanel = servedContext((await ceo.get(`/api/tasks/${taskId}`)).body.form.schema, 'bonus-allocation');
  expect(ceoPanel).toContain('¥100,000.00'); // the largest award: the committee reads the round
  expect(ceoPanel).not.toMatch(/warn-flag|data-warning=|Early warnings|风险预警/);

  // The unit's calibration board: the unit's own warning in its section, to the HRBP.
  const people = [a!, b!, c!].map((p, i) => ({ personId: p._id, score: 3 + i / 10, proposedRating: 'B' }));
  const analysis = analyseDistribution(people.map((p) => ({ id: p.personId, rating: p.proposedRating })), calibrationPolicy.body as never, { key: 'calibration', version: 1 });
  await CalibrationModel.create({
    _id: calibrationId(roundCycle, unitId), cycle: roundCycle, unitId, caseId: `${roundCycle}:${unitId}:calibration`, policy: { key: 'calibration', version: 1 }, people, analysis,
    rounds: [], final: [], status: 'meeting', createdAt: new Date(), updatedAt: new Date(),
  });
  const board = await partnerUser.get(`/calibrations/${roundCycle}/${encodeURIComponent(unitId)}`);
  expect(board.status).toBe(200);
  const boardSection = /<section class="card unit-warnings"[\s\S]*?<\/section>/.exec(String(board.body))?.[0] ?? '';
  for (const words of ['Early warnings on this unit', 'the unit as a whole', 'sales up more than 30 % on the quarter', 'open']) expect(boardSection).toContain(words);
  expect(boardSection).not.toContain('Test ew-ua'); // the people's warnings are the badges in the 9-box

  // Closed with a note alone; the state follows everywhere.
  const confirmed = await riskOfficer.post(`/api/risk-warnings/${encodeURIComponent(unitWarning.id)}/decision`, { decision: 'confirmed', note: 'Branch campaign pushed a structured deposit; retraining ordered' });
  expect(confirmed.status).toBe(201);
  expect(confirmed.body.warning).toMatchObject({ status: 'confirmed', outcome: { complianceEventId: null } });
  expect(section((await roundPage(hr)).html)).toContain('Branch campaign pushed a structured deposit');
  expect(warnA.status).toBe('open');
}, 180_000);
