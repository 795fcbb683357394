import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { AwardModel, awardId } from '../../src/db/models/award';
import { CycleLaunchModel } from '../../src/db/models/cycle-launch';
import { PersonModel } from '../../src/db/models/person';
import { ReviewCaseModel } from '../../src/db/models/review-case';
import { START_VARIABLE_NAMES } from '../../src/domain/flow-variables';
import { HttpUser, withoutText } from '../support/http-user';
import { uniqueFlowKey } from '../support/small-flow';
import { eventually, startTestStack, startWorker, stopWorker, uniqueCycle, type TestStack } from '../support/stack';

/**
 * The launcher as a process owner's new flow meets it, over the API the browser uses: the owner
 * deploys a flow through the modeler API that names HR as its starters; HR finds it among the flows
 * they may start, dry-runs it and launches it for two people; the worker resolves each person's
 * manager and the managers find their tasks. The owner, not a starter, gets the 404 a flow that does
 * not exist gets. A unit flow starts one case per unit with the unit's head as its manager.
 */
let stack: TestStack;
let worker: ReturnType<typeof startWorker> | undefined;
let owner: HttpUser;
let hr: HttpUser;
const personFlow = uniqueFlowKey('lf-person');
const unitFlow = uniqueFlowKey('lf-unit');
const cycle = uniqueCycle('launcher');

/** An owner's flow: the worker resolves the manager (a building block), the manager nominates, HR signs off. */
function nominationFlow(key: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="${key}-definitions" targetNamespace="https://meritflow.example/test">
  <bpmn:process id="${key}" name="Launcher test nomination" isExecutable="true" camunda:historyTimeToLive="P30D" camunda:candidateStarterGroups="hr">
    <bpmn:startEvent id="started" name="Started"><bpmn:outgoing>toResolve</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="resolveManager" name="Resolve manager" camunda:type="external" camunda:topic="org.resolve-manager"><bpmn:incoming>toResolve</bpmn:incoming><bpmn:outgoing>toNominate</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:userTask id="nominate" name="Nominate" camunda:formKey="formio:check-in" camunda:assignee="\${managerId}"><bpmn:incoming>toNominate</bpmn:incoming><bpmn:outgoing>toSignOff</bpmn:outgoing></bpmn:userTask>
    <bpmn:userTask id="hrSignOff" name="HR sign-off" camunda:formKey="formio:goal-approval" camunda:candidateGroups="hr"><bpmn:incoming>toSignOff</bpmn:incoming><bpmn:outgoing>toFinished</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="finished" name="Finished"><bpmn:incoming>toFinished</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="toResolve" sourceRef="started" targetRef="resolveManager" />
    <bpmn:sequenceFlow id="toNominate" sourceRef="resolveManager" targetRef="nominate" />
    <bpmn:sequenceFlow id="toSignOff" sourceRef="nominate" targetRef="hrSignOff" />
    <bpmn:sequenceFlow id="toFinished" sourceRef="hrSignOff" targetRef="finished" />
  </bpmn:process>
</bpmn:definitions>
`;
}

/** An owner's unit flow: the unit's head reviews the unit. Started by one named person and admins. */
function unitReviewFlow(key: string, starterUser: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="${key}-definitions" targetNamespace="https://meritflow.example/test">
  <bpmn:process id="${key}" name="Launcher test unit review" isExecutable="true" camunda:historyTimeToLive="P30D" camunda:candidateStarterGroups="admin" camunda:candidateStarterUsers="${starterUser}">
    <bpmn:extensionElements><camunda:properties><camunda:property name="subjectType" value="unit" /></camunda:properties></bpmn:extensionElements>
    <bpmn:startEvent id="started" name="Started"><bpmn:outgoing>toReview</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="unitReview" name="Unit review" camunda:formKey="formio:check-in" camunda:assignee="\${managerId}"><bpmn:incoming>toReview</bpmn:incoming><bpmn:outgoing>toFinished</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="finished" name="Finished"><bpmn:incoming>toFinished</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="toReview" sourceRef="started" targetRef="unitReview" />
    <bpmn:sequenceFlow id="toFinished" sourceRef="unitReview" targetRef="finished" />
  </bpmn:process>
</bpmn:definitions>
`;
}

