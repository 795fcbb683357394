import type { ChildProcess } from 'node:child_process';
import { NotificationModel } from '../../src/db/models/notification';
import { caseIdFor, ReviewCaseModel } from '../../src/db/models/review-case';
import { HttpUser } from '../support/http-user';
import { openTask, submit } from '../support/review-driver';
import { eventually, startTestStack, startWorker, stopWorker, uniqueCycle, type TestStack } from '../support/stack';
import { uniqueFlowKey } from '../support/small-flow';

/**
 * A process owner builds a new flow with no TypeScript, only the API calls the modeler, the form
 * builder and the decision editor make: a promotion nomination. The manager nominates with a
 * proposed raise; HR and risk sign off in parallel; a return from either goes back to the manager;
 * the compensation committee is asked only when the raise is above the amount in a decision table;
 * the person is told at the end by the generic notification block. HR starts it for two people.
 */
let stack: TestStack;
let worker: ChildProcess | undefined;
let owner: HttpUser;
let hr: HttpUser;
let risk: HttpUser;
let committee: HttpUser;
let manager: HttpUser;
let above: HttpUser;
let below: HttpUser;

const flowKey = uniqueFlowKey('promotion');
const formKey = (name: string) => `${flowKey}-${name}`;
const tableKey = `${flowKey}-committee`;
const versionVariable = `dmnVersion_${tableKey.replace(/-/g, '_')}`;
const THRESHOLD = 50000;

const radio = (key: string, label: string, variable: string, values: string[]) => ({
  type: 'radio', key, label, input: true, validate: { required: true },
  values: values.map((value) => ({ value, label: value === 'approve' ? 'Approve' : 'Return to the manager' })),
  properties: { processVariable: variable },
});
const comment = { type: 'textarea', key: 'comment', label: 'Comment', input: true };
const submitButton = { type: 'button', key: 'submit', label: 'Submit', action: 'submit', input: true };

const FORMS: Record<string, Record<string, unknown>> = {
  nomination: {
    title: 'Promotion nomination', display: 'form', components: [
      { type: 'textfield', key: 'proposedTitle', label: 'Proposed title', input: true, validate: { required: true } },
      { type: 'number', key: 'raiseAmount', label: 'Proposed raise (CNY a year)', input: true, decimalLimit: 0, validate: { required: true, min: 0 }, properties: { processVariable: 'raiseAmount' } },
      { type: 'textarea', key: 'justification', label: 'Why', input: true, validate: { required: true } },
      submitButton,
    ],
  },
  'hr-signoff': { title: 'HR sign-off', display: 'form', components: [radio('decision', 'Decision', 'hrDecision', ['approve', 'return']), comment, submitButton] },
  'risk-signoff': { title: 'Risk sign-off', display: 'form', components: [radio('decision', 'Decision', 'riskDecision', ['approve', 'return']), comment, submitButton] },
  committee: { title: 'Committee decision', display: 'form', components: [radio('decision', 'Decision', 'committeeDecision', ['approve', 'return']), comment, submitButton] },
};

function decisionTable(threshold: number): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="${tableKey}-definitions" name="Promotion committee" namespace="https://meritflow.example/test">
  <decision id="${tableKey}" name="Is the committee asked about a promotion raise?">
    <decisionTable id="committeeTable" hitPolicy="UNIQUE">
      <input id="raiseInput" label="Proposed raise (CNY a year)">
        <inputExpression id="raiseExpression" typeRef="double"><text>raiseAmount</text></inputExpression>
      </input>
      <output id="committeeOutput" label="Committee asked" name="committeeRequired" typeRef="boolean" />
      <rule id="aboveThreshold"><inputEntry id="aboveIn"><text>&gt; ${threshold}</text></inputEntry><outputEntry id="aboveOut"><text>true</text></outputEntry></rule>
      <rule id="upToThreshold"><inputEntry id="upToIn"><text>&lt;= ${threshold}</text></inputEntry><outputEntry id="upToOut"><text>false</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>
