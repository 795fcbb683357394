import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { DecisionDeploymentModel } from '../../src/db/models/decision-deployment';
import { DecisionVersionModel } from '../../src/db/models/decision-version';
import { ReviewCaseModel } from '../../src/db/models/review-case';
import { decisionVersionVariable } from '../../src/domain/decision-pins';
import { startCase } from '../../src/platform/cases/start-case';
import { raiseTable } from '../support/decision-table';
import { HttpUser } from '../support/http-user';
import { engineDeployments } from '../support/modeler-writes';
import { uniqueFlowKey } from '../support/small-flow';
import { eventually, startTestStack, uniqueCycle, type TestStack } from '../support/stack';

/**
 * Decision tables through /api/decisions against the real engine and store, on a table and a flow of
 * this file's own: the lint refusing what is not a table or overlaps where UNIQUE forbids it, versions,
 * deploy and roll back, and a case pinning the version in force when it started — a second, edited
 * version changes the cases started after it and not one already running.
 */
let stack: TestStack;
let owner: HttpUser;
const key = uniqueFlowKey('dt-raise');
const flowKey = uniqueFlowKey('dt-flow');
const cycle = uniqueCycle('dt');

/** start → a user task (the nomination) → the business rule task, bound to the pinned version → a user task. */
function flowWithDecision(processKey: string, decisionKey: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="${processKey}-definitions" targetNamespace="https://meritflow.example/test">
  <bpmn:process id="${processKey}" name="Decision test flow" isExecutable="true" camunda:historyTimeToLive="P30D">
    <bpmn:startEvent id="started" name="Started"><bpmn:outgoing>a</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="nominate" name="Nominate" camunda:formKey="formio:check-in" camunda:candidateGroups="hr"><bpmn:incoming>a</bpmn:incoming><bpmn:outgoing>b</bpmn:outgoing></bpmn:userTask>
    <bpmn:businessRuleTask id="committeeRule" name="Committee?" camunda:decisionRef="${decisionKey}" camunda:decisionRefBinding="version" camunda:decisionRefVersion="\${${decisionVersionVariable(decisionKey)}}" camunda:mapDecisionResult="singleEntry" camunda:resultVariable="committee"><bpmn:incoming>b</bpmn:incoming><bpmn:outgoing>c</bpmn:outgoing></bpmn:businessRuleTask>
    <bpmn:userTask id="decided" name="Decided" camunda:formKey="formio:check-in" camunda:candidateGroups="hr"><bpmn:incoming>c</bpmn:incoming><bpmn:outgoing>d</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="finished" name="Finished"><bpmn:incoming>d</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="a" sourceRef="started" targetRef="nominate" />
    <bpmn:sequenceFlow id="b" sourceRef="nominate" targetRef="committeeRule" />
    <bpmn:sequenceFlow id="c" sourceRef="committeeRule" targetRef="decided" />
    <bpmn:sequenceFlow id="d" sourceRef="decided" targetRef="finished" />
  </bpmn:process>
</bpmn:definitions>
`;
}

async function decisionWrites(): Promise<Record<string, number>> {
  return {
    versions: await DecisionVersionModel.countDocuments({}),
    deployments: await DecisionDeploymentModel.countDocuments({}),
    audits: await AuditEntryModel.countDocuments({ action: { $in: ['decision.version-saved', 'decision.deployed', 'decision.rolled-back'] } }),
    engineDeployments: await engineDeployments(),
  };
}

beforeAll(async () => {
  stack = await startTestStack();
  owner = await HttpUser.signIn(stack.baseUrl, 'owner');
});

afterAll(async () => {
  await stack?.close();
});

test('the shipped bonus approval table is a version in the store and deployed', async () => {
  const list = await owner.get('/api/decisions');
  expect(list.status).toBe(200);
  const chain = list.body.decisions.find((d: { key: string }) => d.key === 'bonus-approval-chain');
  expect(chain).toEqual(expect.objectContaining({ name: 'Bonus approval chain', latestVersion: expect.any(Number), deployedVersion: expect.any(Number) }));
  const versions = await owner.get('/api/decisions/bonus-approval-chain/versions');
  expect(versions.body.versions.find((v: { version: number }) => v.version === chain.deployedVersion)).toEqual(expect.objectContaining({ origin: 'shipped', deployed: true }));
  const xml = await owner.get(`/api/decisions/bonus-approval-chain/versions/${chain.deployedVersion}/xml`);
  expect(xml.body.xml).toContain('hitPolicy="RULE ORDER"');
});

test('a table that is not one, or whose rules overlap where UNIQUE forbids it, is refused with the reasons, and nothing is written', async () => {
  const before = await decisionWrites();
  const refused = async (xml: string) => {
    const response = await owner.post(`/api/decisions/${key}/drafts`, { xml });
    expect(response.status).toBe(400);
    return response.body.problems.map((p: { code: string }) => p.code);
  };
  expect(await refused('<definitions><notDmn/>')).toEqual(['not-dmn']);
  expect(await refused(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]>${raiseTable(key, 100).replace(/^<\?xml[^>]*>/, '')}`)).toEqual(['doctype']);
  expect(await refused(raiseTable('another-key', 100))).toEqual(['decision-id']);
  // ¥100 is both "<= 100" and ">= 100".
  const overlapping = raiseTable(key, 100, '<rule id="exactly"><inputEntry id="exactly-in"><text>&gt;= 100</text></inputEntry><outputEntry id="exactly-out"><text>true</text></outputEntry></rule>');
  const overlap = await owner.post(`/api/decisions/${key}/drafts`, { xml: overlapping });
  expect(overlap.body.problems).toEqual([
    expect.objectContaining({ code: 'overlap', field: 'xml#exactly', message: expect.stringContaining('rules 1 (small) and 3 (exactly) both match') }),
    expect.objectContaining({ code: 'overlap', field: 'xml#exactly', message: expect.stringContaining('rules 2 (large) and 3 (exactly)') }),
  ]);
  expect(await refused(raiseTable(key, 100).replace('&lt;= 100', '"low"'))).toEqual(['entry-type']);
  expect(await owner.post(`/api/decisions/${key}/drafts`, { xml: raiseTable(key, 100), extra: 1 })).toMatchObject({ status: 400 });
  expect((await owner.get(`/api/decisions/${key}/versions`)).status).toBe(404);
  expect(await decisionWrites()).toEqual(before);
});