async function deploy(key: string, xml: string): Promise<void> {
  const draft = await owner.post(`/api/processes/${key}/drafts`, { xml, note: 'launcher test' });
  expect([draft.status, draft.body.problems ?? null]).toEqual([201, null]);
  expect((await owner.post(`/api/processes/${key}/deployments`, { version: draft.body.version })).status).toBe(201);
}

const personId = async (username: string) => (await PersonModel.findOne({ username }, { _id: 1, unitId: 1, managerId: 1 }).lean())!;

async function finished(user: HttpUser, launchId: string) {
  return eventually(`launch ${launchId} finished`, async () => {
    const progress = await user.get(`/api/launches/${launchId}`);
    return progress.status === 200 && progress.body.status !== 'running' ? progress.body : null;
  }, 60_000);
}

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('flow-launcher');
  [owner, hr] = await Promise.all([HttpUser.signIn(stack.baseUrl, 'owner'), HttpUser.signIn(stack.baseUrl, 'hr.analyst')]);
  await deploy(personFlow, nominationFlow(personFlow));
}, 120_000);

afterAll(async () => {
  await stopWorker(worker);
  await CycleLaunchModel.deleteMany({ cycle });
  await stack?.close();
});

test('the flows a person may start are those whose diagram names them or their roles', async () => {
  const hrFlows = await hr.get('/api/flows');
  expect(hrFlows.status).toBe(200);
  expect(hrFlows.body).toEqual(expect.arrayContaining([
    { key: personFlow, name: 'Launcher test nomination', version: 1, subjectType: 'person' },
    // A shipped flow by its name in the reader's language (the HR analyst reads Chinese).
    { key: 'performance-review', name: '绩效考核', version: expect.any(Number), subjectType: 'person' },
    expect.objectContaining({ key: 'calibration', subjectType: 'unit' }),
    expect.objectContaining({ key: 'bonus-approval', subjectType: 'unit' }),
  ]));
  // The appeal and the clawback name no starters: their own routes file them.
  const keys = hrFlows.body.map((f: { key: string }) => f.key);
  expect(keys).not.toContain('appeal');
  expect(keys).not.toContain('malus-clawback');

  const ownerKeys = (await owner.get('/api/flows')).body.map((f: { key: string }) => f.key);
  expect(ownerKeys).toEqual(expect.arrayContaining(['performance-review', 'calibration']));
  expect(ownerKeys).not.toContain(personFlow);
  expect(ownerKeys).not.toContain('bonus-approval');
});

test('a process owner who is not a starter gets what a flow that does not exist gets', async () => {
  for (const path of [`/api/flows/${personFlow}/launches/dry-run`, `/api/flows/${personFlow}/launches`]) {
    const refused = await owner.post(path, { cycle, subjectIds: ['E0001'] });
    const absent = await owner.post(path.replace(personFlow, 'no-such-flow'), { cycle, subjectIds: ['E0001'] });
    expect([refused.status, withoutText(refused.body)]).toEqual([404, { error: 'flow not found' }]);
    expect([absent.status, absent.body]).toEqual([refused.status, refused.body]);
  }
  expect(await CycleLaunchModel.countDocuments({ cycle })).toBe(0);
});

test('bad input is refused field by field, and nothing is written', async () => {
  const path = `/api/flows/${personFlow}/launches`;
  const cases: Array<[unknown, Array<{ field: string; code: string }>]> = [
    [{ cycle: 'no spaces', subjectIds: ['E0001'] }, [{ field: 'cycle', code: 'pattern' }]],
    [{ cycle, subjectIds: ['E0001'], colour: 'red' }, [{ field: 'colour', code: 'unknown' }]],
    [{ cycle, subjectIds: ['NO-SUCH-PERSON'] }, [{ field: 'subjectIds', code: 'unknown' }]],
    [{ cycle, unitIds: ['NO-SUCH-UNIT'] }, [{ field: 'unitIds', code: 'unknown' }]],
    [{ cycle, unitIds: [] }, [{ field: 'unitIds', code: 'required' }]],
    [{ cycle, subjectIds: 'E0001' }, [{ field: 'subjectIds', code: 'type' }]],
    [{ cycle, subjectIds: ['E0001'], processVersion: '99' }, [{ field: 'processVersion', code: 'unknown' }]],
  ];
  for (const [body, problems] of cases) {
    const answer = await hr.post(path, body);
    expect([JSON.stringify(body), answer.status]).toEqual([JSON.stringify(body), 400]);
    expect(answer.body.problems).toEqual(problems.map((p) => expect.objectContaining(p)));
  }
  expect(await CycleLaunchModel.countDocuments({ cycle })).toBe(0);
  expect(await ReviewCaseModel.countDocuments({ cycle })).toBe(0);
});