`;
}

/** The diagram's sequence flows: id, source, target, and for a gateway's branch its condition and label. */
const FLOWS: Array<[string, string, string, string?, string?]> = [
  ['toFirstNomination', 'started', 'toManager'], ['toNominate', 'toManager', 'nominate'], ['toSignOffs', 'nominate', 'signOffs'],
  ['toHr', 'signOffs', 'hrSignoff'], ['toRisk', 'signOffs', 'riskSignoff'], ['fromHr', 'hrSignoff', 'signedOff'], ['fromRisk', 'riskSignoff', 'signedOff'],
  ['toAnyReturn', 'signedOff', 'anyReturn'],
  ['signOffReturned', 'anyReturn', 'toManager', "${hrDecision == 'return' || riskDecision == 'return'}", 'Returned'],
  ['noReturn', 'anyReturn', 'committeeNeeded', undefined, 'Both approve'],
  ['toCommitteeRoute', 'committeeNeeded', 'committeeRoute'],
  ['toCommittee', 'committeeRoute', 'committeeDecision', '${committeeRequired}', "Above the table's amount"],
  ['noCommittee', 'committeeRoute', 'approved', undefined, 'Within it'],
  ['toCommitteeOutcome', 'committeeDecision', 'committeeOutcome'],
  ['committeeReturned', 'committeeOutcome', 'toManager', "${committeeDecision == 'return'}", 'Returned'],
  ['committeeApproved', 'committeeOutcome', 'approved', undefined, 'Approved'],
  ['toTell', 'approved', 'tellSubject'], ['toEnd', 'tellSubject', 'finished'],
];

/** The diagram as the modeler saves it (without the drawing, which the engine does not need). */
function promotionFlow(): string {
  const flow = (id: string, source: string, target: string, condition?: string, name?: string) =>
    `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}"${name ? ` name="${name}"` : ''}>${condition ? `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression>` : ''}</bpmn:sequenceFlow>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="${flowKey}-definitions" targetNamespace="https://meritflow.example/owner">
  <bpmn:process id="${flowKey}" name="Promotion nomination" isExecutable="true" camunda:historyTimeToLive="P3650D" camunda:candidateStarterGroups="hr">
    <bpmn:startEvent id="started" name="Nomination opened" />
    <bpmn:exclusiveGateway id="toManager" name="To the manager" />
    <bpmn:userTask id="nominate" name="Nominate" camunda:formKey="formio:${formKey('nomination')}" camunda:assignee="\${managerId}" />
    <bpmn:parallelGateway id="signOffs" name="Sign-offs" />
    <bpmn:userTask id="hrSignoff" name="HR sign-off" camunda:formKey="formio:${formKey('hr-signoff')}" camunda:candidateGroups="hr" />
    <bpmn:userTask id="riskSignoff" name="Risk sign-off" camunda:formKey="formio:${formKey('risk-signoff')}" camunda:candidateGroups="risk-officer" />
    <bpmn:parallelGateway id="signedOff" name="Both signed" />
    <bpmn:exclusiveGateway id="anyReturn" name="Returned?" default="noReturn" />
    <bpmn:businessRuleTask id="committeeNeeded" name="Committee needed?" camunda:decisionRef="${tableKey}" camunda:decisionRefBinding="version" camunda:decisionRefVersion="\${${versionVariable}}" camunda:resultVariable="committeeRequired" camunda:mapDecisionResult="singleEntry" />
    <bpmn:exclusiveGateway id="committeeRoute" name="Committee?" default="noCommittee" />
    <bpmn:userTask id="committeeDecision" name="Committee decision" camunda:formKey="formio:${formKey('committee')}" camunda:candidateGroups="comp-committee" />
    <bpmn:exclusiveGateway id="committeeOutcome" name="Committee outcome" default="committeeApproved" />
    <bpmn:exclusiveGateway id="approved" name="Approved" />
    <bpmn:serviceTask id="tellSubject" name="Tell the person" camunda:type="external" camunda:topic="notify.subject" />
    <bpmn:endEvent id="finished" name="Nomination decided" />
    ${FLOWS.map(([id, source, target, condition, name]) => flow(id, source, target, condition, name)).join('\n    ')}
  </bpmn:process>