test('only process owners and admins use the decisions API', async () => {
  const employee = await HttpUser.signIn(stack.baseUrl, 'cb.rm04');
  expect((await employee.get('/api/decisions')).status).toBe(403);
  expect((await employee.post(`/api/decisions/${key}/drafts`, { xml: raiseTable(key, 100) })).status).toBe(403);
  expect((await employee.post('/api/decisions/bonus-approval-chain/deployments', { version: 1 })).status).toBe(403);
});

test('a case pins the version in force when it starts: an edited, deployed version changes later cases only; a roll back is a deployment', async () => {
  const v1 = await owner.post(`/api/decisions/${key}/drafts`, { xml: raiseTable(key, 100), note: 'committee above 100' });
  expect(v1.status).toBe(201);
  expect(v1.body).toMatchObject({ key, version: 1, created: true, warnings: [] });
  expect((await owner.post(`/api/decisions/${key}/drafts`, { xml: raiseTable(key, 100) })).body).toMatchObject({ version: 1, created: false });
  const deployed1 = await owner.post(`/api/decisions/${key}/deployments`, { version: 1 });
  expect(deployed1.status).toBe(201);
  expect(deployed1.body).toMatchObject({ key, version: 1, kind: 'deploy', engineVersion: 1, decisionDefinitionId: expect.any(String) });
  expect((await owner.post(`/api/decisions/${key}/deployments`, { version: 1 })).status).toBe(409);

  // The flow, deployed as an owner deploys one.
  const flow = await owner.post(`/api/processes/${flowKey}/drafts`, { xml: flowWithDecision(flowKey, key) });
  expect(flow.status).toBe(201);
  expect((await owner.post(`/api/processes/${flowKey}/deployments`, { version: flow.body.version })).status).toBe(201);
  const start = (subjectId: string) => startCase(stack.engine, {
    processKey: flowKey, cycle, subjectId, subjectType: 'person', managerId: 'nobody', formVersions: {}, policyVersions: {}, actor: owner.id,
  });

  const early = await start('early');
  expect(early.reviewCase.decisionVersions).toEqual({ [key]: 1 });

  const v2 = await owner.post(`/api/decisions/${key}/drafts`, { xml: raiseTable(key, 1000), note: 'committee above 1000' });
  expect(v2.body).toMatchObject({ version: 2, created: true });
  expect((await owner.post(`/api/decisions/${key}/deployments`, { version: 2 })).body).toMatchObject({ version: 2, engineVersion: 2 });
  const late = await start('late');
  expect((await ReviewCaseModel.findById(late.caseId).lean())!.decisionVersions).toEqual({ [key]: 2 });

  // Both propose a raise of 500: above the first table's 100, below the second's 1000.
  const committeeOf = async (caseId: string) => {
    const { processInstanceId } = (await ReviewCaseModel.findById(caseId).lean())!;
    const [nomination] = await stack.engine.tasksOfProcess(processInstanceId!);
    await stack.engine.completeTask(nomination!.id, { raiseMinor: 500 });
    return eventually(`committee of ${caseId}`, async () => {
      const variable = (await stack.engine.processVariables([processInstanceId!])).find((v) => v.name === 'committee');
      return variable ? { committee: variable.value } : undefined;
    });
  };
  expect(await committeeOf(early.caseId)).toEqual({ committee: true });
  expect(await committeeOf(late.caseId)).toEqual({ committee: false });

  const versions = await owner.get(`/api/decisions/${key}/versions`);
  expect(versions.body.versions.map((v: { version: number; origin: string; note: string; deployed: boolean }) => [v.version, v.origin, v.note, v.deployed])).toEqual([
    [2, 'owner', 'committee above 1000', true], [1, 'owner', 'committee above 100', false],
  ]);
  const rollback = await owner.post(`/api/decisions/${key}/deployments`, { version: 1 });
  expect(rollback.body).toMatchObject({ version: 1, kind: 'rollback', engineVersion: 3 });
  expect((await owner.get('/api/decisions')).body.decisions.find((d: { key: string }) => d.key === key)).toMatchObject({ latestVersion: 2, deployedVersion: 1, engineVersion: 3 });
  const audits = (await AuditEntryModel.find({ 'details.key': key }, { action: 1 }).sort({ _id: 1 }).lean()).map((e) => e.action);
  expect(audits).toEqual(['decision.version-saved', 'decision.deployed', 'decision.version-saved', 'decision.deployed', 'decision.rolled-back']);
}, 120_000);