test('the modeler refuses a starter group that is no role, and a subject type that is neither person nor unit', async () => {
  const key = uniqueFlowKey('lf-bad');
  const xml = nominationFlow(key).replace('camunda:candidateStarterGroups="hr"', 'camunda:candidateStarterGroups="hr,managers"')
    .replace('<bpmn:startEvent', '<bpmn:extensionElements><camunda:properties><camunda:property name="subjectType" value="team" /></camunda:properties></bpmn:extensionElements>\n    <bpmn:startEvent');
  const refused = await owner.post(`/api/processes/${key}/drafts`, { xml });
  expect(refused.status).toBe(400);
  expect(refused.body.problems).toEqual(expect.arrayContaining([
    expect.objectContaining({ field: `xml#${key}`, code: 'starter-group' }),
    expect.objectContaining({ field: `xml#${key}`, code: 'subject-type' }),
  ]));
  expect((await owner.get(`/api/processes/${key}/versions`)).status).toBe(404);
});

test('HR dry-runs and launches the owner\'s flow for two people; each manager finds their task', async () => {
  const [rm, adviser, president] = await Promise.all([personId('cb.rm01'), personId('wm.adviser01'), personId('ceo')]);
  const body = { cycle, subjectIds: [rm._id, adviser._id, president._id] };
  const auditBefore = await AuditEntryModel.countDocuments();
  const dry = await hr.post(`/api/flows/${personFlow}/launches/dry-run`, body);
  expect(dry.status).toBe(200);
  expect(dry.body).toMatchObject({
    cycle, flow: { key: personFlow, name: 'Launcher test nomination', subjectType: 'person' }, process: { key: personFlow, version: 1 },
    cases: 2, skipped: 0, notStarted: [{ subject: { id: president._id }, code: 'no-approver' }],
  });
  expect(dry.body.firstCases.map((c: { subject: { id: string }; manager: { id: string }; unitId: string }) => [c.subject.id, c.unitId, c.manager.id]).sort())
    .toEqual([[rm._id, 'CB', rm.managerId], [adviser._id, 'WM', adviser.managerId]].sort());
  expect(await ReviewCaseModel.countDocuments({ cycle })).toBe(0);
  expect(await AuditEntryModel.countDocuments()).toBe(auditBefore);

  const launch = await hr.post(`/api/flows/${personFlow}/launches`, body);
  expect(launch.status).toBe(202);
  expect(launch.body).toEqual({ launchId: expect.stringMatching(/^[0-9a-f-]{36}$/), total: 2, skipped: 0 });
  const done = await finished(hr, launch.body.launchId);
  expect(done).toMatchObject({
    status: 'finished', total: 2, started: 2, skipped: 0, failed: [], percent: 100, subjectType: 'person', subjectIds: body.subjectIds,
    process: { key: personFlow, version: 1 }, notStarted: [{ subjectId: president._id, code: 'no-approver' }], startedBy: hr.id,
  });

  // Every case has the start variables, startedBy the launcher.
  const cases = await ReviewCaseModel.find({ cycle, processKey: personFlow }).lean();
  expect(cases.map((c) => c.subjectId).sort()).toEqual([rm._id, adviser._id].sort());
  for (const reviewCase of cases) {
    const variables = Object.fromEntries((await stack.engine.processVariables([reviewCase.processInstanceId!])).map((v) => [v.name, v.value]));
    const person = reviewCase.subjectId === rm._id ? rm : adviser;
    expect(Object.keys(variables)).toEqual(expect.arrayContaining(START_VARIABLE_NAMES));
    expect(variables).toMatchObject({ caseId: reviewCase._id, cycle, subjectId: person._id, subjectType: 'person', managerId: person.managerId, unitId: person.unitId, startedBy: hr.id });
  }

  // The worker resolves each manager; the manager finds the nomination in their inbox.
  for (const [subject, managerName] of [[rm, 'cb.head'], [adviser, 'wm.head']] as const) {
    const manager = await HttpUser.signIn(stack.baseUrl, managerName);
    expect(manager.id).toBe(subject.managerId);
    const caseId = cases.find((c) => c.subjectId === subject._id)!._id;
    await eventually(`${managerName}'s nomination of ${subject._id}`, () => manager.taskFor(caseId, 'nominate'), 60_000);
  }

  // Launching again skips both: a stopped launch is resumed this way.
  const again = await hr.post(`/api/flows/${personFlow}/launches`, body);
  expect(again.body).toMatchObject({ total: 2, skipped: 2 });
  expect(await finished(hr, again.body.launchId)).toMatchObject({ started: 0, skipped: 2, failed: [] });
}, 120_000);