</bpmn:definitions>
`.replace(/<bpmn:(\w+) id="(\w+)"([^>]*?) \/>/g, (whole, type: string, id: string, attributes: string) => {
    // Each node lists its flows, as the modeler writes them.
    if (type === 'sequenceFlow') return whole;
    return `<bpmn:${type} id="${id}"${attributes}>${incomingOutgoing(id)}</bpmn:${type}>`;
  });
}

function incomingOutgoing(id: string): string {
  return [...FLOWS.filter((f) => f[2] === id).map((f) => `<bpmn:incoming>${f[0]}</bpmn:incoming>`), ...FLOWS.filter((f) => f[1] === id).map((f) => `<bpmn:outgoing>${f[0]}</bpmn:outgoing>`)].join('');
}

async function claimAndSubmit(user: HttpUser, caseId: string, step: string, data: Record<string, unknown>): Promise<void> {
  const id = await eventually(`${step} offered to ${user.username}`, () => user.taskFor(caseId, step));
  const claimed = await user.post(`/api/tasks/${id}/claim`, {});
  expect(claimed.status).toBe(200);
  await submit(user, id, data);
}

async function finished(caseId: string): Promise<boolean> {
  const instances = await stack.engine.processInstancesByBusinessKey(flowKey, caseId);
  return instances.length === 0;
}

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('owner-builds-a-flow');
  [owner, hr, risk, committee, manager, above, below] = await HttpUser.signInAll(stack.baseUrl, ['owner', 'hr', 'risk.officer', 'ceo', 'wm.head', 'wm.adviser01', 'wm.adviser02']);
});

afterAll(async () => {
  await stopWorker(worker);
  await stack?.close();
});

describe('a process owner builds a promotion nomination flow without code', () => {
  test('the forms, the table and the flow are saved and deployed through the owner\'s API', async () => {
    for (const [name, schema] of Object.entries(FORMS)) {
      const saved = await owner.post(`/api/forms/${formKey(name)}/versions`, { schema });
      expect({ name, status: saved.status, body: saved.body }).toEqual({ name, status: 201, body: expect.objectContaining({ version: 1 }) });
    }
    const table = await owner.post(`/api/decisions/${tableKey}/drafts`, { xml: decisionTable(THRESHOLD), note: 'committee above CNY 50,000' });
    expect(table.status).toBe(201);
    expect((await owner.post(`/api/decisions/${tableKey}/deployments`, { version: table.body.version })).status).toBe(201);

    const draft = await owner.post(`/api/processes/${flowKey}/drafts`, { xml: promotionFlow(), note: 'first version' });
    expect({ status: draft.status, problems: draft.body.problems }).toEqual({ status: 201, problems: undefined });
    expect((await owner.post(`/api/processes/${flowKey}/deployments`, { version: draft.body.version })).status).toBe(201);
  });

  test('a gateway naming a variable nothing upstream produces is refused before it is saved', async () => {
    const broken = promotionFlow().replace('${committeeRequired}', '${poolMinor &gt; 50000000}');
    const refused = await owner.post(`/api/processes/${flowKey}/drafts`, { xml: broken });
    expect(refused.status).toBe(400);
    expect(refused.body.problems).toEqual([expect.objectContaining({ field: 'xml#toCommittee', code: 'variable-unknown', message: expect.stringContaining('poolMinor') })]);
  });

  test('a form mapping that does not match its component is refused with the field named', async () => {
    const bad = { title: 'Bad', display: 'form', components: [{ type: 'datagrid', key: 'rows', label: 'Rows', input: true, components: [{ type: 'number', key: 'amount', label: 'Amount', input: true, properties: { processVariable: 'amount' } }] }] };
    const refused = await owner.post(`/api/forms/${formKey('bad')}/versions`, { schema: bad });
    expect(refused.status).toBe(400);
    expect(refused.body.problems).toEqual([expect.objectContaining({ code: 'variable-in-rows', field: 'components.amount.properties.processVariable' })]);
  });

  test('only the diagram\'s starters may start it: the process owner is not one', async () => {
    const refused = await owner.post(`/api/flows/${flowKey}/launches`, { cycle: 'promo-x', subjectIds: [above.id] });
    expect(refused.status).toBe(404);
  });

  test('HR starts it for two people; the raise above the table\'s amount goes to the committee, the other does not; a return goes back to the manager', async () => {
    const cycle = uniqueCycle('promo');
    const launch = await hr.post(`/api/flows/${flowKey}/launches`, { cycle, subjectIds: [above.id, below.id] });
    expect(launch.status).toBe(202);
    await eventually('the launch to finish', async () => {
      const progress = await hr.get(`/api/launches/${launch.body.launchId}`);
      return progress.body.status === 'finished' && progress.body;
    });
    const [aboveCase, belowCase] = [caseIdFor(flowKey, cycle, above.id), caseIdFor(flowKey, cycle, below.id)];

    // The manager nominates both; HR returns the larger one once.
    const nominate = async (caseId: string, raiseAmount: number) => {
      const { id, view } = await openTask(manager, caseId, 'nominate');
      expect(JSON.stringify(view)).toContain('Proposed raise');
      await submit(manager, id, { proposedTitle: 'Senior Wealth Adviser', raiseAmount, justification: 'Top client outcomes with a clean risk record.' });
    };
    await nominate(aboveCase, 80000);
    await nominate(belowCase, 20000);
    await claimAndSubmit(hr, aboveCase, 'hrSignoff', { decision: 'return', comment: 'Attach the client-satisfaction figures.' });
    await claimAndSubmit(risk, aboveCase, 'riskSignoff', { decision: 'approve' });
    // Back with the manager, who nominates again; both sign off again.
    await nominate(aboveCase, 80000);
    for (const caseId of [aboveCase, belowCase]) {
      await claimAndSubmit(hr, caseId, 'hrSignoff', { decision: 'approve' });
      await claimAndSubmit(risk, caseId, 'riskSignoff', { decision: 'approve' });
    }

    // Only the case above the table's amount reaches the committee.
    await claimAndSubmit(committee, aboveCase, 'committeeDecision', { decision: 'approve', comment: 'Agreed.' });
    await eventually('both cases to finish', async () => (await finished(aboveCase)) && (await finished(belowCase)));
    const stepsOf = async (caseId: string) => {
      const instance = (await ReviewCaseModel.findById(caseId, { processInstanceId: 1 }).lean())!.processInstanceId!;
      return (await stack.engine.historicTasksOfProcess(instance)).map((t) => t.taskDefinitionKey).sort();
    };
    expect(await stepsOf(aboveCase)).toEqual(['committeeDecision', 'hrSignoff', 'hrSignoff', 'nominate', 'nominate', 'riskSignoff', 'riskSignoff']);
    expect(await stepsOf(belowCase)).toEqual(['hrSignoff', 'nominate', 'riskSignoff']);
    const asked = await NotificationModel.find({ caseId: { $in: [aboveCase, belowCase] } }).lean();
    expect(asked.map((n) => [n.recipientId, n.kind]).sort()).toEqual([[above.id, 'flow.finished'], [below.id, 'flow.finished']].sort());
  });

  test('a choice outside the form\'s list is refused and the task stays open', async () => {
    const cycle = uniqueCycle('promo-bad');
    const launch = await hr.post(`/api/flows/${flowKey}/launches`, { cycle, subjectIds: [below.id] });
    expect(launch.status).toBe(202);
    const caseId = caseIdFor(flowKey, cycle, below.id);
    const { id } = await openTask(manager, caseId, 'nominate');
    await submit(manager, id, { proposedTitle: 'Adviser II', raiseAmount: 1000, justification: 'Steady.' });
    const task = await eventually('HR sign-off offered', () => hr.taskFor(caseId, 'hrSignoff'));
    expect((await hr.post(`/api/tasks/${task}/claim`, {})).status).toBe(200);
    const refused = await hr.post(`/api/tasks/${task}/submission`, { data: { decision: 'escalate' } });
    expect(refused.status).toBe(400);
    expect(await hr.taskFor(caseId, 'hrSignoff')).toBe(task);
  });
});
