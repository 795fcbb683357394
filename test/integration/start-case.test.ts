import { ReviewCaseModel } from '../../src/db/models/review-case';
import { startCase, type CaseStart } from '../../src/platform/cases/start-case';
import { smallFlow, uniqueFlowKey } from '../support/small-flow';
import { startTestStack, uniqueCycle, type TestStack } from '../support/stack';

/**
 * Starting a case on the real engine and store: a new case starts one instance; starting it again
 * starts none; a start that died after the engine started the instance and before the case recorded
 * it is completed with that instance, not a second one. A new case skips the engine's lookup by
 * business key (start-case.ts), so the last two are what keep that shortcut honest.
 */
let stack: TestStack;
const flowKey = uniqueFlowKey('start-case');
const cycle = uniqueCycle('start-case');

beforeAll(async () => {
  stack = await startTestStack();
  await stack.engine.deploy(`${flowKey}.bpmn`, [{ name: `${flowKey}.bpmn`, content: smallFlow(flowKey, [{ id: 'step', name: 'Step', candidateGroups: 'hr' }]) }]);
});

afterAll(async () => {
  await stack?.close();
});

const start = (subjectId: string): CaseStart => ({
  processKey: flowKey, cycle, subjectId, subjectType: 'person', managerId: 'nobody', formVersions: {}, policyVersions: {}, actor: 'hr.test',
});
const instancesOf = (caseId: string) => stack.engine.processInstancesByBusinessKey(flowKey, caseId);

test('a new case starts one instance, and starting it again starts none', async () => {
  const first = await startCase(stack.engine, start('subject-a'));
  expect(first.started).toBe(true);
  const running = await instancesOf(first.caseId);
  expect(running).toHaveLength(1);
  expect(first.reviewCase).toMatchObject({ processInstanceId: running[0]!.id, status: 'running' });

  const again = await startCase(stack.engine, start('subject-a'));
  expect(again).toMatchObject({ caseId: first.caseId, started: false });
  expect(await instancesOf(first.caseId)).toHaveLength(1);
});

test('a start interrupted before the case recorded its instance is finished with that instance', async () => {
  const first = await startCase(stack.engine, start('subject-b'));
  // As if the server had died between the engine's start and the case's update.
  await ReviewCaseModel.updateOne({ _id: first.caseId }, { $set: { status: 'starting' }, $unset: { processInstanceId: 1 } });

  const resumed = await startCase(stack.engine, start('subject-b'));
  const running = await instancesOf(first.caseId);
  expect(running).toHaveLength(1);
  expect(resumed.started).toBe(false);
  expect(await ReviewCaseModel.findById(first.caseId).lean()).toMatchObject({ processInstanceId: running[0]!.id, status: 'running' });
});