test('a copy of the review that names no starters (deployed before flows named them) still serves the review routes, not the launcher', async () => {
  const shipped = readFileSync(join(__dirname, '..', '..', 'processes', 'performance-review.bpmn'), 'utf8');
  const legacy = shipped.replace(' camunda:candidateStarterGroups="hr,process-owner,admin"', '');
  expect(legacy).not.toBe(shipped);
  await stack.engine.deployNew(`launcher-legacy-${cycle}`, { name: 'performance-review.bpmn', content: legacy });
  try {
    expect((await hr.get('/api/flows')).body.map((f: { key: string }) => f.key)).not.toContain('performance-review');
    expect((await hr.post('/api/flows/performance-review/launches/dry-run', { cycle, unitIds: ['CB'] })).status).toBe(404);
    const dry = await hr.post(`/api/cycles/${cycle}/launches/dry-run`, { unitIds: ['CB'] });
    expect(dry.status).toBe(200);
    expect(dry.body.cases).toBeGreaterThan(0);
  } finally {
    // Later test files share the engine: the shipped review goes back on top.
    await stack.engine.deployNew(`launcher-restore-${cycle}`, { name: 'performance-review.bpmn', content: shipped });
  }
});

test('a launch whose server stopped is resumed: the same scope again, skipping what it started', async () => {
  const [rm, adviser, colleague] = await Promise.all([personId('cb.rm01'), personId('wm.adviser01'), personId('cb.rm02')]);
  const [definition] = await stack.engine.processDefinitions(personFlow, 1);
  const stoppedId = '00000000-0000-4000-8000-00000000f10a';
  const long = new Date(Date.now() - 10 * 60_000);
  await CycleLaunchModel.create({
    _id: stoppedId, cycle, unitIds: null, subjectIds: [rm._id, adviser._id, colleague._id], subjectType: 'person', processKey: personFlow, processName: 'Launcher test nomination',
    processDefinitionId: definition!.id, processVersion: definition!.version, total: 3, started: 2, skipped: 0, failed: [], withoutApprover: [], notStarted: [],
    status: 'running', startedBy: hr.id, startedAt: long, updatedAt: long,
  });
  expect((await hr.get(`/api/launches/${stoppedId}`)).body.status).toBe('interrupted');
  // Who may not start the flow does not learn the launch exists; who may resumes it.
  expect((await owner.post(`/api/launches/${stoppedId}/resume`, {})).status).toBe(404);
  const resumed = await hr.post(`/api/launches/${stoppedId}/resume`, {});
  expect(resumed.status).toBe(202);
  expect(resumed.body).toMatchObject({ total: 3, skipped: 2, resumes: stoppedId });
  expect(await finished(hr, resumed.body.launchId)).toMatchObject({ status: 'finished', started: 1, skipped: 2, resumes: stoppedId, subjectIds: [rm._id, adviser._id, colleague._id] });
  expect(await ReviewCaseModel.countDocuments({ cycle, processKey: personFlow })).toBe(3);
  // A finished launch has nothing to resume.
  expect((await hr.post(`/api/launches/${resumed.body.launchId}/resume`, {})).status).toBe(409);
  expect((await hr.post('/api/launches/00000000-0000-4000-8000-000000000000/resume', {})).status).toBe(404);
});

test('a finished launch\'s failures are retried, just them, and two retries at once start each case once', async () => {
  const [rm, failedA, failedB] = await Promise.all([personId('cb.rm01'), personId('cb.rm04'), personId('wm.adviser02')]);
  const [definition] = await stack.engine.processDefinitions(personFlow, 1);
  const finishedId = '00000000-0000-4000-8000-00000000f10b';
  const at = new Date(Date.now() - 60_000);
  // The engine refused two starts; cb.rm01's case exists (it started in an earlier test).
  await CycleLaunchModel.create({
    _id: finishedId, cycle, unitIds: null, subjectIds: [rm._id, failedA._id, failedB._id], subjectType: 'person', processKey: personFlow, processName: 'Launcher test nomination',
    processDefinitionId: definition!.id, processVersion: definition!.version, total: 3, started: 1, skipped: 0,
    failed: [{ subjectId: failedA._id, reason: 'engine 500' }, { subjectId: failedB._id, reason: 'engine 500' }], withoutApprover: [], notStarted: [],
    status: 'finished', startedBy: hr.id, startedAt: at, updatedAt: at, finishedAt: at,
  });
  const before = await ReviewCaseModel.countDocuments({ cycle, processKey: personFlow });
  // Who may not start the flow does not learn the launch exists.
  expect((await owner.post(`/api/launches/${finishedId}/retry`, {})).status).toBe(404);
  // A double click (or two HR officers): one retry runs, the other is told it is running or finds nothing left to start.
  const [first, second] = await Promise.all([hr.post(`/api/launches/${finishedId}/retry`, {}), hr.post(`/api/launches/${finishedId}/retry`, {})]);
  const accepted = [first, second].filter((r) => r.status === 202);
  expect(accepted.length).toBeGreaterThanOrEqual(1);
  for (const r of [first, second]) expect([202, 409]).toContain(r.status);
  for (const r of accepted) expect(r.body).toMatchObject({ total: 2, resumes: finishedId });
  const results = await Promise.all(accepted.map((r) => finished(hr, r.body.launchId)));
  for (const result of results) expect(result).toMatchObject({ status: 'finished', failed: [], subjectIds: [failedA._id, failedB._id] });
  expect(results.reduce((sum, r) => sum + (r.started as number), 0)).toBe(2);
  expect(await ReviewCaseModel.countDocuments({ cycle, processKey: personFlow })).toBe(before + 2);
  for (const subject of [failedA, failedB]) expect(await ReviewCaseModel.countDocuments({ cycle, processKey: personFlow, subjectId: subject._id })).toBe(1);
  // Once more: everything exists, nothing starts twice.
  const again = await hr.post(`/api/launches/${finishedId}/retry`, {});
  expect(again.status).toBe(202);
  expect(await finished(hr, again.body.launchId)).toMatchObject({ started: 0, skipped: 2, failed: [] });
  expect(await ReviewCaseModel.countDocuments({ cycle, processKey: personFlow })).toBe(before + 2);
  // A launch that started every case has nothing to retry; one still running is not retried.
  const none = await hr.post(`/api/launches/${again.body.launchId}/retry`, {});
  expect(withoutText(none.body)).toEqual({ error: 'this launch started every case: nothing to retry' });
  expect(none.status).toBe(409);
});

test('a unit flow starts one case per named unit, the unit head as its manager, for the person the diagram names', async () => {
  // An employee with no launching role, named in the diagram: they may start this flow and nothing else.
  const starter = await HttpUser.signIn(stack.baseUrl, 'cb.rm03');
  await deploy(unitFlow, unitReviewFlow(unitFlow, starter.id));
  const starterFlows = (await starter.get('/api/flows')).body as Array<{ key: string }>;
  expect(starterFlows).toContainEqual({ key: unitFlow, name: 'Launcher test unit review', version: 1, subjectType: 'unit' });
  // None of the shipped ones (an engine kept between runs may hold this file's unit flows of earlier runs).
  expect(starterFlows.filter((f) => !f.key.startsWith('lf-unit-'))).toEqual([]);
  expect((await hr.get('/api/flows')).body.map((f: { key: string }) => f.key)).not.toContain(unitFlow);
  expect((await hr.post(`/api/flows/${unitFlow}/launches/dry-run`, { cycle, unitIds: ['CB'] })).status).toBe(404);

  expect((await starter.post(`/api/flows/${unitFlow}/launches/dry-run`, { cycle, subjectIds: [starter.id] })).body.problems)
    .toEqual([expect.objectContaining({ field: 'subjectIds', code: 'unit-flow' }), expect.objectContaining({ field: 'unitIds', code: 'required' })]);
  const launch = await starter.post(`/api/flows/${unitFlow}/launches`, { cycle, unitIds: ['CB', 'WM'] });
  expect(launch.status).toBe(202);
  expect(await finished(starter, launch.body.launchId)).toMatchObject({ status: 'finished', subjectType: 'unit', started: 2, unitIds: ['CB', 'WM'], startedBy: starter.id });
  const head = await HttpUser.signIn(stack.baseUrl, 'cb.head');
  const caseId = `${cycle}:CB:${unitFlow}`;
  await eventually('the CB head\'s unit review', () => head.taskFor(caseId, 'unitReview'), 30_000);
  const reviewCase = (await ReviewCaseModel.findById(caseId).lean())!;
  const variables = Object.fromEntries((await stack.engine.processVariables([reviewCase.processInstanceId!])).map((v) => [v.name, v.value]));
  expect(variables).toMatchObject({ subjectId: 'CB', subjectType: 'unit', unitId: 'CB', managerId: head.id, startedBy: starter.id });

  // The launch page lists their own launches only; HR's launches of this cycle stay HR's.
  const page = await starter.get<string>('/cycles/launch');
  expect(page.status).toBe(200);
  expect(page.body).toContain('Launcher test unit review v1');
  expect(page.body).not.toContain('Launcher test nomination');
  const hrLaunch = (await CycleLaunchModel.findOne({ cycle, startedBy: hr.id }, { _id: 1 }).lean())!;
  expect((await starter.get(`/api/launches/${hrLaunch._id}`)).status).toBe(403);
}, 120_000);

// Person ids are checked by one pattern (src/domain/ids.ts). The launcher refused "j.doe" as "not an
// id", and the case and award routes answered 404 for a dotted person's case and award.
test('a person whose id has a dot, as the bank\'s files name them, gets cases: their ids and business keys carry the dot', async () => {
  const dottedCycle = uniqueCycle('dotted');
  const template = (await PersonModel.findOne({ username: 'cb.rm01' }).lean())!;
  const id = `j.doe.${Date.now().toString(36)}`;
  await PersonModel.create({ ...template, _id: id, username: `${id}.login`, email: `${id}@demo-bank.example`, roles: [] });

  // The owner's flow: launched, its case `<cycle>:j.doe…:<flow>` is the engine's business key, the worker finds the manager.
  const launch = await hr.post(`/api/flows/${personFlow}/launches`, { cycle: dottedCycle, subjectIds: [id] });
  expect([launch.status, launch.body.problems ?? null]).toEqual([202, null]);
  expect(await finished(hr, launch.body.launchId)).toMatchObject({ status: 'finished', started: 1, failed: [] });
  const flowCaseId = `${dottedCycle}:${id}:${personFlow}`;
  const flowCase = (await ReviewCaseModel.findById(flowCaseId).lean())!;
  expect(flowCase).toMatchObject({ subjectId: id, processKey: personFlow });
  expect((await stack.engine.processInstance(flowCase.processInstanceId!)).businessKey).toBe(flowCaseId);
  const manager = await HttpUser.signIn(stack.baseUrl, 'cb.head');
  expect(manager.id).toBe(template.managerId);
  await eventually('the nomination of the dotted person', () => manager.taskFor(flowCaseId, 'nominate'), 60_000);

  // Their review: `<cycle>:j.doe…`, read by HR at /api/cases/:caseId.
  expect((await hr.post(`/api/cycles/${dottedCycle}/reviews`, { employeeIds: [id] })).status).toBe(201);
  const reviewCaseId = `${dottedCycle}:${id}`;
  const reviewCase = (await ReviewCaseModel.findById(reviewCaseId).lean())!;
  expect((await stack.engine.processInstance(reviewCase.processInstanceId!)).businessKey).toBe(reviewCaseId);
  const read = await hr.get(`/api/cases/${encodeURIComponent(reviewCaseId)}`);
  expect([read.status, read.body.case?._id, read.body.subject?._id]).toEqual([200, reviewCaseId, id]);

  // Their award, as the bonus flow writes it (id `<cycle>:j.doe…`), read by HR.
  await AwardModel.create({
    _id: awardId(dottedCycle, id), cycle: dottedCycle, personId: id, unitId: 'CB', caseId: `${dottedCycle}:CB:bonus-approval`, currency: 'CNY', rating: 'B', amountMinor: 100,
    status: 'scheduled', explanation: {}, policyVersions: {}, tranches: [], lineage: [],
  });
  const award = await hr.get(`/api/awards/${dottedCycle}/${encodeURIComponent(id)}`);
  expect([award.status, award.body.award?.personId]).toEqual([200, id]);
  await CycleLaunchModel.deleteMany({ cycle: dottedCycle });
}, 120_000);
